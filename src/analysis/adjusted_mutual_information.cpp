#include "analysis/adjusted_mutual_information.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace mtw::analysis {

namespace {

struct Contingency {
    std::map<int, double> rowCount, columnCount; // marginals a_i, b_j by label
    std::vector<double> rows, columns; // the same, in label order
    std::map<std::pair<int, int>, double> cells; // n_ij > 0
    double n = 0;
};

Contingency contingency(const std::vector<int>& a, const std::vector<int>& b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("mutual information: the labelings have different lengths");
    Contingency table;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] < 0 || b[i] < 0)
            throw std::invalid_argument("mutual information: labels must be >= 0");
        table.rowCount[a[i]] += 1;
        table.columnCount[b[i]] += 1;
        table.cells[{ a[i], b[i] }] += 1;
    }
    for (const auto& [label, count] : table.rowCount)
        table.rows.push_back(count);
    for (const auto& [label, count] : table.columnCount)
        table.columns.push_back(count);
    table.n = static_cast<double>(a.size());
    return table;
}

double entropy(const std::vector<double>& counts, double n)
{
    double h = 0;
    for (const double c : counts)
        h -= c / n * std::log(c / n);
    return h;
}

} // namespace

double mutualInformation(const std::vector<int>& a, const std::vector<int>& b)
{
    const Contingency t = contingency(a, b);
    double mi = 0;
    for (const auto& [cell, nij] : t.cells)
        mi += nij / t.n * std::log(t.n * nij / (t.rowCount.at(cell.first) * t.columnCount.at(cell.second)));
    return std::max(0.0, mi);
}

double expectedMutualInformation(const std::vector<int>& a, const std::vector<int>& b)
{
    const Contingency t = contingency(a, b);
    const double n = t.n;
    double emi = 0;
    for (const double ai : t.rows)
        for (const double bj : t.columns) {
            const double low = std::max(1.0, ai + bj - n), high = std::min(ai, bj);
            // log of ai! bj! (n - ai)! (n - bj)! / n!, the part of the hypergeometric term without n_ij
            const double common = std::lgamma(ai + 1) + std::lgamma(bj + 1) + std::lgamma(n - ai + 1)
                + std::lgamma(n - bj + 1) - std::lgamma(n + 1);
            for (double nij = low; nij <= high; nij += 1) {
                const double logProbability = common - std::lgamma(nij + 1) - std::lgamma(ai - nij + 1)
                    - std::lgamma(bj - nij + 1) - std::lgamma(n - ai - bj + nij + 1);
                emi += nij / n * std::log(n * nij / (ai * bj)) * std::exp(logProbability);
            }
        }
    return emi;
}

double adjustedMutualInformation(const std::vector<int>& a, const std::vector<int>& b)
{
    const Contingency t = contingency(a, b);
    if (t.rows.size() <= 1 && t.columns.size() <= 1)
        return 1.0; // both trivial: identical partitions
    const double mi = mutualInformation(a, b);
    const double emi = expectedMutualInformation(a, b);
    const double normalizer = 0.5 * (entropy(t.rows, t.n) + entropy(t.columns, t.n));
    double denominator = normalizer - emi;
    const double eps = std::numeric_limits<double>::epsilon();
    denominator = denominator < 0 ? std::min(denominator, -eps) : std::max(denominator, eps);
    return (mi - emi) / denominator;
}

} // namespace mtw::analysis

#include "mtl/solvers/affinity_propagation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::mtl::solvers {

namespace {

double median(std::vector<double> values)
{
    const std::size_t n = values.size();
    std::sort(values.begin(), values.end());
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// Every point joins its most similar exemplar; an exemplar labels itself.
std::vector<int> assign(const Eigen::MatrixXd& S, const std::vector<int>& exemplars)
{
    const int n = static_cast<int>(S.rows());
    std::vector<int> labels(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
        double best = -std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < exemplars.size(); ++k)
            if (S(i, exemplars[k]) > best) {
                best = S(i, exemplars[k]);
                labels[static_cast<std::size_t>(i)] = static_cast<int>(k);
            }
    }
    for (std::size_t k = 0; k < exemplars.size(); ++k)
        labels[static_cast<std::size_t>(exemplars[k])] = static_cast<int>(k);
    return labels;
}

} // namespace

std::optional<std::vector<int>> affinityPropagation(
    const Eigen::MatrixXd& similarity, const AffinityPropagationOptions& options, core::Rng& rng)
{
    const Eigen::Index n = similarity.rows();
    if (n == 0)
        return std::vector<int> {};
    if (n == 1)
        return std::vector<int> { 0 };
    Eigen::MatrixXd S = similarity;
    const double preference
        = options.preference ? *options.preference : median(std::vector<double>(S.data(), S.data() + S.size()));
    S.diagonal().setConstant(preference);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < n; ++k)
            S(i, k) += (std::numeric_limits<double>::epsilon() * S(i, k) + 100 * std::numeric_limits<double>::min())
                * rng.normal();

    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n), A = Eigen::MatrixXd::Zero(n, n);
    const double d = options.damping;
    std::vector<std::vector<bool>> history(static_cast<std::size_t>(options.convergenceIterations));
    std::vector<bool> exemplar(static_cast<std::size_t>(n), false);
    bool converged = false;
    for (int it = 0; it < options.maxIterations; ++it) {
        for (Eigen::Index i = 0; i < n; ++i) {
            // Largest and second-largest a(i,k) + s(i,k) over k.
            Eigen::Index top = 0;
            double first = -std::numeric_limits<double>::infinity(), second = first;
            for (Eigen::Index k = 0; k < n; ++k) {
                const double v = A(i, k) + S(i, k);
                if (v > first) {
                    second = first;
                    first = v;
                    top = k;
                } else if (v > second) {
                    second = v;
                }
            }
            for (Eigen::Index k = 0; k < n; ++k)
                R(i, k) = d * R(i, k) + (1 - d) * (S(i, k) - (k == top ? second : first));
        }
        for (Eigen::Index k = 0; k < n; ++k) {
            double positive = R(k, k);
            for (Eigen::Index i = 0; i < n; ++i)
                if (i != k)
                    positive += std::max(0.0, R(i, k));
            for (Eigen::Index i = 0; i < n; ++i) {
                const double value = i == k ? positive - R(k, k) : std::min(0.0, positive - std::max(0.0, R(i, k)));
                A(i, k) = d * A(i, k) + (1 - d) * value;
            }
        }
        int exemplars = 0;
        for (Eigen::Index k = 0; k < n; ++k) {
            exemplar[static_cast<std::size_t>(k)] = A(k, k) + R(k, k) > 0;
            exemplars += exemplar[static_cast<std::size_t>(k)] ? 1 : 0;
        }
        history[static_cast<std::size_t>(it % options.convergenceIterations)] = exemplar;
        if (it >= options.convergenceIterations) {
            bool stable = true;
            for (std::size_t k = 0; k < exemplar.size() && stable; ++k)
                for (const std::vector<bool>& past : history)
                    stable = stable && past[k] == exemplar[k];
            if (stable && exemplars > 0) {
                converged = true;
                break;
            }
        }
    }
    if (!converged)
        return std::nullopt;

    std::vector<int> exemplars;
    for (Eigen::Index k = 0; k < n; ++k)
        if (exemplar[static_cast<std::size_t>(k)])
            exemplars.push_back(static_cast<int>(k));
    std::vector<int> labels = assign(S, exemplars);
    // Refine: each cluster's exemplar becomes the member most similar to the rest of it.
    for (std::size_t c = 0; c < exemplars.size(); ++c) {
        double best = -std::numeric_limits<double>::infinity();
        for (Eigen::Index j = 0; j < n; ++j) {
            if (labels[static_cast<std::size_t>(j)] != static_cast<int>(c))
                continue;
            double total = 0;
            for (Eigen::Index i = 0; i < n; ++i)
                if (labels[static_cast<std::size_t>(i)] == static_cast<int>(c))
                    total += S(i, j);
            if (total > best) {
                best = total;
                exemplars[c] = static_cast<int>(j);
            }
        }
    }
    labels = assign(S, exemplars);
    // Number clusters by their exemplar's index (scikit-learn's unique/searchsorted relabelling).
    std::vector<int> order(exemplars.size());
    for (std::size_t c = 0; c < order.size(); ++c)
        order[c] = static_cast<int>(c);
    std::sort(order.begin(), order.end(),
        [&](int a, int b) { return exemplars[static_cast<std::size_t>(a)] < exemplars[static_cast<std::size_t>(b)]; });
    std::vector<int> rank(exemplars.size());
    for (std::size_t r = 0; r < order.size(); ++r)
        rank[static_cast<std::size_t>(order[r])] = static_cast<int>(r);
    for (int& label : labels)
        label = rank[static_cast<std::size_t>(label)];
    return labels;
}

} // namespace mtw::mtl::solvers

#include "engine/run_series.h"

#include "engine/read_only_database.h"
#include "engine/run_reader.h"
#include "engine/run_store.h"
#include "engine/stored_conflict.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace {

const std::string cosineWithPrefix = "cosine_with.";
const std::string layerCosineMeanPrefix = "layer_cosine_mean.";
const std::string ckaMeanSeries = "cka_mean";
const std::string slowdownPrefix = "slowdown.";

// One value per step, computed by SQL, for the series SQL aggregates can express.
const std::map<std::string, const char*>& sqlSeries()
{
    static const std::map<std::string, const char*> queries {
        { "conflict_fraction",
            "SELECT conflict_fraction FROM steps WHERE conflict_fraction IS NOT NULL ORDER BY step" },
        { "direction_norm", "SELECT direction_norm FROM steps WHERE direction_norm IS NOT NULL ORDER BY step" },
        { "slowdown", "SELECT AVG(slowdown) FROM task_steps GROUP BY step HAVING COUNT(slowdown) > 0 ORDER BY step" },
        { "grad_norm_ratio",
            "SELECT MAX(grad_norm) / MIN(grad_norm) FROM task_steps GROUP BY step"
            " HAVING COUNT(grad_norm) = COUNT(*) AND MIN(grad_norm) > 0 ORDER BY step" },
    };
    return queries;
}

// Entropy of |w| normalised, one pass over the rows in (step, task) order.
std::vector<double> weightEntropy(ReadOnlyDatabase& db)
{
    Statement rows(db, "SELECT step, weight FROM task_steps ORDER BY step, task");
    std::vector<double> values, weights;
    long long step = -1;
    bool complete = true;
    const auto flush = [&] {
        double total = 0;
        for (double w : weights)
            total += std::abs(w);
        if (complete && !weights.empty() && total > 0) {
            double entropy = 0;
            for (double w : weights) {
                const double p = std::abs(w) / total;
                entropy -= p > 0 ? p * std::log(p) : 0.0;
            }
            values.push_back(entropy);
        }
        weights.clear();
        complete = true;
    };
    while (rows.next()) {
        if (rows.integer(0) != step && step != -1)
            flush();
        step = rows.integer(0);
        if (rows.isNull(1))
            complete = false;
        else
            weights.push_back(rows.real(1));
    }
    if (step != -1)
        flush();
    return values;
}

// Mean of the pairwise (i < j) cosines of each stored matrix, one matrix at a time; with `task`
// >= 0, the mean of that task's cosines with every other task (row `task`, j != task).
// `kind` picks the matrices: the whole network's cosines, a layer's or the heads' CKA.
std::vector<double> cosineMean(ReadOnlyDatabase& db, long long task = -1, const std::string& kind = "cosine")
{
    Statement rows(db, "SELECT step, rows, cols, data FROM matrices WHERE kind = ?1 ORDER BY step");
    rows.bind(1, kind);
    std::vector<double> values;
    while (rows.next()) {
        const long long step = rows.integer(0), height = rows.integer(1), cols = rows.integer(2);
        const nlohmann::json data = nlohmann::json::parse(rows.text(3), nullptr, false);
        // The store writes T x T values; a damaged size must not drive the pair loops below (a
        // 2 x 100000 header on 4 values looped over 10^10 pairs). Compared by division: no overflow.
        const std::size_t size = data.is_array() ? data.size() : 0;
        const bool square = data.is_array() && height == cols && cols >= 0
            && (cols == 0 ? size == 0
                          : static_cast<std::size_t>(cols) <= size / static_cast<std::size_t>(cols)
                        && static_cast<std::size_t>(cols) * static_cast<std::size_t>(cols) == size);
        if (!square)
            throw RunStoreError("'" + db.path() + "' is damaged or not a run database: the " + kind + " matrix of step "
                + std::to_string(step) + " is malformed (" + std::to_string(height) + " x " + std::to_string(cols)
                + " with " + (data.is_array() ? std::to_string(size) + " values)" : "no array of values)"));
        if (cols < 2)
            continue;
        double sum = 0;
        int count = 0;
        for (long long i = 0; i < cols; ++i)
            for (long long j = 0; j < cols; ++j) {
                if (task >= 0 ? i != task || j == i : j <= i)
                    continue;
                const std::size_t k = static_cast<std::size_t>(i * cols + j);
                if (k < data.size() && data[k].is_number()) {
                    sum += data[k].get<double>();
                    ++count;
                }
            }
        if (count > 0)
            values.push_back(sum / count);
    }
    return values;
}

std::optional<int> tailPercent(const std::string& statistic)
{
    if (statistic.size() < 5 || statistic.compare(0, 4, "tail") != 0)
        return std::nullopt;
    int k = 0;
    const char* first = statistic.data() + 4;
    const char* last = statistic.data() + statistic.size();
    const auto [end, error] = std::from_chars(first, last, k);
    if (error != std::errc() || end != last || k < 1 || k > 100)
        return std::nullopt;
    return k;
}

} // namespace

const std::vector<std::string>& RunSeries::fixedSeries()
{
    static const std::vector<std::string> names { "conflict_fraction", "cosine_mean", "direction_norm",
        "grad_norm_ratio", "slowdown", "weight_entropy" };
    return names;
}

std::string RunSeries::describe(const std::string& series)
{
    static const std::map<std::string, std::string> descriptions {
        { "conflict_fraction", "fraction of task-gradient pairs with negative cosine" },
        { "cosine_mean", "mean pairwise cosine of the task gradients (stored matrices)" },
        { "direction_norm", "norm of the update direction |d|" },
        { "grad_norm_ratio", "max/min task-gradient norm" },
        { "slowdown", "mean over tasks of <g_t, d> / |g_t|^2" },
        { "weight_entropy", "entropy (nats) of |task weights| normalised to sum 1" },
    };
    const auto it = descriptions.find(series);
    if (it != descriptions.end())
        return it->second;
    if (series.rfind(cosineWithPrefix, 0) == 0)
        return "mean cosine of " + series.substr(cosineWithPrefix.size())
            + "'s gradient with each other task's (stored matrices)";
    if (series.rfind(layerCosineMeanPrefix, 0) == 0)
        return "mean pairwise cosine of the task gradients over shared layer "
            + series.substr(layerCosineMeanPrefix.size()) + "'s parameters (stored matrices)";
    if (series == ckaMeanSeries)
        return "mean pairwise linear CKA of the task heads' representations (stored matrices)";
    if (series.rfind(slowdownPrefix, 0) == 0)
        return "first-order slow-down r_t = <g_t, d> / |g_t|^2 of " + series.substr(slowdownPrefix.size());
    return "method-specific extra '" + series.substr(series.find('.') + 1) + "'";
}

RunSeries::RunSeries(std::string databasePath)
    : m_path(std::move(databasePath))
{
    ReadOnlyDatabase db(m_path);
    Statement present(db, "SELECT COUNT(conflict_fraction), COUNT(direction_norm) FROM steps");
    Statement perTask(db, "SELECT COUNT(slowdown), COUNT(grad_norm), COUNT(weight) FROM task_steps");
    Statement matrices(db, "SELECT COUNT(*) FROM matrices WHERE kind = 'cosine'");
    Statement extras(db, "SELECT DISTINCT name FROM extras WHERE value IS NOT NULL ORDER BY name");
    present.next();
    perTask.next();
    matrices.next();
    const std::map<std::string, bool> has { { "conflict_fraction", present.integer(0) > 0 },
        { "direction_norm", present.integer(1) > 0 }, { "slowdown", perTask.integer(0) > 0 },
        { "grad_norm_ratio", perTask.integer(1) > 0 }, { "weight_entropy", perTask.integer(2) > 0 },
        { "cosine_mean", matrices.integer(0) > 0 } };
    for (const std::string& name : fixedSeries())
        if (has.at(name))
            m_available.push_back(name);
    // Per task: the anchor study relates each task's conflict and slow-down to its transfer.
    m_tasks = readTaskNames(db);
    for (const std::string& task : m_tasks) {
        if (has.at("cosine_mean") && m_tasks.size() > 1)
            m_available.push_back(cosineWithPrefix + task);
        if (has.at("slowdown"))
            m_available.push_back(slowdownPrefix + task);
    }
    // Per shared layer (by its "L<k>") and the heads' CKA (network runs; snapshot.h's NamedMatrix).
    Statement layers(db, "SELECT DISTINCT kind FROM matrices WHERE kind LIKE 'cosine@%' OR kind = 'cka'");
    std::vector<std::string> layerSeries;
    while (layers.next()) {
        const std::string kind = layers.text(0);
        if (kind == ckaKind) {
            m_layerKinds[ckaMeanSeries] = kind;
            continue;
        }
        const std::string label = conflictKindTitle(kind); // "L2 Linear 54": the series takes "L2"
        const std::string series = layerCosineMeanPrefix + label.substr(0, label.find(' '));
        m_layerKinds[series] = kind;
        layerSeries.push_back(series);
    }
    std::sort(layerSeries.begin(), layerSeries.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b; // L2 before L10
    });
    m_available.insert(m_available.end(), layerSeries.begin(), layerSeries.end());
    if (m_layerKinds.count(ckaMeanSeries))
        m_available.push_back(ckaMeanSeries);
    while (extras.next())
        m_available.push_back("extra." + extras.text(0));
}

std::vector<double> RunSeries::values(const std::string& series) const
{
    ReadOnlyDatabase db(m_path);
    if (series == "weight_entropy")
        return weightEntropy(db);
    if (series == "cosine_mean")
        return cosineMean(db);
    if (const auto layer = m_layerKinds.find(series); layer != m_layerKinds.end())
        return cosineMean(db, -1, layer->second);
    std::vector<double> values;
    const auto taskOf = [this, &series](const std::string& prefix) {
        const auto it = std::find(m_tasks.begin(), m_tasks.end(), series.substr(prefix.size()));
        if (it == m_tasks.end())
            throw RunStoreError(
                "unknown series '" + series + "' (the run has no task '" + series.substr(prefix.size()) + "')");
        return static_cast<long long>(it - m_tasks.begin());
    };
    if (series.rfind(cosineWithPrefix, 0) == 0)
        return cosineMean(db, taskOf(cosineWithPrefix));
    if (series.rfind(slowdownPrefix, 0) == 0) {
        Statement rows(db, "SELECT slowdown FROM task_steps WHERE task = ?1 AND slowdown IS NOT NULL ORDER BY step");
        rows.bind(1, taskOf(slowdownPrefix));
        while (rows.next())
            values.push_back(rows.real(0));
        return values;
    }
    const auto query = sqlSeries().find(series);
    if (query != sqlSeries().end()) {
        Statement rows(db, query->second);
        while (rows.next())
            if (!rows.isNull(0))
                values.push_back(rows.real(0));
        return values;
    }
    if (series.compare(0, 6, "extra.") != 0)
        throw RunStoreError("unknown series '" + series + "'");
    Statement rows(db, "SELECT value FROM extras WHERE name = ?1 AND value IS NOT NULL ORDER BY step");
    rows.bind(1, series.substr(6));
    while (rows.next())
        values.push_back(rows.real(0));
    return values;
}

bool RunSeries::isStatistic(const std::string& statistic)
{
    return statistic == "mean" || statistic == "last" || tailPercent(statistic).has_value();
}

std::optional<double> RunSeries::summarize(
    const std::vector<double>& values, const std::string& statistic, std::string& reason)
{
    if (!isStatistic(statistic)) {
        reason = "unknown statistic '" + statistic + "' (mean, last or tail<k> with 1 <= k <= 100)";
        return std::nullopt;
    }
    if (values.empty()) {
        reason = "no recorded values";
        return std::nullopt;
    }
    if (statistic == "last")
        return values.back();
    std::size_t count = values.size();
    if (const std::optional<int> k = tailPercent(statistic))
        count = std::max<std::size_t>(1, (static_cast<std::size_t>(*k) * values.size() + 99) / 100);
    double sum = 0;
    for (std::size_t i = values.size() - count; i < values.size(); ++i)
        sum += values[i];
    return sum / static_cast<double>(count);
}

} // namespace mtw::engine

#include "engine/run_quantities.h"

#include "engine/experiment.h"
#include "engine/read_only_database.h"
#include "engine/run_notes.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace {

using nlohmann::json;

// Every leaf of the experiment document under its dotted key path.
void flatten(const json& node, const std::string& path, std::vector<std::pair<std::string, QuantityValue>>& leaves)
{
    if (node.is_object()) {
        for (const auto& [key, child] : node.items())
            flatten(child, path.empty() ? key : path + "." + key, leaves);
    } else if (node.is_boolean()) {
        leaves.emplace_back(path, QuantityValue::ofNumber(node.get<bool>() ? 1.0 : 0.0));
    } else if (node.is_number()) {
        leaves.emplace_back(path, QuantityValue::ofNumber(node.get<double>()));
    } else if (node.is_string()) {
        leaves.emplace_back(path, QuantityValue::ofText(node.get<std::string>()));
    } else {
        leaves.emplace_back(path, QuantityValue::ofText(node.dump())); // arrays: "[32,16]"
    }
}

} // namespace

std::vector<std::pair<std::string, QuantityValue>> experimentSettings(const Experiment& experiment)
{
    std::vector<std::pair<std::string, QuantityValue>> leaves;
    flatten(json::parse(experimentToJsonText(experiment)), "", leaves);
    leaves.erase(std::remove_if(leaves.begin(), leaves.end(), [](const auto& leaf) { return leaf.first == "schema"; }),
        leaves.end());
    return leaves;
}

RunQuantities::RunQuantities(const std::string& directory)
    : m_record(readRun(directory))
    , m_series(directory + "/run.sqlite")
{
    addAxes();
    addOutcomes();
}

void RunQuantities::add(const std::string& name, QuantityValue value, std::string description)
{
    m_values[name] = std::move(value);
    m_descriptions[name] = std::move(description);
}

void RunQuantities::addAxes()
{
    for (auto& [name, value] : experimentSettings(m_record.experiment)) {
        const bool text = value.kind == QuantityKind::Text;
        add(name, std::move(value), text ? "experiment setting (text: for --group-by)" : "experiment setting");
    }
}

namespace {

// The tasks a run trains: its problem's, except under fixed weights, which train those with a
// non-zero weight (single-task baselines one, the pair and group runs of pairwise transfer and
// task grouping their own).
std::size_t trainedTaskCount(const Experiment& experiment, std::size_t problemTasks)
{
    if (experiment.method != "fixed")
        return problemTasks;
    const auto it = experiment.methodParams.find("weights");
    const auto* weights = it == experiment.methodParams.end() ? nullptr : std::get_if<std::vector<double>>(&it->second);
    if (!weights || weights->size() != problemTasks)
        return problemTasks;
    return static_cast<std::size_t>(std::count_if(weights->begin(), weights->end(), [](double w) { return w != 0; }));
}

} // namespace

void RunQuantities::addOutcomes()
{
    add("status", QuantityValue::ofText(m_record.status.empty() ? "unknown" : m_record.status),
        "finished, stopped, failed or unknown (no summary.json: running or killed)");
    // The researcher's tags (run_notes.h), comma-separated in sorted order: a grouping.
    std::string tags;
    try {
        for (const std::string& tag : readRunNotes(m_record.directory).tags)
            tags += (tags.empty() ? "" : ",") + tag;
    } catch (const std::exception&) {
        // An unreadable notes.json leaves the run untagged; `mtw-cli notes` reports the reason.
    }
    add("tags", QuantityValue::ofText(tags), "the run's tags (notes.json), comma-separated: for --group-by");

    // The training losses of the last recorded step (one row per task).
    const std::size_t tasks = m_record.taskNames.size();
    add("task_count", QuantityValue::ofNumber(static_cast<double>(trainedTaskCount(m_record.experiment, tasks))),
        "number of tasks T the run trains together (Ni et al.'s aggregation size)");
    {
        ReadOnlyDatabase db(m_record.directory + "/run.sqlite");
        Statement rows(
            db, "SELECT task, loss FROM task_steps WHERE step = (SELECT MAX(step) FROM task_steps) ORDER BY task");
        double sum = 0;
        std::size_t count = 0;
        while (rows.next()) {
            const std::size_t t = static_cast<std::size_t>(rows.integer(0));
            if (t >= tasks || rows.isNull(1))
                continue;
            add("final.loss." + m_record.taskNames[t], QuantityValue::ofNumber(rows.real(1)),
                "training loss of task " + m_record.taskNames[t] + " at the last recorded step");
            sum += rows.real(1);
            ++count;
        }
        if (count == tasks && tasks > 0)
            add("final.loss.mean", QuantityValue::ofNumber(sum / static_cast<double>(tasks)),
                "mean over tasks of final.loss");
    }

    // The last evaluation of each split.
    for (problem::Split split : { problem::Split::Train, problem::Split::Validation, problem::Split::Test }) {
        const auto records = m_record.split(split);
        if (records.empty())
            continue;
        const EvaluationRecord& last = *records.back();
        const std::string prefix = std::string("final.") + splitName(split) + ".";
        const std::string where
            = std::string(" (") + splitName(split) + " split, step " + std::to_string(last.step) + ")";
        double sum = 0, metricSum = 0;
        bool allFinite = last.tasks.size() == tasks && tasks > 0;
        bool metricsFinite = allFinite;
        std::string metricNames; // "accuracy", or "accuracy/mse" for mixed tasks
        for (std::size_t t = 0; t < last.tasks.size() && t < tasks; ++t) {
            const problem::TaskEvaluation& e = last.tasks[t];
            const std::string& task = m_record.taskNames[t];
            if (std::isfinite(e.loss))
                add(prefix + "loss." + task, QuantityValue::ofNumber(e.loss), "last evaluated loss of " + task + where);
            allFinite = allFinite && std::isfinite(e.loss);
            sum += e.loss;
            metricsFinite = metricsFinite && std::isfinite(e.metric);
            metricSum += e.metric;
            if (metricNames.find(e.metricName) == std::string::npos)
                metricNames += (metricNames.empty() ? "" : "/") + e.metricName;
            if (std::isfinite(e.metric))
                add(prefix + "metric." + task, QuantityValue::ofNumber(e.metric),
                    "last evaluated " + e.metricName + " of " + task + where
                        + (e.higherIsBetter ? ", higher is better" : ""));
            for (const problem::MetricValue& more : e.moreMetrics)
                if (std::isfinite(more.value))
                    add(prefix + more.name + "." + task, QuantityValue::ofNumber(more.value),
                        "last evaluated " + more.name + " of " + task + where
                            + (more.higherIsBetter ? ", higher is better" : ""));
        }
        if (allFinite)
            add(prefix + "loss.mean", QuantityValue::ofNumber(sum / static_cast<double>(tasks)),
                "mean over tasks of the last evaluated loss" + where);
        if (metricsFinite)
            add(prefix + "metric.mean", QuantityValue::ofNumber(metricSum / static_cast<double>(tasks)),
                "mean over tasks of the last evaluated " + metricNames + where);
    }
}

std::vector<QuantityInfo> RunQuantities::list() const
{
    std::vector<QuantityInfo> infos;
    for (const auto& [name, value] : m_values)
        infos.push_back({ name, value.kind, m_descriptions.at(name), 1 });
    for (const std::string& series : m_series.available()) {
        const std::string what = RunSeries::describe(series);
        infos.push_back(
            { "series." + series + ".last", QuantityKind::Number, what + ": value at the last recorded step", 1 });
        infos.push_back(
            { "series." + series + ".mean", QuantityKind::Number, what + ": mean over the recorded steps", 1 });
        infos.push_back({ "series." + series + ".tail10", QuantityKind::Number,
            what + ": mean over the last 10% of the recorded steps (any tail<k>, 1 <= k <= 100)", 1 });
    }
    return infos;
}

QuantityValue RunQuantities::value(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it != m_values.end())
        return it->second;
    if (name.compare(0, 7, "series.") != 0 || name.rfind('.') <= 7)
        return QuantityValue::missing("the run has no quantity '" + name + "'");
    const std::size_t dot = name.rfind('.');
    const std::string series = name.substr(7, dot - 7), statistic = name.substr(dot + 1);
    const auto& available = m_series.available();
    if (std::find(available.begin(), available.end(), series) == available.end())
        return QuantityValue::missing("no series '" + series + "' recorded");
    std::string reason;
    std::optional<double> summary;
    {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        auto cached = m_seriesCache.find(series);
        if (cached == m_seriesCache.end())
            cached = m_seriesCache.emplace(series, m_series.values(series)).first;
        summary = RunSeries::summarize(cached->second, statistic, reason);
    }
    return summary ? QuantityValue::ofNumber(*summary) : QuantityValue::missing(reason);
}

} // namespace mtw::engine

#include "engine/study.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace mtw::engine {

namespace {

QuantityKind kindOf(const RunCollection& runs, const std::string& name)
{
    for (const QuantityInfo& info : runs.quantities())
        if (info.name == name)
            return info.kind;
    return QuantityKind::Number; // series.<s>.tail<k>, which are not listed one by one
}

} // namespace

std::string quantityText(const QuantityValue& value)
{
    if (value.kind == QuantityKind::Text)
        return value.text;
    std::ostringstream out;
    out.precision(12);
    out << value.number;
    return out.str();
}

StudyResult runStudy(const RunCollection& runs, const StudyOptions& options)
{
    StudyResult result;
    result.x = runs.resolve(options.x);
    result.y = runs.resolve(options.y);
    if (!options.groupBy.empty())
        result.groupBy = runs.resolve(options.groupBy);
    for (const std::string* axis : { &result.x, &result.y })
        if (kindOf(runs, *axis) == QuantityKind::Text)
            throw StudyError("'" + *axis + "' is text, not a number: use it with --group-by");

    for (const UnreadableRun& run : runs.unreadable())
        result.skipped.push_back({ run.directory, "cannot be read: " + run.reason });
    // group label -> (numeric key for ordering, whether numeric)
    std::map<std::string, std::pair<bool, double>> labels;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const std::string& directory = runs.run(i).directory();
        const QuantityValue x = runs.value(i, result.x), y = runs.value(i, result.y);
        QuantityValue group;
        if (!result.groupBy.empty())
            group = runs.value(i, result.groupBy);
        std::string reason;
        if (!x.available)
            reason = result.x + ": " + x.reason;
        else if (!y.available)
            reason = result.y + ": " + y.reason;
        else if (!result.groupBy.empty() && !group.available)
            reason = result.groupBy + ": " + group.reason;
        else if (!std::isfinite(x.number) || !std::isfinite(y.number))
            reason = "the value of " + (std::isfinite(x.number) ? result.y : result.x) + " is not finite";
        if (!reason.empty()) {
            result.skipped.push_back({ directory, reason });
            continue;
        }
        StudyPoint point { directory, x.number, y.number, result.groupBy.empty() ? "" : quantityText(group) };
        if (!result.groupBy.empty())
            labels[point.group] = { group.kind == QuantityKind::Number, group.number };
        result.points.push_back(std::move(point));
    }

    std::vector<std::string> order;
    for (const auto& [label, key] : labels)
        order.push_back(label);
    std::stable_sort(order.begin(), order.end(), [&labels](const std::string& a, const std::string& b) {
        const auto& ka = labels.at(a);
        const auto& kb = labels.at(b);
        return ka.first && kb.first ? ka.second < kb.second : a < b;
    });
    result.overall.label = "all";
    for (const StudyPoint& point : result.points) {
        result.overall.x.push_back(point.x);
        result.overall.y.push_back(point.y);
    }
    result.overall.statistics = analysis::correlate(result.overall.x, result.overall.y, options.bootstrap);
    for (const std::string& label : order) {
        StudyGroup group;
        group.label = label;
        for (const StudyPoint& point : result.points)
            if (point.group == label) {
                group.x.push_back(point.x);
                group.y.push_back(point.y);
            }
        group.statistics = analysis::correlate(group.x, group.y, options.bootstrap);
        result.groups.push_back(std::move(group));
    }
    return result;
}

} // namespace mtw::engine

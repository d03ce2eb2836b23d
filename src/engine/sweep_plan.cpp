#include "engine/sweep_plan.h"

#include "engine/experiment_error.h"
#include "engine/input_files.h"
#include "engine/object_reader.h"
#include "engine/strict_json.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace mtw::engine {

namespace {

using nlohmann::json;

struct SweepOverride {
    SweepValues when; // axis key -> value
    SweepValues set; // key path -> value
};

// The axes that move together: one dimension of the cross product.
struct Dimension {
    std::vector<std::size_t> axes;
    std::size_t size = 0;
};

std::vector<Dimension> dimensions(const std::vector<SweepAxis>& axes)
{
    std::vector<Dimension> result;
    std::map<std::string, std::size_t> groupOf;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        const SweepAxis& axis = axes[a];
        const std::string path = "sweep.axes[" + std::to_string(a) + "]";
        if (!axis.zip.empty() && groupOf.count(axis.zip)) {
            Dimension& d = result[groupOf[axis.zip]];
            if (axis.values.size() != d.size)
                throw ExperimentError(path + ".zip",
                    "axes of zip group '" + axis.zip
                        + "' must have equal lengths: " + std::to_string(axis.values.size()) + " values here, "
                        + std::to_string(d.size) + " in its first axis");
            d.axes.push_back(a);
            continue;
        }
        if (!axis.zip.empty())
            groupOf[axis.zip] = result.size();
        result.push_back({ { a }, axis.values.size() });
    }
    return result;
}

std::vector<SweepAxis> parseAxes(ObjectReader& sweep)
{
    const json* it = sweep.find(
        "axes", { "list of axes", "required", "the swept keys, combined as a cross product (`sweep.axes[]` below)" });
    if (!it || !it->is_array() || it->empty())
        throw ExperimentError("sweep.axes", "must be a non-empty list of axes");
    std::vector<SweepAxis> axes;
    std::set<std::string> keys;
    for (std::size_t a = 0; a < it->size(); ++a) {
        const std::string path = "sweep.axes[" + std::to_string(a) + "]";
        axes.push_back(parseSweepAxis((*it)[a], path));
        if (!keys.insert(axes.back().key).second)
            throw ExperimentError(path + ".key", "'" + axes.back().key + "' is swept by two axes");
    }
    // A key inside another swept key ("method" and "method.params.c") would depend on their order.
    for (const std::string& a : keys)
        for (const std::string& b : keys)
            if (a != b && b.rfind(a + ".", 0) == 0)
                throw ExperimentError(
                    "sweep.axes", "'" + b + "' lies inside the swept '" + a + "': sweep one or the other");
    return axes;
}

SweepValues keyValues(const json& object, const std::string& path)
{
    if (!object.is_object() || object.empty())
        throw ExperimentError(path, "must be a non-empty object of key paths and values");
    SweepValues values;
    for (auto it = object.begin(); it != object.end(); ++it)
        values.emplace_back(it.key(), it.value());
    return values;
}

std::vector<SweepOverride> parseOverrides(ObjectReader& sweep, const std::vector<SweepAxis>& axes)
{
    std::vector<SweepOverride> overrides;
    const json* it
        = sweep.find("overrides", { "list", "none", "keys set on the combinations whose axis values match `when`" });
    if (!it)
        return overrides;
    if (!it->is_array())
        throw ExperimentError("sweep.overrides", "must be a list of {\"when\": {...}, \"set\": {...}}");
    for (std::size_t o = 0; o < it->size(); ++o) {
        const json& node = (*it)[o];
        const std::string path = "sweep.overrides[" + std::to_string(o) + "]";
        if (!node.is_object())
            throw ExperimentError(path, "must be an object {\"when\": {...}, \"set\": {...}}");
        for (auto key = node.begin(); key != node.end(); ++key)
            if (key.key() != "when" && key.key() != "set")
                throw ExperimentError(path + "." + key.key(), "unknown key");
        ObjectReader r(node, path);
        const json* when
            = r.find("when", { "object", "required", "axis key paths and the values a combination must have" });
        const json* set
            = r.find("set", { "object", "required", "key paths and the values to set on those combinations" });
        if (!when || !set)
            throw ExperimentError(path, "needs \"when\" and \"set\"");
        SweepOverride entry { keyValues(*when, path + ".when"), keyValues(*set, path + ".set") };
        for (const auto& [key, value] : entry.when) {
            // An init-capture, not [&]: clang before 16 cannot capture a structured binding (the fuzz build).
            const auto axis
                = std::find_if(axes.begin(), axes.end(), [&name = key](const SweepAxis& a) { return a.key == name; });
            if (axis == axes.end())
                throw ExperimentError(path + ".when." + key, "is not a swept key");
            if (std::find(axis->values.begin(), axis->values.end(), value) == axis->values.end())
                throw ExperimentError(path + ".when." + key, "the axis never takes the value " + value.dump());
        }
        overrides.push_back(std::move(entry));
    }
    return overrides;
}

bool matches(const SweepOverride& entry, const SweepValues& values)
{
    for (const auto& [key, value] : entry.when) {
        const auto it
            = std::find_if(values.begin(), values.end(), [&name = key](const auto& v) { return v.first == name; });
        if (it == values.end() || it->second != value)
            return false;
    }
    return true;
}

} // namespace

std::string SweepCombination::describe() const
{
    std::string text;
    for (const auto& [key, value] : values)
        text += (text.empty() ? "" : ", ") + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    return text;
}

bool hasSweepBlock(const json& document)
{
    return document.is_object() && document.contains("sweep");
}

SweepPlan planSweep(const json& document, const SweepPlanOptions& options)
{
    if (!hasSweepBlock(document))
        throw ExperimentError("sweep", "the experiment has no sweep block (\"sweep\": {\"axes\": [...]})");
    const json& sweep = document["sweep"];
    if (!sweep.is_object())
        throw ExperimentError("sweep", "must be an object with \"axes\" (and optionally \"overrides\")");
    for (auto it = sweep.begin(); it != sweep.end(); ++it)
        if (it.key() != "axes" && it.key() != "overrides")
            throw ExperimentError("sweep." + it.key(), "unknown key");

    SweepPlan plan;
    plan.document = document;
    ObjectReader block(sweep, "sweep");
    plan.axes = parseAxes(block);
    const std::vector<SweepOverride> overrides = parseOverrides(block, plan.axes);
    const std::vector<Dimension> dims = dimensions(plan.axes);
    std::size_t total = 1;
    for (const Dimension& d : dims) {
        if (total > maxSweepCombinations / d.size)
            throw ExperimentError("sweep.axes", "more than " + std::to_string(maxSweepCombinations) + " combinations");
        total *= d.size;
    }

    json base = document;
    base.erase("sweep");
    plan.name = base.contains("name") && base["name"].is_string() ? base["name"].get<std::string>() : "experiment";
    std::map<std::string, std::size_t> nameToIndex;
    for (std::size_t index = 0; index < total; ++index) {
        // Row-major digits: the last dimension varies fastest.
        std::vector<std::size_t> choice(plan.axes.size());
        std::size_t rest = index;
        for (std::size_t d = dims.size(); d-- > 0;) {
            for (std::size_t a : dims[d].axes)
                choice[a] = rest % dims[d].size;
            rest /= dims[d].size;
        }
        SweepCombination combination;
        combination.index = index;
        json doc = base;
        for (std::size_t a = 0; a < plan.axes.size(); ++a) {
            const SweepAxis& axis = plan.axes[a];
            const json& value = axis.values[choice[a]];
            combination.values.emplace_back(axis.key, value);
            combination.name += (combination.name.empty() ? "" : "-") + axis.prefix + axis.labels[choice[a]];
            setAtKeyPath(doc, axis.key, value, "sweep.axes[" + std::to_string(a) + "].key");
        }
        for (std::size_t o = 0; o < overrides.size(); ++o)
            if (matches(overrides[o], combination.values))
                for (const auto& [key, value] : overrides[o].set)
                    setAtKeyPath(doc, key, value, "sweep.overrides[" + std::to_string(o) + "].set." + key);
        doc["name"] = plan.name + "-" + combination.name;
        if (const auto [it, inserted] = nameToIndex.emplace(combination.name, index); !inserted)
            throw ExperimentError("sweep.axes",
                "combinations " + std::to_string(it->second) + " and " + std::to_string(index) + " are both named '"
                    + combination.name + "': give the axes distinct \"labels\" or \"prefix\"");
        try {
            combination.experiment = experimentFromJsonText(doc.dump());
            makeInputPathsAbsolute(combination.experiment);
            if (options.checkInputs)
                checkExperimentInputs(combination.experiment);
        } catch (const ExperimentError& error) {
            throw ExperimentError("sweep combination " + std::to_string(index) + " '" + combination.name + "' ("
                    + combination.describe() + ")" + (error.path().empty() ? "" : ": " + error.path()),
                error.message());
        }
        plan.combinations.push_back(std::move(combination));
    }
    return plan;
}

SweepPlan planSweepFromText(const std::string& text, const SweepPlanOptions& options)
{
    return planSweep(parseStrictJson(text), options);
}

SweepPlan loadSweepPlan(const std::string& path, const SweepPlanOptions& options)
{
    const std::string text = readExperimentFile(path);
    try {
        return planSweepFromText(text, options);
    } catch (const ExperimentError& error) {
        throw ExperimentError(path + ": " + error.path(), error.message());
    }
}

} // namespace mtw::engine

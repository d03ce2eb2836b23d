#pragma once
// One axis of a sweep (engine/sweep_plan.h): a key path of the experiment document and the values
// it takes, each with the label it gets in the combination's name.
//
//   { "key": "method.name", "values": ["ew", "mgda", "nash_mtl"] }
//   { "key": "optimizer.lr", "log_range": { "from": 1e-4, "to": 1e-2, "count": 3 } }   1e-4 1e-3 1e-2
//   { "key": "method.params.c", "range": { "from": 0.1, "to": 0.5, "count": 3 } }     0.1 0.3 0.5
//   { "seeds": 3 }   or   { "seeds": { "count": 3, "from": 10 } }      training.seed 0 1 2 / 10 11 12
//   optional: "labels": [...] (one per value), "prefix": "lr" (what the labels follow in names;
//             by default defaultSweepPrefix, none for values that are all objects),
//             "zip": "group" (axes of one zip group move together; equal lengths)
//
// A value replaces the document's value at the key path (any JSON: a number, a list of tasks, a
// whole "method" object). Errors are ExperimentError at "sweep.axes[i]...".
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mtw::engine {

struct SweepAxis {
    std::string key; // "optimizer.lr"
    std::vector<nlohmann::json> values;
    std::vector<std::string> labels; // one per value, file-name safe ("1e-3", "0+1", "nash_mtl")
    std::string prefix; // before each label in the names ("lr", "s"; "" for names and types)
    std::string zip; // zip group, or empty
};

// Parses sweep.axes[index]; `path` is "sweep.axes[index]".
// The axis as sweep.json and `mtw-cli sweep plan --json` write it (key, values, labels, prefix, zip).
nlohmann::json sweepAxisToJson(const SweepAxis& axis);
SweepAxis parseSweepAxis(const nlohmann::json& node, const std::string& path);

// The automatic label of a value: strings as they are, numbers shortest ("0.5", "1e-3", "200"),
// lists joined by '+', an object by its "name" or "type" member; characters outside
// [A-Za-z0-9._+=-] become '_'. Empty when no label can be made (an object without a name).
std::string sweepValueLabel(const nlohmann::json& value);
// The prefix a key gets by default: "seed" -> "s", "name"/"type"/"architecture" -> "", else the
// key's last component ("optimizer.lr" -> "lr", "method.params.c" -> "c").
std::string defaultSweepPrefix(const std::string& key);

// The document's value at a dotted key path, or nullptr.
const nlohmann::json* valueAtKeyPath(const nlohmann::json& document, const std::string& key);
// Sets the value at a dotted key path, creating objects on the way; throws ExperimentError at
// `errorPath` when a component on the way is not an object.
void setAtKeyPath(
    nlohmann::json& document, const std::string& key, const nlohmann::json& value, const std::string& errorPath);

} // namespace mtw::engine

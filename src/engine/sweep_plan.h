#pragma once
// A sweep: an experiment file with a "sweep" block, expanded into one experiment per combination
// of its axes (engine/sweep_axis.h) before anything runs.
//
//   "sweep": {
//     "axes": [ { "key": "method.name", "values": ["ew", "nash_mtl"] },
//               { "key": "optimizer.lr", "log_range": { "from": 1e-4, "to": 1e-2, "count": 3 } },
//               { "seeds": 2 } ],
//     "overrides": [ { "when": { "method.name": "cagrad" }, "set": { "method.params.c": 0.4 } } ]
//   }
//
// Axes combine as a cross product; axes with the same "zip" group move together (equal lengths)
// and count as one dimension, placed where the group's first axis is. Combination indices are
// row-major over the dimensions in file order (the first one varies slowest), so an index and its
// name ("nash_mtl-lr1e-3-s1": the axes' prefixed labels joined by '-') are stable for a given
// file. Overrides set key paths on the combinations whose axis values equal every "when" entry,
// after the axis values. Every combination is parsed and validated as an experiment: an invalid
// one is reported with its index, name, axis values and the key path of the error.
#include "engine/experiment.h"
#include "engine/sweep_axis.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace mtw::engine {

using SweepValues = std::vector<std::pair<std::string, nlohmann::json>>; // key path -> value, axis order

struct SweepCombination {
    std::size_t index = 0;
    std::string name; // also the name of its run directory in the sweep directory
    SweepValues values;
    Experiment experiment; // input paths absolute; name "<experiment>-<combination>"

    // "method.name=nash_mtl, optimizer.lr=0.001"
    std::string describe() const;
};

struct SweepPlan {
    std::string name; // the experiment's name
    nlohmann::json document; // the experiment file as written, sweep block included
    std::vector<SweepAxis> axes;
    std::vector<SweepCombination> combinations;
};

struct SweepPlanOptions {
    bool checkInputs = true; // check the data files each combination names (checkExperimentInputs)
};

constexpr std::size_t maxSweepCombinations = 100000;

// Throws ExperimentError: at "sweep..." for the block itself, at
// "sweep combination 3 'cagrad-lr0.01' (method.name=cagrad, optimizer.lr=0.01): method.params.c"
// for an invalid combination, and at "sweep" when the file has no sweep block.
SweepPlan planSweep(const nlohmann::json& document, const SweepPlanOptions& options = {});
SweepPlan planSweepFromText(const std::string& text, const SweepPlanOptions& options = {});
SweepPlan loadSweepPlan(const std::string& path, const SweepPlanOptions& options = {}); // errors name the file

// True when the experiment document has a "sweep" block.
bool hasSweepBlock(const nlohmann::json& document);

} // namespace mtw::engine

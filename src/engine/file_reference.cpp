#include "engine/file_reference.h"

#include "engine/experiment.h"
#include "engine/strict_json.h"
#include "engine/sweep_plan.h"

#include <stdexcept>

namespace mtw::engine {

namespace {

// Every block of an experiment, each present so that its reader runs.
constexpr const char* everyBlock = R"({
  "problem": {"type": "cagrad_toy", "params": {}},
  "model": {},
  "method": {"name": "ew", "params": {}},
  "mode": {"name": "joint", "params": {}},
  "optimizer": {},
  "schedule": {},
  "training": {},
  "evaluation": {},
  "diagnostics": {"factors": {}}
})";

// Every kind of sweep axis (values, range, log_range, seeds as an object, zip, labels, prefix)
// and an override.
constexpr const char* everySweepAxis = R"({
  "problem": {"type": "cagrad_toy"},
  "sweep": {
    "axes": [
      {"key": "method.name", "values": ["ew", "mgda"], "labels": ["a", "b"], "prefix": "m", "zip": "z"},
      {"key": "optimizer.lr", "range": {"from": 0.1, "to": 0.2, "count": 2}, "zip": "z"},
      {"key": "schedule.gamma", "log_range": {"from": 0.1, "to": 0.5, "count": 2}},
      {"seeds": {"count": 2, "from": 1}}
    ],
    "overrides": [{"when": {"method.name": "mgda"}, "set": {"training.steps": 10}}]
  }
})";

void parse(const std::string& text)
{
    const nlohmann::json document = parseStrictJson(text);
    if (hasSweepBlock(document))
        planSweep(document, { .checkInputs = false });
    else
        experimentFromJsonText(text);
}

} // namespace

std::vector<KeyRecord> fileReferenceKeys(const std::vector<std::string>& files)
{
    KeyRecorder recorder;
    parse(everyBlock);
    parse(everySweepAxis);
    const std::size_t builtIn = recorder.keys().size();
    for (const std::string& file : files) {
        const std::string text = readExperimentFile(file);
        try {
            parse(text);
        } catch (const ExperimentError& error) {
            throw ExperimentError(file + ": " + error.path(), error.message());
        }
        if (recorder.keys().size() != builtIn)
            throw std::runtime_error(file + " reaches the key '" + recorder.keys()[builtIn].path
                + "' that the reference's built-in documents do not (src/engine/file_reference.cpp): add it there");
    }
    return recorder.keys();
}

} // namespace mtw::engine

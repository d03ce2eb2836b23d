#pragma once
// JSON parsing for the files a person writes (experiments), stricter and better located than a
// plain parse: a key given twice in one object is an error (a plain parse keeps the last value
// silently), and a syntax error or a number out of range (1e400) names the key path being read
// as well as the line and column.
#include <nlohmann/json.hpp>

#include <string>

namespace mtw::engine {

// Throws ExperimentError (engine/experiment_error.h).
nlohmann::json parseStrictJson(const std::string& text);

} // namespace mtw::engine

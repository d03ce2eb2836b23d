#pragma once
// Conversion between JSON values and schema parameter values, with errors naming the key path.
#include "core/parameter_schema.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace mtw::engine {

// JSON scalar/array -> ParameterValue (integers stay integers; arrays of numbers become lists).
// Throws ExperimentError(path) for objects, nulls, mixed arrays.
core::ParameterValue parameterFromJson(const nlohmann::json& value, const std::string& path);
nlohmann::json parameterToJson(const core::ParameterValue& value);

// Reads an object of parameters, checks each against the schema (unknown names, types, ranges)
// and returns the given map (defaults are not filled in).
std::map<std::string, core::ParameterValue> parametersFromJson(
    const nlohmann::json& object, const core::ParameterSchema& schema, const std::string& path);
nlohmann::json parametersToJson(const std::map<std::string, core::ParameterValue>& values);

} // namespace mtw::engine

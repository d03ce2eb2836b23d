#pragma once
// `--param name=value` arguments: the value is read as JSON (1e-3, true, [1, 2]) and, failing
// that, as a plain string; then checked against the schema like an experiment file's entry.
#include "core/parameter_schema.h"

#include <map>
#include <string>
#include <vector>

namespace mtw::cli {

// Throws engine::ExperimentError naming the argument.
std::map<std::string, core::ParameterValue> parseParameterArguments(
    const std::vector<std::string>& arguments, const core::ParameterSchema& schema, const std::string& owner);

} // namespace mtw::cli

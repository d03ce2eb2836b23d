#pragma once
// One way to show a parameter schema on the command line (`methods`, `modes`): text lines
// "--param name=default (type in [lo, hi]) doc" or a JSON array of parameter objects.
#include "core/parameter_schema.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace mtw::cli {

void printSchema(std::ostream& out, const core::ParameterSchema& schema);
nlohmann::json schemaJson(const core::ParameterSchema& schema);

} // namespace mtw::cli

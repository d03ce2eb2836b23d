#include "cli/parameter_arguments.h"

#include "engine/experiment_error.h"
#include "engine/json_parameters.h"

#include <nlohmann/json.hpp>

namespace mtw::cli {

std::map<std::string, core::ParameterValue> parseParameterArguments(
    const std::vector<std::string>& arguments, const core::ParameterSchema& schema, const std::string& owner)
{
    nlohmann::json object = nlohmann::json::object();
    for (const std::string& argument : arguments) {
        const std::size_t equals = argument.find('=');
        if (equals == std::string::npos || equals == 0)
            throw engine::ExperimentError("--param " + argument, "expected name=value");
        const std::string name = argument.substr(0, equals);
        const std::string text = argument.substr(equals + 1);
        nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
        object[name] = value.is_discarded() ? nlohmann::json(text) : value;
    }
    return engine::parametersFromJson(object, schema, owner);
}

} // namespace mtw::cli

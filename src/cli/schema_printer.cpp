#include "cli/schema_printer.h"

#include "engine/json_parameters.h"

namespace mtw::cli {

namespace {
bool numeric(const core::ParameterSpec& p)
{
    return p.type == core::ParameterType::Real || p.type == core::ParameterType::Integer;
}
} // namespace

void printSchema(std::ostream& out, const core::ParameterSchema& schema)
{
    for (const core::ParameterSpec& p : schema) {
        out << "    --param " << p.name << "=";
        if (p.required)
            out << "(required)";
        else
            out << core::formatParameterValue(p.defaultValue);
        out << "  (" << core::parameterTypeName(p.type);
        if (numeric(p) && p.maximum < 1e299)
            out << " in [" << p.minimum << ", " << p.maximum << "]";
        if (!p.choices.empty()) {
            out << ":";
            for (const std::string& c : p.choices)
                out << " " << c;
        }
        out << ") " << p.doc << "\n";
    }
}

nlohmann::json schemaJson(const core::ParameterSchema& schema)
{
    nlohmann::json params = nlohmann::json::array();
    for (const core::ParameterSpec& p : schema) {
        nlohmann::json entry = { { "name", p.name }, { "type", core::parameterTypeName(p.type) }, { "doc", p.doc },
            { "required", p.required } };
        if (!p.required)
            entry["default"] = engine::parameterToJson(p.defaultValue);
        if (numeric(p))
            entry["range"] = { p.minimum, p.maximum };
        if (!p.choices.empty())
            entry["choices"] = p.choices;
        params.push_back(entry);
    }
    return params;
}

} // namespace mtw::cli

// `mtw-cli methods [--json]`: every method with its family, paper, properties and parameters.
#include "cli/command_methods.h"

#include "cli/schema_printer.h"
#include "mtl/method_registry.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace mtw::cli {

void MethodsCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("methods", "List every method, its parameters, defaults and paper");
    subcommand->add_flag("--json", m_json, "Print JSON instead of text");
}

int MethodsCommand::execute()
{
    const auto specs = mtl::MethodRegistry::instance().all();
    if (m_json) {
        nlohmann::json list = nlohmann::json::array();
        for (const mtl::MethodSpec* spec : specs) {
            list.push_back({ { "id", spec->id }, { "name", spec->displayName },
                { "family", mtl::familyName(spec->family) }, { "paper", spec->paper }, { "summary", spec->summary },
                { "properties",
                    { { "non_conflicting", spec->properties.nonConflicting },
                        { "non_conflicting_condition", spec->properties.nonConflictingCondition },
                        { "linear_under_scaling", spec->properties.linearUnderScaling },
                        { "weighted", spec->properties.weighted }, { "stochastic", spec->properties.stochastic },
                        { "stateful", spec->properties.stateful } } },
                { "parameters", schemaJson(spec->parameters) } });
        }
        std::cout << list.dump(2) << "\n";
        return ExitOk;
    }
    for (const mtl::MethodSpec* spec : specs) {
        std::cout << spec->id << "  " << spec->displayName << "  [" << mtl::familyName(spec->family) << "]\n";
        std::cout << "    " << spec->summary << "\n    paper: " << spec->paper << "\n";
        std::string props;
        if (spec->properties.nonConflicting)
            props += spec->properties.nonConflictingCondition.empty()
                ? " non-conflicting"
                : " non-conflicting(when " + spec->properties.nonConflictingCondition + ")";
        if (spec->properties.linearUnderScaling)
            props += " linear-under-scaling";
        props += spec->properties.weighted ? " weighted" : " not-weighted";
        if (spec->properties.stochastic)
            props += " stochastic";
        if (spec->properties.stateful)
            props += " stateful";
        std::cout << "    properties:" << props << "\n";
        printSchema(std::cout, spec->parameters);
        std::cout << "\n";
    }
    return ExitOk;
}

} // namespace mtw::cli

#include "cli/command_problems.h"

#include "problem/network_builder.h"
#include "problem/problem_registry.h"

#include <iostream>

namespace mtw::cli {

namespace {
void printSchema(const core::ParameterSchema& schema, const std::string& indent)
{
    for (const core::ParameterSpec& p : schema)
        std::cout << indent << p.name << " = "
                  << (p.required ? "(required)" : core::formatParameterValue(p.defaultValue)) << "  ("
                  << core::parameterTypeName(p.type) << ") " << p.doc << "\n";
}
} // namespace

void ProblemsCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("problems", "List every problem and its parameters");
}

int ProblemsCommand::execute()
{
    for (const problem::ProblemSpec* spec : problem::ProblemRegistry::instance().all()) {
        std::cout << spec->id << "  " << spec->displayName << "\n    " << spec->summary << "\n";
        printSchema(spec->parameters, "    problem.params.");
        std::cout << "\n";
    }
    std::cout << "model block (neural problems):\n";
    printSchema(problem::modelSchema(), "    model.");
    return ExitOk;
}

} // namespace mtw::cli

// mtw-cli: the headless front end of MTL Workbench (run, validate, methods, aggregate, ...).
#include "cli/command.h"

#include <iostream>

int main(int argc, char** argv)
{
    CLI::App app { "MTL Workbench command line: run multi-task experiments headless" };
    app.require_subcommand(1);
    std::vector<std::unique_ptr<mtw::cli::Command>> commands = mtw::cli::makeCommands();
    for (auto& command : commands)
        command->setup(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? 0 : mtw::cli::ExitBadInput;
    }
    for (auto& command : commands)
        if (command->subcommand && command->subcommand->parsed())
            return command->execute();
    return mtw::cli::ExitBadInput;
}

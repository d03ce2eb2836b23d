// mtw-cli: the headless front end of MTL Workbench (run, validate, methods, aggregate, ...).
#include "cli/command.h"
#include "core/kernel_info.h"
#include "mtw_build_info.h"
#include "platform/cpu_guard.h"

#include <iostream>

namespace {

// `mtw-cli --version`: the version and commit, the kernels the build uses and the start-up CPU check's verdict.
std::string versionText()
{
    std::string text = std::string("mtw-cli ") + MTW_VERSION + " (commit " + MTW_GIT_COMMIT
        + ")\nkernels: " + mtw::core::kernelDescription();
    if (mtw::platform::builtCpuLevel() > 1)
        text += std::string("\ncpu check: ") + (mtw::platform::cpuCheckPassed() ? "passed at start" : "not run");
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app { "MTL Workbench command line: run multi-task experiments headless" };
    app.require_subcommand(1);
    app.set_version_flag("--version", versionText());
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

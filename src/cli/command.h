#pragma once
// One mtw-cli subcommand (KeePassXC's Command pattern): registers its options on the CLI11 app
// and runs, returning the process exit code: 0 ok, 1 the run failed, 2 bad input.
#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

namespace mtw::cli {

enum ExitCode { ExitOk = 0, ExitRunFailed = 1, ExitBadInput = 2 };

class Command {
public:
    virtual ~Command() = default;
    virtual void setup(CLI::App& app) = 0;
    virtual int execute() = 0;
    CLI::App* subcommand = nullptr;
};

std::vector<std::unique_ptr<Command>> makeCommands();

} // namespace mtw::cli

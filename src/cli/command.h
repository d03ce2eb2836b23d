#pragma once
// One mtw-cli subcommand (KeePassXC's Command pattern): registers its options on the CLI11 app
// and runs, returning the process exit code: 0 ok, 1 the run failed, 2 bad input.
#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

namespace mtw::cli {

enum ExitCode { ExitOk = 0, ExitRunFailed = 1, ExitBadInput = 2 };

// What each code means, for the user guide's reference (`mtw-cli reference`).
struct ExitCodeMeaning {
    ExitCode code;
    const char* meaning;
};
inline constexpr ExitCodeMeaning exitCodeMeanings[] = {
    { ExitOk, "done: the command did what it was asked" },
    { ExitRunFailed,
        "a run failed (NaN, divergence, a store error; its directory keeps what was recorded), a "
        "report found a failed run (`sweep run`, `sweep status`), a method gave a non-finite result "
        "(`aggregate`), an output file could not be written, or `reference --check` found the guide out of date" },
    { ExitBadInput,
        "bad input, nothing run: an invalid file or option (the message names the file and line or the "
        "key path), a run directory that is not empty or is in use, an unknown command" },
};

class Command {
public:
    virtual ~Command() = default;
    virtual void setup(CLI::App& app) = 0;
    virtual int execute() = 0;
    CLI::App* subcommand = nullptr;
};

std::vector<std::unique_ptr<Command>> makeCommands();

} // namespace mtw::cli

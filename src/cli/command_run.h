#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli run EXP.json [--out DIR] [--force] [--threads N] [--seed S] [--steps N]
// [--checkpoint-every N] [--checkpoint-seconds S]` (or `mtw-cli run --list-diagnostics`): trains and writes a run
// directory (with checkpoint.mtwck for `mtw-cli resume`); a progress bar on a terminal, plain lines otherwise. The
// directory must be new or empty (--force replaces a previous run in it); one writer at a time.
class RunCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_experiment;
    std::string m_out;
    int m_threads = -1;
    long long m_seed = -1;
    long long m_steps = -1;
    long long m_checkpointEvery = 0;
    double m_checkpointSeconds = 60;
    bool m_force = false;
    bool m_quiet = false;
    bool m_listDiagnostics = false;
};

} // namespace mtw::cli

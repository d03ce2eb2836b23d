#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli resume RUN_DIR [--steps N] [--threads N] [--checkpoint-every N] [--checkpoint-seconds S]
// [--allow-changed-data]`: continues a stopped, killed or finished run from its checkpoint.mtwck
// (optionally with a larger step budget, any thread count) into the same run directory; the result
// equals an uninterrupted run bit for bit. Input files that changed since the checkpoint are refused.
class ResumeCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_directory;
    int m_threads = -1;
    long long m_steps = -1;
    long long m_checkpointEvery = 0;
    double m_checkpointSeconds = 60;
    bool m_allowChangedData = false;
    bool m_quiet = false;
};

} // namespace mtw::cli

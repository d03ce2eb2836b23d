#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli conflict RUN [--layer NAME] [--tau 0.8] [--max-boxes 40] [--csv FILE] [--boxes-csv FILE]`:
// a stored run's gradient conflict per shared layer (Roy et al. 2024, FairBranch;
// engine/stored_conflict.h): per layer the mean pairwise cosine and the share of conflicting
// pairs over the stored matrices; the per-epoch box statistics of the conflict angles of one
// layer (default: all shared layers); the heads' CKA at the last matrix step with the task
// groups FairBranch would branch at threshold tau. --csv writes every stored matrix in long
// format, --boxes-csv the boxes of every layer.
class ConflictCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_run;
    std::string m_layer = "all shared layers";
    double m_tau = 0.8;
    int m_maxBoxes = 40;
    std::string m_csv;
    std::string m_boxesCsv;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli pairs EXPERIMENT.json|RUN [--seeds 0,1,2] [--train] [--root DIR] [--split test|validation]
// [--quantity loss|metric|relative] [--csv FILE]`: the pairwise-transfer study of Ni et al. (2023,
// engine/pairwise_transfer.h): every task alone and every pair of tasks, per seed, stored as
// <root>/<run name> (default root: runs); --train trains the runs that are not stored there yet
// (finished runs of the same experiment are reused), then the T x T gain matrix (rows: the task
// measured, columns: its partner; mean ± std over the seeds) is printed and, with --csv, written.
// Without --train a missing run is a located error that names it and the command that trains it.
// Defaults: the experiment's own seed, split test, quantity loss.
class PairsCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_source;
    std::string m_seeds;
    bool m_train = false;
    std::string m_root = "runs";
    std::string m_split = "test";
    std::string m_quantity = "loss";
    std::string m_csv;
    bool m_force = false;
    bool m_quiet = false;
};

} // namespace mtw::cli

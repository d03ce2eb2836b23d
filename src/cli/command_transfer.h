#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli transfer --multi DIR --single DIR [--single DIR ...] [--csv FILE]`: compares a
// multi-task run with its single-task baselines: final validation metrics, Delta-m% in both
// conventions (labelled), and the generalization gap at equal training loss per task
// (Mueller, Dredze & Andrews 2024): validation loss as a function of training loss, MT minus ST.
class TransferCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_multi;
    std::vector<std::string> m_single;
    std::string m_csv;
    int m_points = 50;
};

} // namespace mtw::cli

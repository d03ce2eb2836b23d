#pragma once
#include "cli/command.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli study DIR... --x Q --y Q [--group-by Q] [--csv FILE] [--bootstrap B] [--seed S] [--json]`:
// one run-level quantity against another over every run below the directories (engine/study.h):
// n, Pearson r and Spearman rho with percentile-bootstrap 95% intervals, the least-squares line,
// per group and for all runs; the runs left out and why. `mtw-cli study DIR... --list` lists the
// quantities. All the logic is in engine/study.h (the study view calls the same code).
class StudyCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_paths;
    std::string m_x, m_y, m_groupBy, m_csv;
    int m_bootstrap = 2000;
    std::uint64_t m_seed = 1;
    bool m_list = false;
    bool m_json = false;
};

} // namespace mtw::cli

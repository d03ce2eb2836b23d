#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli grouping RUN --budget B [--estimator optimizer|lookahead] [--train [--root DIR]]`:
// the run's mean look-ahead gains, the task groups under a budget of B models
// (analysis/task_grouping.h), and with --train the runs of the groups and every single task
// (engine/task_group_runs.h) under <root>, then one table of each task's final loss and metric
// all-in-one (the run itself), in its group and alone. Finished runs already in <root> with the
// same experiment are reused.
class GroupingCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_run;
    int m_budget = 0;
    std::string m_estimator = "optimizer";
    bool m_train = false;
    std::string m_root = "runs";
    std::string m_split = "test";
    std::string m_csv;
    bool m_force = false;
    bool m_quiet = false;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli pareto DIR... [--objective final.test.metric] [--tasks a,b[,c]] [--reference r1,r2[,r3]]
// [--reference-front FILE.csv] [--csv FILE] [--json]`: the outcome front of the runs below the
// directories (engine/outcome_front.h): each run's final point (minimised: higher-is-better
// metrics as 1 - metric), which points are non-dominated, the hypervolume for 2-3 tasks, and IGD /
// IGD+ of the front against a reference set read from a CSV file whose header names the tasks
// (rows of minimised values, e.g. the front of another study). Runs without the objective are
// listed with the reason. Exit 2 on bad input (unknown objective or task, malformed file: with
// its line and column).
class ParetoCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_paths;
    std::string m_objective = "final.test.metric";
    std::string m_tasks;
    std::string m_reference;
    std::string m_referenceFront;
    std::string m_csv;
    bool m_json = false;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

#include <iosfwd>
#include <string>

namespace mtw::cli {

// `mtw-cli factors RUN [--task NAME] [--factor NAME]`: the trajectory factors a run measured
// (diagnostics.factors, engine/factor_probe.h) as CSV on stdout, one row per (step, task) and one
// column per factor, for scripts: step, task (a task name or "total"), then the factors in name
// order; a factor not measured at that row is empty. The per-step magnitude similarity is left out
// (it is in every step record; `--factor magnitude_similarity` prints it alone).
class FactorsCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_run;
    std::string m_task;
    std::string m_factor;
};

// The factor catalogue (`mtw-cli run --list-diagnostics`): name, meaning, cost, and which
// problems each applies to.
void printFactorCatalogue(std::ostream& out);

} // namespace mtw::cli

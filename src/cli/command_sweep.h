#pragma once
#include "cli/command.h"
#include "cli/slurm_client.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli sweep ...`: many runs from one experiment file with a "sweep" block (engine/sweep_plan.h).
//   plan EXP [--json]                       the combinations (index, name, axis values), validated
//   run EXP --out DIR [--jobs N] ...        all of them on this machine (cli/sweep_local_runner.h)
//   run-index DIR I                         one of them (cli/sweep_run_index.h; what a Slurm task runs)
//   submit EXP --out DIR --slurm [...]      a Slurm job array (cli/slurm_client.h)
//   submit DIR --resubmit-failed [...]      only the failed, stopped or lost combinations again
//   status DIR [--json]                     each combination's state (cli/sweep_report.h)
//   summarize DIR                           DIR/summary.csv and summary.json (engine/sweep_summary.h)
class SweepCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    int plan();
    int run();
    int runIndex();
    int submit();
    int status();
    int summarize();

    CLI::App* m_plan = nullptr;
    CLI::App* m_run = nullptr;
    CLI::App* m_runIndex = nullptr;
    CLI::App* m_submit = nullptr;
    CLI::App* m_status = nullptr;
    CLI::App* m_summarize = nullptr;

    std::string m_experiment; // EXP (plan, run, submit) or DIR (submit --resubmit-failed)
    std::string m_directory; // --out, or DIR
    long long m_index = -1;
    int m_jobs = 1;
    int m_threads = -1;
    bool m_oversubscribe = false;
    bool m_retryFailed = false;
    bool m_quiet = false;
    bool m_json = false;
    bool m_slurm = false;
    bool m_resubmitFailed = false;
    bool m_noSubmit = false;
    SlurmOptions m_slurmOptions;
};

} // namespace mtw::cli

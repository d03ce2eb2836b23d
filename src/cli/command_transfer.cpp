#include "cli/command_transfer.h"

#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "analysis/optimization_slowdown.h"
#include "engine/run_reader.h"
#include "engine/transfer_comparison.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

namespace mtw::cli {

void TransferCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand(
        "transfer", "Compare a multi-task run with single-task baselines (Delta-m%, equal-loss gap)");
    subcommand->add_option("--multi", m_multi, "Multi-task run directory")->required();
    subcommand->add_option("--single", m_single, "Single-task run directory (one per task, from `baselines`)")
        ->required();
    subcommand->add_option("--csv", m_csv, "Write the gap curves (task, train_loss, val_st, val_mt, gap)");
    subcommand->add_option("--points", m_points, "Grid points of each gap curve")->check(CLI::Range(2, 10000));
}

int TransferCommand::execute()
{
    try {
        const engine::RunRecord multi = engine::readRun(m_multi);
        const std::size_t tasks = multi.taskNames.size();
        std::vector<std::optional<engine::RunRecord>> singles(tasks);
        for (const std::string& directory : m_single) {
            engine::RunRecord run = engine::readRun(directory);
            const int task = engine::singleTaskIndex(run);
            if (static_cast<std::size_t>(task) >= tasks || run.taskNames != multi.taskNames)
                throw std::invalid_argument(directory + ": its tasks do not match the multi-task run's");
            singles[static_cast<std::size_t>(task)] = std::move(run);
        }
        std::vector<const engine::RunRecord*> baselines;
        for (const std::optional<engine::RunRecord>& single : singles)
            baselines.push_back(single ? &*single : nullptr);
        const engine::TransferMetrics compared = engine::transferMetrics(multi, baselines);
        const std::vector<analysis::MetricResult>& method = compared.method;
        const std::vector<analysis::MetricResult>& baseline = compared.baseline;
        std::cout << "Final validation (step " << compared.step << "): task, metric, single-task, multi-task\n";
        for (const engine::TransferRow& row : compared.rows)
            std::cout << "  " << std::left << std::setw(14) << row.task << std::setw(10) << row.metric << std::setw(12)
                      << row.singleTask << row.multiTask << "\n";
        std::cout << "Delta-m% (lower is better; Nash-MTL/CAGrad convention, mean over all metrics): "
                  << analysis::deltaMLowerIsBetter(method, baseline) << "\n";
        std::cout << "Delta-p% (higher is better; LibMTL convention, mean over tasks of per-task means): "
                  << analysis::deltaMHigherIsBetter(method, baseline) << "\n";

        std::ofstream csv;
        if (!m_csv.empty()) {
            csv.open(m_csv);
            csv << "task,train_loss,val_loss_st,val_loss_mt,gap\n";
        }
        std::cout << "Generalization gap at equal training loss, GG = val_loss(MT) - val_loss(ST) (negative: MT "
                     "generalizes better)\n";
        for (std::size_t t = 0; t < tasks; ++t) {
            if (!singles[t])
                continue;
            const analysis::GapCurve gap = analysis::generalizationGap(
                engine::trainValidationCurve(*singles[t], t), engine::trainValidationCurve(multi, t), m_points);
            std::cout << "  " << std::left << std::setw(14) << multi.taskNames[t];
            if (gap.empty()) {
                std::cout << "training-loss ranges do not overlap\n";
                continue;
            }
            for (std::size_t i : { std::size_t(0), gap.gap.size() / 2, gap.gap.size() - 1 })
                std::cout << "GG(" << gap.trainLoss[i] << ") = " << gap.gap[i] << "   ";
            std::cout << "\n";
            for (std::size_t i = 0; csv.is_open() && i < gap.gap.size(); ++i)
                csv << multi.taskNames[t] << "," << gap.trainLoss[i] << "," << gap.singleTask[i] << ","
                    << gap.multiTask[i] << "," << gap.gap[i] << "\n";
        }
        std::cout
            << "Measured slow-down (training loss MT / ST at equal step; steps MT needs to reach the loss ST ends at, "
               "over ST's steps; > 1: MT is slower)\n";
        for (std::size_t t = 0; t < tasks; ++t) {
            if (!singles[t])
                continue;
            std::cout << "  " << std::left << std::setw(14) << multi.taskNames[t];
            try {
                const analysis::SlowdownSummary s = analysis::measuredSlowdown(
                    engine::trainLossCheckpoints(multi, t), engine::trainLossCheckpoints(*singles[t], t));
                std::cout << "loss ratio " << s.lossRatioEnd << " at the end, " << s.lossRatioMean << " mean over "
                          << s.commonSteps << " evaluations; steps ratio ";
                if (std::isfinite(s.stepsRatio))
                    std::cout << s.stepsRatio << "\n";
                else
                    std::cout << "> "
                              << static_cast<double>(multi.split(problem::Split::Train).back()->step)
                            / static_cast<double>(singles[t]->split(problem::Split::Train).back()->step)
                              << " (never reached)\n";
            } catch (const std::exception& error) {
                std::cout << error.what() << "\n";
            }
        }
        if (csv.is_open() && !csv) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli

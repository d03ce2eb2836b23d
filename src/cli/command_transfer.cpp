#include "cli/command_transfer.h"

#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "engine/run_reader.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

namespace mtw::cli {

namespace {

// The task a baseline run trains: the one-hot weights that `baselines` writes.
int singleTaskIndex(const engine::RunRecord& run)
{
    const auto it = run.experiment.methodParams.find("weights");
    if (run.experiment.method != "fixed" || it == run.experiment.methodParams.end())
        throw std::invalid_argument(run.directory + ": not a single-task run (expected method 'fixed' with one-hot weights)");
    const std::vector<double>* weights = std::get_if<std::vector<double>>(&it->second);
    int task = -1;
    for (std::size_t t = 0; weights && t < weights->size(); ++t)
        if ((*weights)[t] != 0)
            task = task == -1 ? static_cast<int>(t) : -2;
    if (task < 0)
        throw std::invalid_argument(run.directory + ": weights are not one-hot, so the run is not a single-task baseline");
    return task;
}

const engine::EvaluationRecord& lastValidation(const engine::RunRecord& run)
{
    const auto records = run.split(problem::Split::Validation);
    if (records.empty())
        throw std::invalid_argument(run.directory + ": no validation evaluations (the problem needs a validation split)");
    return *records.back();
}

// (training loss, validation loss) of task t at the steps where both were evaluated.
analysis::EqualLossCurve curveOf(const engine::RunRecord& run, std::size_t task)
{
    std::map<long long, double> train;
    for (const engine::EvaluationRecord* record : run.split(problem::Split::Train))
        train[record->step] = record->tasks.at(task).loss;
    std::vector<double> trainLoss, validationLoss;
    for (const engine::EvaluationRecord* record : run.split(problem::Split::Validation)) {
        auto it = train.find(record->step);
        if (it == train.end())
            continue;
        trainLoss.push_back(it->second);
        validationLoss.push_back(record->tasks.at(task).loss);
    }
    if (trainLoss.empty())
        throw std::invalid_argument(run.directory + ": no steps with both training and validation losses");
    return analysis::EqualLossCurve(trainLoss, validationLoss);
}

} // namespace

void TransferCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("transfer", "Compare a multi-task run with single-task baselines (Delta-m%, equal-loss gap)");
    subcommand->add_option("--multi", m_multi, "Multi-task run directory")->required();
    subcommand->add_option("--single", m_single, "Single-task run directory (one per task, from `baselines`)")->required();
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
            const int task = singleTaskIndex(run);
            if (static_cast<std::size_t>(task) >= tasks || run.taskNames != multi.taskNames)
                throw std::invalid_argument(directory + ": its tasks do not match the multi-task run's");
            singles[static_cast<std::size_t>(task)] = std::move(run);
        }
        const engine::EvaluationRecord& finalMulti = lastValidation(multi);
        std::vector<analysis::MetricResult> method, baseline;
        std::cout << "Final validation (step " << finalMulti.step << "): task, metric, single-task, multi-task\n";
        for (std::size_t t = 0; t < tasks; ++t) {
            if (!singles[t])
                continue;
            const problem::TaskEvaluation& st = lastValidation(*singles[t]).tasks.at(t);
            const problem::TaskEvaluation& mt = finalMulti.tasks.at(t);
            const std::string& name = multi.taskNames[t];
            std::vector<std::tuple<std::string, double, double, bool>> metrics { { "loss", st.loss, mt.loss, false } };
            // A regression task's metric is its loss (MSE): count it once.
            if (mt.metricName != "mse" && mt.metricName != "loss")
                metrics.emplace_back(mt.metricName, st.metric, mt.metric, mt.higherIsBetter);
            for (const auto& [metric, stValue, mtValue, higher] : metrics) {
                baseline.push_back({ name, metric, stValue, higher });
                method.push_back({ name, metric, mtValue, higher });
                std::cout << "  " << std::left << std::setw(14) << name << std::setw(10) << metric << std::setw(12)
                          << stValue << mtValue << "\n";
            }
        }
        std::cout << "Delta-m% (lower is better; Nash-MTL/CAGrad convention, mean over all metrics): "
                  << analysis::deltaMLowerIsBetter(method, baseline) << "\n";
        std::cout << "Delta-p% (higher is better; LibMTL convention, mean over tasks of per-task means): "
                  << analysis::deltaMHigherIsBetter(method, baseline) << "\n";

        std::ofstream csv;
        if (!m_csv.empty()) {
            csv.open(m_csv);
            csv << "task,train_loss,val_loss_st,val_loss_mt,gap\n";
        }
        std::cout << "Generalization gap at equal training loss, GG = val_loss(MT) - val_loss(ST) (negative: MT generalizes better)\n";
        for (std::size_t t = 0; t < tasks; ++t) {
            if (!singles[t])
                continue;
            const analysis::GapCurve gap = analysis::generalizationGap(curveOf(*singles[t], t), curveOf(multi, t), m_points);
            std::cout << "  " << std::left << std::setw(14) << multi.taskNames[t];
            if (gap.empty()) {
                std::cout << "training-loss ranges do not overlap\n";
                continue;
            }
            for (std::size_t i : { std::size_t(0), gap.gap.size() / 2, gap.gap.size() - 1 })
                std::cout << "GG(" << gap.trainLoss[i] << ") = " << gap.gap[i] << "   ";
            std::cout << "\n";
            for (std::size_t i = 0; csv.is_open() && i < gap.gap.size(); ++i)
                csv << multi.taskNames[t] << "," << gap.trainLoss[i] << "," << gap.singleTask[i] << "," << gap.multiTask[i]
                    << "," << gap.gap[i] << "\n";
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

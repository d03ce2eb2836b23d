#include "cli/command_toy_report.h"

#include "engine/trainer.h"
#include "engine/training_mode_registry.h"
#include "mtl/method_registry.h"
#include "problem/cagrad_toy.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace mtw::cli {

namespace {
struct ToyJob {
    std::string method;
    Eigen::Vector2d start;
    Eigen::Vector2d end;
    Eigen::Vector2d losses;
    double stationarity = 0;
    std::string status;
};
} // namespace

void ToyReportCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("toy-report", "End points of methods on the CAGrad/Nash-MTL toy");
    subcommand->add_option("--methods", m_methods, "Method ids")->delimiter(',');
    subcommand->add_option("--starts", m_starts, "nash (5 starts) or cagrad (3 starts)")
        ->check(CLI::IsMember({ "nash", "cagrad" }));
    subcommand->add_option("--steps", m_steps, "Adam steps (lr 1e-3)")->check(CLI::PositiveNumber);
    subcommand->add_option("--scales", m_scales, "Loss scales s1,s2 (Nash-MTL's figure: 0.1,1)")
        ->delimiter(',')
        ->expected(2);
    subcommand->add_option("--csv", m_csv, "Also write the table as CSV");
    subcommand->add_option("--mode", m_mode, "Training mode with its default parameters (see `mtw-cli modes`)");
    subcommand->add_option("--jobs", m_jobs, "Parallel runs (0: all cores)")->check(CLI::Range(0, 4096));
}

int ToyReportCommand::execute()
{
    const std::vector<Eigen::Vector2d> starts = m_starts == "nash"
        ? std::vector<Eigen::Vector2d> { { -8.5, 7.5 }, { 0, 0 }, { 9, 9 }, { -7.5, -0.5 }, { 9, -1 } }
        : std::vector<Eigen::Vector2d> { { -8.5, 7.5 }, { -8.5, -5 }, { 9, 9 } };
    for (const std::string& method : m_methods)
        if (!mtl::MethodRegistry::instance().find(method)) {
            std::cerr << "error: --methods: unknown method '" << method << "'\n";
            return ExitBadInput;
        }
    if (!engine::findTrainingMode(m_mode)) {
        std::cerr << "error: --mode: unknown training mode '" << m_mode << "' (see `mtw-cli modes`)\n";
        return ExitBadInput;
    }
    std::vector<ToyJob> jobs;
    for (const std::string& method : m_methods)
        for (const Eigen::Vector2d& start : starts)
            jobs.push_back({ method, start, {}, {}, 0, {} });

    tbb::task_arena arena(m_jobs > 0 ? m_jobs : tbb::task_arena::automatic);
    arena.execute([&] {
        tbb::parallel_for(std::size_t(0), jobs.size(), [&](std::size_t i) {
            ToyJob& job = jobs[i];
            try {
                engine::Experiment e = engine::demoExperiment(job.method);
                const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(job.method);
                if (spec->exampleParameters)
                    e.methodParams = spec->exampleParameters(2); // required parameters (Krum, TrimmedMean)
                e.problemParams["start"] = std::vector<double> { job.start(0), job.start(1) };
                e.problemParams["loss_scales"] = std::vector<double> { m_scales[0], m_scales[1] };
                e.steps = m_steps;
                e.mode = m_mode;
                e.threads = 1;
                e.evaluateEvery = 0;
                e.recordEvery = m_steps;
                e.matrixEvery = 0;
                engine::Trainer trainer(e);
                const engine::RunOutcome outcome = trainer.run();
                job.status = engine::runStatusName(outcome.status);
                if (outcome.status == engine::RunStatus::Failed)
                    job.status += ": " + outcome.message;
                job.end = outcome.finalParameters.cast<double>();
                const problem::CagradToy toy(job.start, Eigen::Vector2d(m_scales[0], m_scales[1]));
                Eigen::VectorXd losses;
                Eigen::MatrixXd J;
                toy.value(job.end, losses, &J);
                job.losses = losses;
                job.stationarity = problem::paretoStationarity(J);
            } catch (const std::exception& error) {
                job.status = std::string("error: ") + error.what();
                job.end = job.losses = Eigen::Vector2d::Constant(std::nan(""));
                job.stationarity = std::nan("");
            }
        });
    });

    std::ostringstream csv;
    csv << "method,start_x1,start_x2,end_x1,end_x2,loss1,loss2,stationarity,status\n";
    std::cout << "CAGrad toy, " << m_steps << " Adam steps (lr 1e-3), mode " << m_mode << ", loss scales ("
              << m_scales[0] << ", " << m_scales[1] << "); stationarity = |min-norm point of conv{g1, g2}|\n";
    std::cout << std::left << std::setw(10) << "method" << std::setw(16) << "start" << std::setw(22) << "end"
              << std::setw(22) << "losses"
              << "stationarity\n";
    for (const ToyJob& job : jobs) {
        std::ostringstream start, end, losses;
        start << std::fixed << std::setprecision(1) << "(" << job.start(0) << ", " << job.start(1) << ")";
        end << std::fixed << std::setprecision(3) << "(" << job.end(0) << ", " << job.end(1) << ")";
        losses << std::fixed << std::setprecision(3) << "(" << job.losses(0) << ", " << job.losses(1) << ")";
        std::cout << std::left << std::setw(10) << job.method << std::setw(16) << start.str() << std::setw(22)
                  << end.str() << std::setw(22) << losses.str() << std::scientific << std::setprecision(2)
                  << job.stationarity << std::defaultfloat << (job.status == "finished" ? "" : "  " + job.status)
                  << "\n";
        csv << job.method << "," << job.start(0) << "," << job.start(1) << "," << std::setprecision(10) << job.end(0)
            << "," << job.end(1) << "," << job.losses(0) << "," << job.losses(1) << "," << job.stationarity << ","
            << job.status << "\n";
    }
    if (!m_csv.empty()) {
        std::ofstream out(m_csv);
        out << csv.str();
        if (!out) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
    }
    return ExitOk;
}

} // namespace mtw::cli

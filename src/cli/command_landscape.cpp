#include "cli/command_landscape.h"

#include "cli/command_output.h"
#include "cli/run_point_argument.h"
#include "engine/csv_field.h"
#include "engine/landscape_job.h"
#include "engine/read_only_database.h"
#include "engine/run_reader.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <map>

namespace mtw::cli {

namespace {

const std::map<std::string, analysis::PlaneKind> planes
    = { { "random", analysis::PlaneKind::FilterNormalizedRandom }, { "gradients", analysis::PlaneKind::TaskGradients },
          { "pca", analysis::PlaneKind::TrajectoryPca }, { "three-points", analysis::PlaneKind::ThreePoints } };

int taskIndex(const std::vector<std::string>& names, const std::string& name)
{
    for (std::size_t t = 0; t < names.size(); ++t)
        if (names[t] == name)
            return static_cast<int>(t);
    throw std::runtime_error("--tasks: the run has no task '" + name + "'");
}

void writeCsv(std::ostream& out, const engine::LandscapeOutcome& outcome)
{
    const analysis::LandscapeResult& r = outcome.result;
    out << "kind,step,label,a,b,mean";
    for (const std::string& task : r.taskNames)
        out << "," << engine::csvField(task);
    out << "\n" << std::setprecision(9);
    for (std::size_t i = 0; i < r.xs.size(); ++i)
        for (std::size_t j = 0; j < r.ys.size(); ++j) {
            const auto ii = static_cast<Eigen::Index>(i), jj = static_cast<Eigen::Index>(j);
            out << "surface,,," << r.xs[i] << "," << r.ys[j] << "," << r.totalLoss(ii, jj);
            for (const Eigen::MatrixXd& task : r.taskLosses)
                out << "," << task(ii, jj);
            out << "\n";
        }
    const std::string empty(r.taskNames.size() + 1, ',');
    for (Eigen::Index k = 0; k < r.trajectory.rows(); ++k)
        out << "trajectory," << outcome.trajectorySteps[static_cast<std::size_t>(k)] << ",," << r.trajectory(k, 0)
            << "," << r.trajectory(k, 1) << empty << "\n";
    for (const engine::LandscapeMark& mark : outcome.marks)
        out << "point,," << engine::csvField(mark.label) << "," << mark.a << "," << mark.b << empty << "\n";
}

} // namespace

void LandscapeCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("landscape",
        "A stored run's loss landscape on a plane (PCA of its trajectory, three points, random or gradient directions) "
        "as CSV");
    subcommand->add_option("run", m_run, "Run directory")->required();
    subcommand
        ->add_option("--plane", m_plane, "pca (its stored parameter snapshots), three-points, random or gradients")
        ->check(CLI::IsMember({ "pca", "three-points", "random", "gradients" }))
        ->capture_default_str();
    subcommand->add_option("--points", m_points, "three-points: RUN, RUN@start, RUN@end or RUN@STEP, three of them")
        ->delimiter(',');
    subcommand->add_option("--tasks", m_tasks, "gradients: the two tasks (names)")->delimiter(',')->expected(2);
    subcommand->add_option("--grid", m_grid, "Grid points per axis")->check(CLI::Range(2, 1025))->capture_default_str();
    subcommand
        ->add_option(
            "--window", m_window, "X0,X1,Y0,Y1 (default: around the points for pca and three-points, [-1,1]^2 else)")
        ->delimiter(',')
        ->expected(4);
    subcommand->add_option("--out", m_out, "Write the CSV here instead of stdout");
}

int LandscapeCommand::execute()
{
    CommandOutput output(m_out);
    if (!output.ok())
        return ExitRunFailed;
    engine::LandscapeRequest request;
    try {
        const engine::RunRecord run = engine::readRun(m_run);
        request.experiment = run.experiment;
        request.plane = planes.at(m_plane);
        // Only these planes draw the trajectory: the others would decode every snapshot for nothing.
        if (request.plane == analysis::PlaneKind::TrajectoryPca || request.plane == analysis::PlaneKind::ThreePoints) {
            engine::ReadOnlyDatabase db(m_run + "/run.sqlite");
            request.trajectory = engine::readParameterRecords(db);
        }
        if (request.plane == analysis::PlaneKind::ThreePoints) {
            if (m_points.size() != 3)
                throw std::runtime_error(
                    "--plane three-points needs --points with three points, got " + std::to_string(m_points.size()));
            for (const std::string& spec : m_points) {
                RunPointArgument point = resolveRunPoint(spec);
                if (const std::string difference = engine::modelDifference(run.experiment, point.experiment);
                    !difference.empty())
                    throw std::runtime_error(
                        "--points: '" + spec + "' trains another model than '" + m_run + "' (" + difference + ")");
                request.points.push_back(std::move(point.point.parameters));
                request.pointLabels.push_back(point.label);
            }
        } else if (request.plane != analysis::PlaneKind::TrajectoryPca) {
            request.origin = engine::runEndPoint(m_run).parameters.cast<double>();
            if (request.plane == analysis::PlaneKind::TaskGradients) {
                if (m_tasks.size() != 2)
                    throw std::runtime_error("--plane gradients needs --tasks A,B");
                request.taskA = taskIndex(run.taskNames, m_tasks[0]);
                request.taskB = taskIndex(run.taskNames, m_tasks[1]);
            }
        }
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    request.fitWindow = m_window.empty()
        && (request.plane == analysis::PlaneKind::TrajectoryPca || request.plane == analysis::PlaneKind::ThreePoints);
    if (m_window.size() == 4) {
        request.xMin = m_window[0];
        request.xMax = m_window[1];
        request.yMin = m_window[2];
        request.yMax = m_window[3];
    }
    request.initialResolution = request.finalResolution = m_grid; // one level: nothing to show before it
    const auto start = std::chrono::steady_clock::now();
    std::shared_ptr<const engine::LandscapeOutcome> outcome;
    const std::atomic<bool> cancel { false };
    engine::LandscapeJob::run(request, cancel, [&outcome](const auto& level) { outcome = level; });
    if (!outcome || !outcome->error.empty()) {
        std::cerr << "error: " << (outcome ? outcome->error : std::string("no landscape was computed")) << "\n";
        return ExitBadInput;
    }
    writeCsv(output.stream(), *outcome);
    const analysis::LandscapeResult& r = outcome->result;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << r.description << "; " << outcome->originNote << "; window [" << r.xs.front() << ", " << r.xs.back()
              << "] x [" << r.ys.front() << ", " << r.ys.back() << "], " << r.xs.size() << " x " << r.ys.size()
              << " points in " << std::setprecision(3) << seconds << " s";
    if (r.planeKind == analysis::PlaneKind::TrajectoryPca)
        std::cerr << "; explained variance " << 100 * r.explainedVariance(0) << " % and "
                  << 100 * r.explainedVariance(1) << " %";
    std::cerr << "\n";
    return output.finish() ? ExitOk : ExitRunFailed;
}

} // namespace mtw::cli

#include "engine/landscape_job.h"

#include "analysis/landscape_plane.h"
#include "analysis/task_gradient_oracle.h"
#include "core/rng.h"
#include "engine/problem_factory.h"
#include "engine/seed_streams.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

namespace mtw::engine {

namespace {

// The window around the projected points: their bounding box with a 25 % margin on each side
// (a side that does not move gets a quarter of the other side's span, or +-1).
void fitWindow(const Eigen::MatrixXd& points, analysis::LandscapeOptions& options)
{
    if (points.rows() == 0)
        return;
    const Eigen::Vector2d low = points.colwise().minCoeff().transpose();
    const Eigen::Vector2d high = points.colwise().maxCoeff().transpose();
    const Eigen::Vector2d span = high - low;
    const double fallback = std::max(span.maxCoeff(), 0.0) > 0 ? 0.25 * span.maxCoeff() : 1.0;
    double bounds[2][2];
    for (int axis = 0; axis < 2; ++axis) {
        const double margin = span(axis) > 0 ? 0.25 * span(axis) : fallback;
        bounds[axis][0] = low(axis) - margin;
        bounds[axis][1] = high(axis) + margin;
    }
    options.xMin = bounds[0][0];
    options.xMax = bounds[0][1];
    options.yMin = bounds[1][0];
    options.yMax = bounds[1][1];
}

// From the problem built for this job (engine::initialParameters would build a second one).
core::Vector initialParameters(const LandscapeRequest& request, const problem::MultiTaskProblem& problem)
{
    core::Rng initRng = seedStream(request.experiment.seed, SeedStream::InitialParameters);
    return problem.initialParameters(initRng);
}

core::Vector startingPoint(const LandscapeRequest& request, const problem::MultiTaskProblem& problem, std::string& note)
{
    if (request.origin.size() == problem.parameterCount()) {
        note = "centred on the run's current parameters";
        return request.origin.cast<core::Scalar>();
    }
    note = "centred on the run's initial parameters (the run does not stream its parameters)";
    return initialParameters(request, problem);
}

} // namespace

bool LandscapeJob::isPlanarProblem(const std::string& problemId)
{
    return problemId == "cagrad_toy";
}

void LandscapeJob::run(const LandscapeRequest& request, const std::atomic<bool>& cancel, const Callback& onLevel)
{
    try {
        std::unique_ptr<problem::MultiTaskProblem> problem = createProblem(request.experiment);
        const int tasks = problem->taskCount();
        analysis::LandscapeOptions options;
        options.xMin = request.xMin;
        options.xMax = request.xMax;
        options.yMin = request.yMin;
        options.yMax = request.yMax;
        options.initialResolution = request.initialResolution;
        options.finalResolution = request.finalResolution;
        options.totalWeights = Eigen::VectorXd::Constant(tasks, 1.0 / tasks);

        const bool planar = problem->isPlanar() && problem->parameterCount() == 2;
        analysis::LandscapePlane plane;
        std::string note;
        std::vector<core::Vector> trajectory;
        std::vector<long long> steps;
        auto takeTrajectory = [&] {
            for (const ParameterRecord& record : request.trajectory)
                if (record.values.size() == problem->parameterCount()) {
                    trajectory.push_back(record.values);
                    steps.push_back(record.step);
                }
        };
        std::vector<LandscapeMark> marks;
        if (planar) {
            plane = analysis::parameterAxesPlane(2);
            note = "exact losses on the grid";
        } else if (request.plane == analysis::PlaneKind::TrajectoryPca) {
            takeTrajectory();
            if (trajectory.size() < minimumTrajectory)
                throw std::invalid_argument("the PCA plane needs at least 3 stored parameter snapshots and the run has "
                    + std::to_string(trajectory.size())
                    + ": set diagnostics.parameters_every in the experiment (e.g. a 40th of the steps)");
            plane = analysis::trajectoryPcaPlane(trajectory);
            note = "centred on the last of " + std::to_string(trajectory.size()) + " stored parameter snapshots";
        } else if (request.plane == analysis::PlaneKind::ThreePoints) {
            if (request.points.size() != 3)
                throw std::invalid_argument(
                    "the plane through three points needs 3 points, got " + std::to_string(request.points.size()));
            std::vector<core::Vector> points = request.points;
            for (core::Vector& point : points) {
                if (point.size() == 0)
                    point = initialParameters(request, *problem);
                if (point.size() != problem->parameterCount())
                    throw std::invalid_argument("a point of the plane has " + std::to_string(point.size())
                        + " parameters, the run's problem " + std::to_string(problem->parameterCount()));
            }
            plane = analysis::threePointPlane(points[0], points[1], points[2]);
            const Eigen::MatrixXd at = analysis::projectOntoPlane(plane, points);
            for (int k = 0; k < 3; ++k)
                marks.push_back({ k < static_cast<int>(request.pointLabels.size())
                        ? request.pointLabels[static_cast<std::size_t>(k)]
                        : "point " + std::to_string(k + 1),
                    at(k, 0), at(k, 1) });
            takeTrajectory();
            note = "the plane through " + marks[0].label + ", " + marks[1].label + " and " + marks[2].label;
        } else {
            const core::Vector origin = startingPoint(request, *problem, note);
            if (request.plane == analysis::PlaneKind::TaskGradients && tasks >= 2) {
                analysis::TaskGradientOracle oracle(*problem, request.experiment.seed);
                plane = analysis::taskGradientPlane(oracle, origin, std::clamp(request.taskA, 0, tasks - 1),
                    std::clamp(request.taskB, 0, tasks - 1), request.experiment.seed);
            } else {
                plane = analysis::filterNormalizedPlane(*problem, origin, request.experiment.seed);
            }
        }
        if (request.fitWindow && !planar) {
            Eigen::MatrixXd points
                = trajectory.empty() ? Eigen::MatrixXd(0, 2) : analysis::projectOntoPlane(plane, trajectory);
            const Eigen::Index k = points.rows();
            points.conservativeResize(k + static_cast<Eigen::Index>(marks.size()), 2);
            for (std::size_t m = 0; m < marks.size(); ++m)
                points.row(k + static_cast<Eigen::Index>(m)) << marks[m].a, marks[m].b;
            fitWindow(points, options);
        }
        analysis::computeLandscape(
            *problem, plane, options, trajectory,
            [&](const analysis::LandscapeResult& level) {
                auto outcome = std::make_shared<LandscapeOutcome>();
                outcome->result = level;
                outcome->trajectorySteps = steps;
                outcome->marks = marks;
                outcome->planar = planar;
                outcome->originNote = note;
                onLevel(outcome);
            },
            &cancel);
    } catch (const std::exception& e) {
        auto outcome = std::make_shared<LandscapeOutcome>();
        outcome->error = e.what();
        onLevel(outcome);
    }
}

} // namespace mtw::engine

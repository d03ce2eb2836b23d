#include "gui/views/landscape_job.h"

#include "analysis/landscape_plane.h"
#include "analysis/task_gradient_oracle.h"
#include "core/rng.h"
#include "engine/problem_factory.h"
#include "engine/seed_streams.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

namespace mtw::gui {

bool LandscapeJob::isPlanarProblem(const std::string& problemId) { return problemId == "cagrad_toy"; }

void LandscapeJob::run(const LandscapeRequest& request, const std::atomic<bool>& cancel, const Callback& onLevel)
{
    auto fail = [&onLevel](const std::string& message) {
        auto outcome = std::make_shared<LandscapeOutcome>();
        outcome->error = message;
        onLevel(outcome);
    };
    try {
        std::unique_ptr<problem::MultiTaskProblem> problem = engine::createProblem(request.experiment);
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
        if (planar) {
            plane = analysis::parameterAxesPlane(2);
            note = "exact losses on the grid";
        } else {
            core::Vector origin;
            if (request.origin.size() == problem->parameterCount()) {
                origin = request.origin.cast<core::Vector::Scalar>();
                note = "centred on the run's current parameters";
            } else {
                core::Rng initRng = engine::seedStream(request.experiment.seed, engine::SeedStream::InitialParameters);
                origin = problem->initialParameters(initRng);
                note = "centred on the run's initial parameters (the run does not stream its parameters)";
            }
            if (request.plane == analysis::PlaneKind::TaskGradients && tasks >= 2) {
                analysis::TaskGradientOracle oracle(*problem, request.experiment.seed);
                plane = analysis::taskGradientPlane(oracle, origin, std::clamp(request.taskA, 0, tasks - 1),
                    std::clamp(request.taskB, 0, tasks - 1), request.experiment.seed);
            } else {
                plane = analysis::filterNormalizedPlane(*problem, origin, request.experiment.seed);
            }
        }
        const bool isPlanar = planar;
        analysis::computeLandscape(*problem, plane, options, {},
            [&](const analysis::LandscapeResult& level) {
                auto outcome = std::make_shared<LandscapeOutcome>();
                outcome->result = level;
                outcome->planar = isPlanar;
                outcome->originNote = note;
                onLevel(outcome);
            },
            &cancel);
    } catch (const std::exception& e) {
        fail(e.what());
    }
}

} // namespace mtw::gui

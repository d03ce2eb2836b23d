#pragma once
// One loss-landscape computation of a run, the same for the GUI's Landscape view (on a worker
// thread) and `mtw-cli landscape`: builds a fresh problem instance from the run's experiment
// (never the trainer's, whose step state is mutable), picks the plane and calls
// analysis::computeLandscape, which refines coarse -> fine and reports every level.
//  * planar (2-parameter) problems: the parameter axes, i.e. exact contours of L_t(x1, x2);
//  * random directions (filter-normalized) or the plane of two task gradients: a slice through
//    `origin` (the run's current or final parameters when known, else its initial parameters,
//    reproduced from the seed as the trainer draws them);
//  * the PCA plane of the run's stored parameter snapshots (diagnostics.parameters_every; at
//    least 3), centred on the last one, with the trajectory projected on it (Li et al. 2018,
//    section 7);
//  * the plane through three points (e.g. the start, a single-task run's end and a multi-task
//    run's end; Garipov et al. 2018), centred on the first, the three points marked, and the
//    trajectory projected on it when given.
// On the last two planes `fitWindow` fits the window to the projected points (25 % margin).
// The total surface is the mean loss (weights 1/T): the scalarised objective of equal weighting.
#include "analysis/loss_landscape.h"
#include "engine/experiment.h"
#include "engine/snapshot.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mtw::engine {

// A named point of the plane (a, b): the three points of a three-point plane.
struct LandscapeMark {
    std::string label;
    double a = 0, b = 0;
};

struct LandscapeRequest {
    Experiment experiment;
    analysis::PlaneKind plane = analysis::PlaneKind::FilterNormalizedRandom; // non-planar problems
    int taskA = 0, taskB = 1; // gradient plane
    double xMin = -1, xMax = 1, yMin = -1, yMax = 1;
    bool fitWindow = false; // PCA and three points: the window around the projected points
    int initialResolution = 17;
    int finalResolution = 129;
    Eigen::VectorXd origin; // empty: the run's initial parameters
    std::vector<ParameterRecord> trajectory; // the run's parameter snapshots, in step order
    std::vector<core::Vector> points; // three points: exactly 3 (empty: the experiment's initial parameters)
    std::vector<std::string> pointLabels; // their names ("start", "MT end", ...)
};

struct LandscapeOutcome {
    analysis::LandscapeResult result; // result.trajectory: the projected snapshots (K x 2)
    std::vector<long long> trajectorySteps; // the step of each projected snapshot
    std::vector<LandscapeMark> marks;
    bool planar = false;
    std::string originNote; // where the slice is centred (shown to the user)
    std::string error; // non-empty: the computation failed
};

class LandscapeJob {
public:
    using Callback = std::function<void(const std::shared_ptr<const LandscapeOutcome>&)>;
    // Runs to the last level or until *cancel; calls onLevel after each level (on this thread)
    // and once with error set if anything throws.
    static void run(const LandscapeRequest& request, const std::atomic<bool>& cancel, const Callback& onLevel);
    // True for problems whose parameters are the plane itself (landscape = exact contours).
    static bool isPlanarProblem(const std::string& problemId);
    // The fewest snapshots the PCA plane needs.
    static constexpr std::size_t minimumTrajectory = 3;
};

} // namespace mtw::engine

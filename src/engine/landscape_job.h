#pragma once
// One background loss-landscape computation for the Landscape view (Qt-free, so it runs on a
// worker thread without touching widgets): builds a fresh problem instance from the run's
// experiment (never the trainer's, whose step state is mutable), picks the plane and calls
// analysis::computeLandscape, which refines coarse -> fine and reports every level.
//  * planar (2-parameter) problems: the parameter axes, i.e. exact contours of L_t(x1, x2);
//  * other problems: a slice through `origin` (the run's current parameters when it streams
//    them, else its initial parameters, reproduced from the seed as the trainer draws them)
//    along filter-normalized random directions or the plane of two task gradients.
// The total surface is the mean loss (weights 1/T): the scalarised objective of equal weighting.
#include "analysis/loss_landscape.h"
#include "engine/experiment.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mtw::gui {

struct LandscapeRequest {
    engine::Experiment experiment;
    analysis::PlaneKind plane = analysis::PlaneKind::FilterNormalizedRandom; // non-planar problems
    int taskA = 0, taskB = 1; // gradient plane
    double xMin = -1, xMax = 1, yMin = -1, yMax = 1;
    int initialResolution = 17;
    int finalResolution = 129;
    Eigen::VectorXd origin; // empty: the run's initial parameters
};

struct LandscapeOutcome {
    analysis::LandscapeResult result;
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
};

} // namespace mtw::gui

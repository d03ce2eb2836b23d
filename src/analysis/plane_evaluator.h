#pragma once
// Evaluates the task losses at the points of a landscape plane, theta(a, b) = origin + a d1 + b d2
// (landscape_plane.h). lossesAt() is const and thread-safe: the grid calls it concurrently.
//
//  * ProblemPlaneEvaluator: MultiTaskProblem::lossesAt(theta(a, b)) per point (the fixed
//    evaluation subset of the problem); a full forward pass per point.
//  * FactoredNetworkEvaluator (factored_network_evaluator.h): the first-layer factorisation for
//    HardSharingNetwork trunks that start with a Linear layer (exact, three products per plane).
// makePlaneEvaluator picks the factored one when it applies and `allowFactored` is set.
#include "analysis/landscape_plane.h"
#include "problem/multi_task_problem.h"

#include <memory>
#include <vector>

namespace mtw::analysis {

struct PlanePoint {
    double a = 0, b = 0;
};

class PlaneEvaluator {
public:
    virtual ~PlaneEvaluator() = default;
    virtual int taskCount() const = 0;
    virtual Eigen::VectorXd lossesAt(double a, double b) const = 0;
    // The losses at several points, each exactly lossesAt(point) (the same bits). An evaluator
    // that reads the same stored data for every point (the factored one) reads it once per batch.
    virtual std::vector<Eigen::VectorXd> lossesAtEach(const std::vector<PlanePoint>& points) const;
    virtual bool isFactored() const { return false; }
};

class ProblemPlaneEvaluator final : public PlaneEvaluator {
public:
    // Keeps references: problem and plane must outlive the evaluator.
    ProblemPlaneEvaluator(const problem::MultiTaskProblem& problem, const LandscapePlane& plane);
    int taskCount() const override { return m_problem.taskCount(); }
    Eigen::VectorXd lossesAt(double a, double b) const override;

private:
    const problem::MultiTaskProblem& m_problem;
    const LandscapePlane& m_plane;
};

// evaluationSamples: the subset size of the factored evaluator; it must equal the one the network
// was built with for the factored and per-point surfaces to coincide (HardSharingNetwork default 2048).
std::unique_ptr<PlaneEvaluator> makePlaneEvaluator(const problem::MultiTaskProblem& problem,
    const LandscapePlane& plane, bool allowFactored = true, int evaluationSamples = 2048);

} // namespace mtw::analysis

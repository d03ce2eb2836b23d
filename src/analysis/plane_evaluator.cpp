#include "analysis/plane_evaluator.h"

#include "analysis/factored_network_evaluator.h"
#include "problem/analytic_problem.h"

namespace mtw::analysis {

std::vector<Eigen::VectorXd> PlaneEvaluator::lossesAtEach(const std::vector<PlanePoint>& points) const
{
    std::vector<Eigen::VectorXd> losses;
    for (const PlanePoint& point : points)
        losses.push_back(lossesAt(point.a, point.b));
    return losses;
}

ProblemPlaneEvaluator::ProblemPlaneEvaluator(const problem::MultiTaskProblem& problem, const LandscapePlane& plane)
    : m_problem(problem)
    , m_plane(plane)
{
}

Eigen::VectorXd ProblemPlaneEvaluator::lossesAt(double a, double b) const
{
    if (const auto* analytic = dynamic_cast<const problem::AnalyticProblem*>(&m_problem)) {
        // Analytic losses are closed-form in double: form theta(a, b) in double too, so contour
        // data over an (x1, x2) window is exact.
        const Eigen::VectorXd theta
            = m_plane.origin.cast<double>() + a * m_plane.d1.cast<double>() + b * m_plane.d2.cast<double>();
        Eigen::VectorXd losses;
        analytic->value(theta, losses, nullptr);
        return losses;
    }
    const Vector theta
        = m_plane.origin + static_cast<core::Scalar>(a) * m_plane.d1 + static_cast<core::Scalar>(b) * m_plane.d2;
    return m_problem.lossesAt(theta);
}

std::unique_ptr<PlaneEvaluator> makePlaneEvaluator(
    const problem::MultiTaskProblem& problem, const LandscapePlane& plane, bool allowFactored, int evaluationSamples)
{
    if (allowFactored && FactoredNetworkEvaluator::applies(problem))
        return std::make_unique<FactoredNetworkEvaluator>(
            dynamic_cast<const problem::HardSharingNetwork&>(problem), plane, evaluationSamples);
    return std::make_unique<ProblemPlaneEvaluator>(problem, plane);
}

} // namespace mtw::analysis

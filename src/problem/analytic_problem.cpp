#include "problem/analytic_problem.h"

namespace mtw::problem {

void AnalyticProblem::computeGradients(const Vector& theta, const GradientRequest&, core::Rng&, StepGradients& out)
{
    value(theta.cast<double>(), out.losses, &m_lastJacobian);
    out.gramian = m_lastJacobian * m_lastJacobian.transpose();
    out.jacobian = m_lastJacobian.cast<core::Scalar>();
}

void AnalyticProblem::combine(const Eigen::VectorXd& weights, bool, Vector& direction)
{
    direction = (m_lastJacobian.transpose() * weights).cast<core::Scalar>();
}

void AnalyticProblem::combineDirection(const Vector& spaceDirection, const Eigen::VectorXd&, bool, Vector& direction)
{
    direction = spaceDirection;
}

Eigen::VectorXd AnalyticProblem::lossesAt(const Vector& theta) const
{
    Eigen::VectorXd losses;
    value(theta.cast<double>(), losses, nullptr);
    return losses;
}

std::vector<TaskEvaluation> AnalyticProblem::evaluate(const Vector& theta, Split) const
{
    const Eigen::VectorXd losses = lossesAt(theta);
    std::vector<TaskEvaluation> result;
    for (Eigen::Index t = 0; t < losses.size(); ++t)
        result.push_back({ losses(t), losses(t), "loss", false, {} });
    return result;
}

} // namespace mtw::problem

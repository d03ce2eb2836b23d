#pragma once
// Base of the analytic problems: every parameter is shared, there are no heads and no data, and
// each task's loss and exact gradient are closed-form functions of theta (evaluated in double).
#include "problem/multi_task_problem.h"

namespace mtw::problem {

class AnalyticProblem : public MultiTaskProblem {
public:
    Index sharedParameterCount() const override { return parameterCount(); }
    void computeGradients(
        const Vector& theta, const GradientRequest& request, core::Rng& rng, StepGradients& out) override;
    void combine(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) override;
    void combineDirection(
        const Vector& spaceDirection, const Eigen::VectorXd& headWeights, bool weightHeads, Vector& direction) override;
    Eigen::VectorXd lossesAt(const Vector& theta) const override;
    std::vector<TaskEvaluation> evaluate(const Vector& theta, Split split) const override;

    // Losses (T) and, when jacobian is non-null, the exact Jacobian (T x P) at x.
    virtual void value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const = 0;

protected:
    Eigen::MatrixXd m_lastJacobian;
};

} // namespace mtw::problem

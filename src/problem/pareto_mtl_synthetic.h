#pragma once
// The synthetic two-task problem of Pareto MTL (Lin, Zhen, Li, Zhang, Kwong 2019, NeurIPS,
// section 6.1; official `run_synthetic_example.py`), x in R^n (n = 20):
//   f1(x) = 1 - exp(-sum_i (x_i - 1/sqrt(n))^2),   f2(x) = 1 - exp(-sum_i (x_i + 1/sqrt(n))^2)
// Its Pareto front is concave: along x = t/sqrt(n) * 1, t in [-1, 1],
//   (f1, f2) = (1 - exp(-(1 - t)^2), 1 - exp(-(1 + t)^2)).
// Start: x0 ~ U(-0.5, 0.5)^n from the run's seed.
//   parameters: dimension n, default 20.
#include "problem/analytic_problem.h"

namespace mtw::problem {

class ParetoMtlSynthetic final : public AnalyticProblem {
public:
    explicit ParetoMtlSynthetic(int dimension);
    std::string name() const override { return "pareto_mtl_synthetic"; }
    const std::vector<TaskInfo>& tasks() const override { return m_tasks; }
    Index parameterCount() const override { return m_dimension; }
    Vector initialParameters(core::Rng& rng) const override;
    void value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const override;
    std::vector<Eigen::VectorXd> paretoFront(int points) const override;

private:
    int m_dimension;
    std::vector<TaskInfo> m_tasks;
};

} // namespace mtw::problem

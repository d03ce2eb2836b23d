#pragma once
// The two-task toy of CAGrad (Liu et al. 2021, NeurIPS, Fig. 1; official `toy.py`) and Nash-MTL
// (Navon et al. 2022, ICML, Fig. 1; `experiments/toy`), x = (x1, x2), LOWER = 5e-6:
//   f1_log = log(max(|0.5(-x1 - 7) - tanh(-x2)|, LOWER)) + 6
//   f2_log = log(max(|0.5(-x1 + 3) + tanh(-x2) + 2|, LOWER)) + 6
//   f1_sq  = ((-x1 + 7)^2 + 0.1 (-x2 - 8)^2) / 10 - 20
//   f2_sq  = ((-x1 - 7)^2 + 0.1 (-x2 - 8)^2) / 10 - 20
//   c1 = max(tanh(0.5 x2), 0),  c2 = max(tanh(-0.5 x2), 0)
//   L1 = s1 (c1 f1_log + c2 f1_sq),  L2 = s2 (c1 f2_log + c2 f2_sq)
// Subgradients follow the official (PyTorch) code: max(., bound) passes the gradient where the
// input is >= the bound, |a| has derivative sign(a) (0 at 0). Without that convention the (0, 0)
// start never moves. The Pareto set lies near x2 = -8.3552 for x1 in [-7, 7].
//   parameters: start (x1, x2), default (-8.5, 7.5); loss_scales (s1, s2), default (1, 1)
//   (Nash-MTL's figure scales L1 by 0.1).
#include "problem/analytic_problem.h"

namespace mtw::problem {

class CagradToy final : public AnalyticProblem {
public:
    CagradToy(Eigen::Vector2d start, Eigen::Vector2d lossScales);
    std::string name() const override { return "cagrad_toy"; }
    const std::vector<TaskInfo>& tasks() const override { return m_tasks; }
    Index parameterCount() const override { return 2; }
    Vector initialParameters(core::Rng& rng) const override;
    void value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const override;
    bool isPlanar() const override { return true; }
    std::vector<Eigen::VectorXd> paretoFront(int points) const override;

    static constexpr double paretoX2 = -8.3552;

private:
    Eigen::Vector2d m_start;
    Eigen::Vector2d m_scales;
    std::vector<TaskInfo> m_tasks;
};

// Norm of the min-norm point of the convex hull of two gradients: 0 exactly at Pareto-stationary
// points (the stationarity measure reported for the toy).
double paretoStationarity(const Eigen::Vector2d& g1, const Eigen::Vector2d& g2);
double paretoStationarity(const Eigen::MatrixXd& jacobian); // 2 x P

} // namespace mtw::problem

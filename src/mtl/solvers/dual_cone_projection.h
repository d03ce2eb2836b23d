#pragma once
// Projection onto the dual cone of the task gradients, in weight space.
//
// For J (T x P) with rows g_i and G = J J^T, the dual cone is {x : J x >= 0}. The projection of
// J^T u onto it is J^T v with
//     v = argmin_v  v^T G v   subject to  v >= u
// (Quinton & Rey 2024, "Jacobian Descent for Multi-Objective Optimization", Proposition 1; TorchJD
// `_project_weight_vector`). With v = u + x this is the non-negative QP
//     min_x 1/2 x^T G x + (G u)^T x,  x >= 0,
// solved exactly by the active-set method of NonnegativeQp (no regularization needed: G may be
// singular). KKT: G v >= 0 (the projection is non-conflicting) and (G v)_i = 0 where v_i > u_i.
//
// The solution is invariant to scaling G, so callers may pass a normalized Gramian.
#include "mtl/solvers/nonnegative_qp.h"

namespace mtw::mtl::solvers {

class DualConeProjection {
public:
    // v for one vector u. Returns false if the active-set iteration limit was hit.
    bool project(const Eigen::MatrixXd& G, const Eigen::VectorXd& u, Eigen::VectorXd& v);
    int iterations() const { return m_qp.iterations(); }

private:
    NonnegativeQp m_qp;
    Eigen::VectorXd m_linear;
    Eigen::VectorXd m_shift;
};

// Convenience wrapper: the weights v of the projection of J^T u onto the dual cone.
Eigen::VectorXd projectOntoDualCone(const Eigen::MatrixXd& G, const Eigen::VectorXd& u);

} // namespace mtw::mtl::solvers

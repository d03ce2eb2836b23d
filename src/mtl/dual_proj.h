#pragma once
// DualProj: project the mean gradient onto the dual cone {x : J x >= 0} of the task gradients --
// the solution of Eq. (11) of Lopez-Paz & Ranzato 2017, "Gradient Episodic Memory for Continual
// Learning" (NeurIPS), as TorchJD's DualProj:
//     d = pi_J(J^T 1/T) = J^T v,   v = argmin_{v >= 1/T} v^T G v
// on G / trace(G) (0 when trace(G) < norm_eps) + reg_eps I, solved by
// solvers::DualConeProjection. Non-conflicting (exactly for reg_eps = 0); not linear under
// scaling (TorchJD table).
//   parameters: norm_eps (1e-4), reg_eps (1e-4); preference vector 1/T.
#include "mtl/method.h"
#include "mtl/solvers/dual_cone_projection.h"

namespace mtw::mtl {

class DualProj final : public Method {
public:
    DualProj(double normEps, double regEps);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    double m_normEps;
    double m_regEps;
    solvers::DualConeProjection m_projection;
    Eigen::MatrixXd m_gramian;
    Eigen::VectorXd m_preference;
};

} // namespace mtw::mtl

#pragma once
// UPGrad: Quinton & Rey 2024, "Jacobian Descent for Multi-Objective Optimization", Eq. (5) /
// Sec. 3: project each gradient onto the dual cone {x : J x >= 0} of all gradients and average:
//     d = (1/T) sum_i pi_J(g_i),   pi_J(J^T u) = J^T v(u),   v(u) = argmin_{v >= u} v^T G v
// (Proposition 1). As TorchJD's UPGradWeighting, the QPs use G / trace(G) (0 when
// trace(G) < norm_eps) plus reg_eps I; the weights are sum_i v(e_i / T). Each QP is solved exactly
// by solvers::DualConeProjection. The T projections are independent: from T = 16 on they run in
// parallel (TBB), each into its own column, summed in task order -- the same bits with any
// number of threads.
// Non-conflicting and linear under scaling (TorchJD table) -- exactly for reg_eps = 0 and
// trace(G) >= norm_eps. With reg_eps > 0 each QP's KKT conditions give only
// G v >= -reg_eps trace(G) v, so J d >= -reg_eps trace(G) w per task: relative to a task whose
// gradient is 1e4 times smaller than another's, that is a real conflict (issue 10). Below
// norm_eps the Gramian is zeroed and the step is the mean gradient.
//   parameters: norm_eps (1e-4), reg_eps (1e-4); preference vector 1/T.
#include "mtl/method.h"
#include "mtl/solvers/dual_cone_projection.h"

#include <tbb/enumerable_thread_specific.h>
#include <vector>

namespace mtw::mtl {

// G / trace(G) (or 0 if trace(G) < normEps) + regEps I, as TorchJD's normalize + regularize.
void normalizedRegularizedGramian(const Eigen::MatrixXd& G, double normEps, double regEps, Eigen::MatrixXd& out);

class UpGrad final : public Method {
public:
    UpGrad(double normEps, double regEps);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    double m_normEps;
    double m_regEps;
    struct Workspace {
        solvers::DualConeProjection projection;
        Eigen::VectorXd preference, projected;
    };
    Eigen::MatrixXd m_gramian;
    Eigen::MatrixXd m_projections; // column i: v(e_i / T)
    std::vector<int> m_iterations;
    tbb::enumerable_thread_specific<Workspace> m_workspaces; // no allocation after the first steps
};

} // namespace mtw::mtl

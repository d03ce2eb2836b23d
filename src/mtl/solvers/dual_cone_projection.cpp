#include "mtl/solvers/dual_cone_projection.h"

namespace mtw::mtl::solvers {

bool DualConeProjection::project(const Eigen::MatrixXd& G, const Eigen::VectorXd& u, Eigen::VectorXd& v)
{
    m_linear.noalias() = G * u;
    const bool converged = m_qp.solve(G, m_linear, m_shift);
    v = u + m_shift;
    return converged;
}

Eigen::VectorXd projectOntoDualCone(const Eigen::MatrixXd& G, const Eigen::VectorXd& u)
{
    DualConeProjection projection;
    Eigen::VectorXd v;
    projection.project(G, u, v);
    return v;
}

} // namespace mtw::mtl::solvers

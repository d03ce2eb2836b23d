#include "mtl/imtl_g.h"

#include <cmath>

namespace mtw::mtl {

Eigen::VectorXd imtlGradientWeights(const Eigen::MatrixXd& G)
{
    const Eigen::Index tasks = G.rows();
    const Eigen::VectorXd roots = G.diagonal().cwiseMax(0.0).cwiseSqrt();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(G);
    const Eigen::VectorXd& values = eigen.eigenvalues();
    const Eigen::MatrixXd& vectors = eigen.eigenvectors();
    const double cutoff = 1e-10 * std::max(values.cwiseAbs().maxCoeff(), 0.0);
    Eigen::VectorXd v = Eigen::VectorXd::Zero(tasks);
    for (Eigen::Index k = 0; k < tasks; ++k)
        if (values(k) > cutoff && values(k) > 0.0)
            v += vectors.col(k) * (vectors.col(k).dot(roots) / values(k));
    const double total = v.sum();
    if (!(std::abs(total) > 1e-12 * v.cwiseAbs().sum()))
        return Eigen::VectorXd::Zero(tasks);
    return v / total;
}

void ImtlG::compute(const MethodInput& input, MethodOutput& output)
{
    output.weights = imtlGradientWeights(input.gramian);
}

} // namespace mtw::mtl

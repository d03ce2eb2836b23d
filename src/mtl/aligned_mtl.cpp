#include "mtl/aligned_mtl.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mtw::mtl {

AlignedMtl::AlignedMtl(ScaleMode scaleMode)
    : m_scaleMode(scaleMode)
{
}

AlignedMtl::ScaleMode AlignedMtl::scaleModeFromName(const std::string& name)
{
    if (name == "min")
        return ScaleMode::Min;
    if (name == "median")
        return ScaleMode::Median;
    if (name == "rmse")
        return ScaleMode::Rmse;
    throw std::invalid_argument("scale_mode must be min, median or rmse (got '" + name + "')");
}

void AlignedMtl::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    const VectorXd preference = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));

    // Eigen returns the eigenvalues in increasing order.
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(G);
    const VectorXd& lambda = eigen.eigenvalues();
    const MatrixXd& V = eigen.eigenvectors();
    const double tolerance
        = lambda(tasks - 1) * static_cast<double>(tasks) * static_cast<double>(std::numeric_limits<float>::epsilon());
    Eigen::Index first = 0; // index of the smallest kept eigenvalue
    while (first < tasks && !(lambda(first) > tolerance))
        ++first;
    const Eigen::Index rank = tasks - first;
    if (rank == 0) {
        output.weights = preference;
        return;
    }
    const VectorXd kept = lambda.tail(rank);
    const MatrixXd Vr = V.rightCols(rank);

    double scale = 0.0;
    switch (m_scaleMode) {
    case ScaleMode::Min:
        scale = kept(0);
        break;
    case ScaleMode::Median:
        // torch.median returns the lower of the two middle values for an even count.
        scale = kept((rank - 1) / 2);
        break;
    case ScaleMode::Rmse:
        scale = kept.mean();
        break;
    }
    const VectorXd inverseRoot = kept.cwiseSqrt().cwiseInverse();
    const VectorXd projected = Vr.transpose() * preference;
    output.weights = std::sqrt(scale) * (Vr * inverseRoot.cwiseProduct(projected));
}

} // namespace mtw::mtl

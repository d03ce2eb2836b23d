#include "mtl/con_fig.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::mtl {

void ConFig::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    VectorXd inverseNorms(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const double norm = std::sqrt(std::max(G(t, t), 0.0));
        inverseNorms(t) = norm > 0.0 ? 1.0 / norm : 0.0;
    }
    const MatrixXd C = inverseNorms.asDiagonal() * G * inverseNorms.asDiagonal();

    // C^+ 1 through the eigendecomposition (eigenvalues in increasing order).
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(C);
    const VectorXd& lambda = eigen.eigenvalues();
    const MatrixXd& V = eigen.eigenvectors();
    const double tolerance = std::max(lambda(tasks - 1), 0.0) * static_cast<double>(tasks)
        * static_cast<double>(std::numeric_limits<float>::epsilon());
    VectorXd inverseLambda = VectorXd::Zero(tasks);
    for (Eigen::Index k = 0; k < tasks; ++k)
        if (lambda(k) > tolerance)
            inverseLambda(k) = 1.0 / lambda(k);
    const VectorXd ones = VectorXd::Ones(tasks);
    const VectorXd pinvOnes = V * inverseLambda.cwiseProduct(V.transpose() * ones);
    const VectorXd a = inverseNorms.cwiseProduct(pinvOnes);

    const VectorXd Ga = G * a;
    const double squaredNorm = std::max(a.dot(Ga), 0.0);
    const double guardedNorm = std::max(std::sqrt(squaredNorm), 1e-12);
    output.weights = a * (Ga.sum() / (guardedNorm * guardedNorm));
}

} // namespace mtw::mtl

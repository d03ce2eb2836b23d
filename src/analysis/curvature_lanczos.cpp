// Lanczos with full reorthogonalization for the top Hessian eigenvalues (analysis/curvature.h).
#include "analysis/curvature.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace mtw::analysis {

namespace {

// Indices of the k largest-magnitude entries of `values`, largest first.
std::vector<Eigen::Index> largestMagnitude(const Eigen::VectorXd& values, int k)
{
    std::vector<Eigen::Index> order(static_cast<std::size_t>(values.size()));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    std::stable_sort(order.begin(), order.end(),
        [&](Eigen::Index a, Eigen::Index b) { return std::abs(values(a)) > std::abs(values(b)); });
    order.resize(std::min(order.size(), static_cast<std::size_t>(k)));
    return order;
}

} // namespace

HessianSpectrum hessianTopEigenvalues(
    TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, int k, const CurvatureOptions& options)
{
    if (task < -1 || task >= oracle.taskCount())
        throw std::invalid_argument("curvature: task must be -1 (total) or a task index");
    if (k < 1 || options.maxIterations < k || !(options.tolerance > 0))
        throw std::invalid_argument("curvature: 1 <= k <= maxIterations and tolerance > 0 are required");
    const Eigen::Index P = theta.size();
    Eigen::VectorXd q = options.start;
    if (q.size() != P || !(q.norm() > 0)) {
        core::Rng rng(options.seed);
        q.resize(P);
        for (Eigen::Index i = 0; i < P; ++i)
            q(i) = rng.normal();
    }
    q.normalize();
    const int limit = static_cast<int>(std::min<Eigen::Index>(options.maxIterations, P));
    Eigen::VectorXd g0;
    if (options.forwardDifference)
        oracle.lossAndGradient(theta, task, g0);
    const auto product = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
        if (!options.forwardDifference)
            return hessianVectorProduct(oracle, theta, task, v, options.epsilon);
        Eigen::VectorXd g;
        oracle.lossAndGradient(theta + options.epsilon * v, task, g);
        return (g - g0) / options.epsilon;
    };
    Eigen::MatrixXd Q(P, limit); // the Lanczos vectors
    std::vector<double> alpha, beta;
    HessianSpectrum result;
    Eigen::VectorXd ritz;
    Eigen::MatrixXd S;
    for (int j = 0; j < limit; ++j) {
        Q.col(j) = q;
        Eigen::VectorXd w = product(q);
        ++result.products;
        alpha.push_back(q.dot(w));
        // Full reorthogonalization, twice ("twice is enough", Parlett): keeps the Ritz values free
        // of spurious copies, and costs O(P j) against a product's backward passes.
        for (int pass = 0; pass < 2; ++pass)
            w -= Q.leftCols(j + 1) * (Q.leftCols(j + 1).transpose() * w);
        const double b = w.norm();
        const int m = j + 1;
        Eigen::MatrixXd T = Eigen::MatrixXd::Zero(m, m);
        for (int i = 0; i < m; ++i) {
            T(i, i) = alpha[static_cast<std::size_t>(i)];
            if (i + 1 < m)
                T(i, i + 1) = T(i + 1, i) = beta[static_cast<std::size_t>(i)];
        }
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(T);
        ritz = solver.eigenvalues();
        S = solver.eigenvectors();
        const std::vector<Eigen::Index> top = largestMagnitude(ritz, k);
        bool converged = static_cast<int>(top.size()) == k;
        for (Eigen::Index i : top)
            converged = converged && b * std::abs(S(m - 1, i)) <= options.tolerance * std::abs(ritz(i));
        const bool exhausted = b <= 1e-12 * std::max(1.0, std::abs(ritz(top.front())));
        if (converged || exhausted || j + 1 == limit) {
            result.converged = converged || exhausted;
            result.eigenvalues.resize(static_cast<Eigen::Index>(top.size()));
            result.eigenvectors.resize(P, static_cast<Eigen::Index>(top.size()));
            for (std::size_t i = 0; i < top.size(); ++i) {
                result.eigenvalues(static_cast<Eigen::Index>(i)) = ritz(top[i]);
                result.eigenvectors.col(static_cast<Eigen::Index>(i)) = (Q.leftCols(m) * S.col(top[i])).normalized();
            }
            break;
        }
        beta.push_back(b);
        q = w / b;
    }
    return result;
}

} // namespace mtw::analysis

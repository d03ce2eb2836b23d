#include "analysis/landscape_plane.h"

#include "core/linear.h"
#include "core/rng.h"
#include "problem/hard_sharing_network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtw::analysis {

namespace {

// Li et al.'s reference code divides by (|d_filter| + 1e-10).
constexpr double normGuard = 1e-10;

Eigen::VectorXd normalDraws(core::Rng& rng, Index count)
{
    Eigen::VectorXd d(count);
    for (Index i = 0; i < count; ++i)
        d(i) = rng.normal();
    return d;
}

void rescale(const Vector& theta, Eigen::VectorXd& d, const std::vector<Index>& indices, Index base)
{
    double thetaNorm = 0, dNorm = 0;
    for (Index i : indices) {
        thetaNorm += static_cast<double>(theta(base + i)) * static_cast<double>(theta(base + i));
        dNorm += d(base + i) * d(base + i);
    }
    const double scale = std::sqrt(thetaNorm) / (std::sqrt(dNorm) + normGuard);
    for (Index i : indices)
        d(base + i) *= scale;
}

void normalizeNetworkPart(const core::Sequential& net, Index offset, const Vector& theta, Eigen::VectorXd& d)
{
    std::vector<Index> indices;
    for (std::size_t l = 0; l < net.layerCount(); ++l) {
        const core::Layer& layer = net.layer(l);
        if (layer.parameterCount() == 0)
            continue;
        const Index base = offset + net.parameterOffset(l);
        if (const auto* linear = dynamic_cast<const core::Linear*>(&layer)) {
            // Filter o = row o of W (column-major: entries o + k*out); the bias is zeroed
            // (`--xignore biasbn`).
            const Index out = linear->outputSize(), in = linear->inputSize();
            for (Index o = 0; o < out; ++o) {
                indices.clear();
                for (Index k = 0; k < in; ++k)
                    indices.push_back(o + k * out);
                rescale(theta, d, indices, base);
                d(base + out * in + o) = 0;
            }
            continue;
        }
        for (Index f = 0; f < layer.filterCount(); ++f) {
            layer.filterRange(f, indices);
            rescale(theta, d, indices, base);
        }
    }
}

void orthonormalize(const Eigen::VectorXd& u1, Eigen::VectorXd& v)
{
    v -= u1.dot(v) * u1;
    v.normalize();
}

// A unit vector orthogonal to u1 from Rng(seed) (the fallback for degenerate planes).
Eigen::VectorXd randomOrthogonal(const Eigen::VectorXd& u1, std::uint64_t seed)
{
    core::Rng rng(seed);
    Eigen::VectorXd v = normalDraws(rng, u1.size());
    orthonormalize(u1, v);
    return v;
}

} // namespace

std::string planeKindName(PlaneKind kind)
{
    switch (kind) {
    case PlaneKind::FilterNormalizedRandom:
        return "filter-normalized";
    case PlaneKind::TaskGradients:
        return "task-gradients";
    case PlaneKind::TrajectoryPca:
        return "pca";
    case PlaneKind::ThreePoints:
        return "three-points";
    case PlaneKind::ParameterAxes:
        return "axes";
    }
    return "unknown";
}

void filterNormalize(const problem::MultiTaskProblem& problem, const Vector& theta, Vector& direction)
{
    Eigen::VectorXd d = direction.cast<double>();
    if (const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem)) {
        normalizeNetworkPart(network->trunk(), 0, theta, d);
        for (int t = 0; t < network->taskCount(); ++t)
            normalizeNetworkPart(network->head(t), network->headOffset(t), theta, d);
    } else {
        d /= d.norm() + normGuard;
    }
    direction = d.cast<core::Scalar>();
}

LandscapePlane filterNormalizedPlane(const problem::MultiTaskProblem& problem, const Vector& theta, std::uint64_t seed)
{
    if (theta.size() != problem.parameterCount())
        throw std::invalid_argument("filterNormalizedPlane: theta has the wrong size");
    core::Rng rng(seed);
    Eigen::VectorXd d1 = normalDraws(rng, theta.size());
    Eigen::VectorXd d2 = normalDraws(rng, theta.size());
    LandscapePlane plane;
    plane.kind = PlaneKind::FilterNormalizedRandom;
    plane.origin = theta;
    if (dynamic_cast<const problem::HardSharingNetwork*>(&problem)) {
        plane.d1 = d1.cast<core::Scalar>();
        plane.d2 = d2.cast<core::Scalar>();
        filterNormalize(problem, theta, plane.d1);
        filterNormalize(problem, theta, plane.d2);
        plane.description = "random filter-normalized directions (seed " + std::to_string(seed) + ")";
    } else {
        d1.normalize();
        orthonormalize(d1, d2);
        plane.d1 = d1.cast<core::Scalar>();
        plane.d2 = d2.cast<core::Scalar>();
        plane.description = "random orthonormal directions (seed " + std::to_string(seed) + ")";
    }
    return plane;
}

LandscapePlane taskGradientPlane(
    TaskGradientOracle& oracle, const Vector& theta, int taskA, int taskB, std::uint64_t seed)
{
    if (taskA < 0 || taskB < 0 || taskA >= oracle.taskCount() || taskB >= oracle.taskCount() || taskA == taskB)
        throw std::invalid_argument("taskGradientPlane: two different valid tasks are needed");
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    oracle.evaluate(theta.cast<double>(), losses, &gradients);
    Eigen::VectorXd u1 = gradients.row(taskA).transpose();
    Eigen::VectorXd u2 = gradients.row(taskB).transpose();
    const double norm1 = u1.norm(), norm2 = u2.norm();
    if (norm1 == 0) {
        core::Rng rng(seed);
        u1 = normalDraws(rng, theta.size()).normalized();
    } else {
        u1 /= norm1;
    }
    u2 -= u1.dot(u2) * u1;
    // Parallel (or vanishing) second gradient: the plane is not defined by the gradients.
    if (u2.norm() <= 1e-9 * std::max(norm2, 1e-300))
        u2 = randomOrthogonal(u1, seed + 1);
    else
        u2.normalize();
    LandscapePlane plane;
    plane.kind = PlaneKind::TaskGradients;
    plane.origin = theta;
    plane.d1 = u1.cast<core::Scalar>();
    plane.d2 = u2.cast<core::Scalar>();
    plane.description = "gradients of tasks " + std::to_string(taskA) + " and " + std::to_string(taskB);
    return plane;
}

LandscapePlane trajectoryPcaPlane(const std::vector<Vector>& trajectory)
{
    const Index K = static_cast<Index>(trajectory.size());
    if (K < 3)
        throw std::invalid_argument("trajectoryPcaPlane: at least 3 trajectory points are needed");
    const Vector& last = trajectory.back();
    const Index P = last.size();
    // Gram matrix of x_k = theta_k - theta_final, in double without storing the K x P matrix
    // (K checkpoints of a large network would not fit).
    Eigen::MatrixXd gram(K, K);
    for (Index k = 0; k < K; ++k)
        for (Index l = 0; l <= k; ++l) {
            double sum = 0;
            for (Index i = 0; i < P; ++i)
                sum += (static_cast<double>(trajectory[static_cast<std::size_t>(k)](i)) - last(i))
                    * (static_cast<double>(trajectory[static_cast<std::size_t>(l)](i)) - last(i));
            gram(k, l) = gram(l, k) = sum;
        }
    // Centre the rows (sklearn's PCA in the reference code): C X X^T C with C = I - 1 1^T / K.
    const Eigen::MatrixXd centering
        = Eigen::MatrixXd::Identity(K, K) - Eigen::MatrixXd::Constant(K, K, 1.0 / static_cast<double>(K));
    const Eigen::MatrixXd centred = centering * gram * centering;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(centred);
    const Eigen::VectorXd values = solver.eigenvalues(); // ascending
    const double total = std::max(values.sum(), 0.0);
    LandscapePlane plane;
    plane.kind = PlaneKind::TrajectoryPca;
    plane.origin = last;
    std::vector<Eigen::VectorXd> directions;
    for (int c = 0; c < 2; ++c) {
        const Index index = K - 1 - c;
        const double lambda = values(index);
        Eigen::VectorXd weights = centering * solver.eigenvectors().col(index); // coefficients on x_k
        Eigen::VectorXd d = Eigen::VectorXd::Zero(P);
        if (lambda > 1e-12 * std::max(total, 1e-300)) {
            for (Index k = 0; k < K; ++k)
                for (Index i = 0; i < P; ++i)
                    d(i) += weights(k) * (static_cast<double>(trajectory[static_cast<std::size_t>(k)](i)) - last(i));
            d.normalize();
            plane.explainedVariance(c) = lambda / total;
        } else if (c == 1 && !directions.empty()) {
            d = randomOrthogonal(directions.front(), 0); // a straight trajectory spans one direction
        } else {
            throw std::invalid_argument("trajectoryPcaPlane: the trajectory does not move");
        }
        directions.push_back(d);
    }
    plane.d1 = directions[0].cast<core::Scalar>();
    plane.d2 = directions[1].cast<core::Scalar>();
    plane.description = "PCA of " + std::to_string(K) + " trajectory points";
    return plane;
}

LandscapePlane threePointPlane(const Vector& w1, const Vector& w2, const Vector& w3)
{
    if (w2.size() != w1.size() || w3.size() != w1.size())
        throw std::invalid_argument("threePointPlane: the points have different parameter counts");
    // In double: the points of trained networks differ in a small part of their norm.
    const Eigen::VectorXd origin = w1.cast<double>();
    Eigen::VectorXd u = w2.cast<double>() - origin;
    Eigen::VectorXd v = w3.cast<double>() - origin;
    const double uNorm = u.norm();
    if (!(uNorm > 0))
        throw std::invalid_argument("threePointPlane: the first two points coincide");
    u /= uNorm;
    const double scale = v.norm();
    v -= v.dot(u) * u;
    if (!(v.norm() > 1e-9 * std::max(scale, uNorm)))
        throw std::invalid_argument("threePointPlane: the three points are collinear");
    v.normalize();
    LandscapePlane plane;
    plane.kind = PlaneKind::ThreePoints;
    plane.origin = w1;
    plane.d1 = u.cast<core::Scalar>();
    plane.d2 = v.cast<core::Scalar>();
    plane.description = "plane through three points";
    return plane;
}

LandscapePlane parameterAxesPlane(Index parameterCount)
{
    if (parameterCount < 2)
        throw std::invalid_argument("parameterAxesPlane: at least 2 parameters are needed");
    LandscapePlane plane;
    plane.kind = PlaneKind::ParameterAxes;
    plane.origin = Vector::Zero(parameterCount);
    plane.d1 = Vector::Unit(parameterCount, 0);
    plane.d2 = Vector::Unit(parameterCount, 1);
    plane.description = "parameter axes (x1, x2)";
    return plane;
}

Eigen::MatrixXd projectOntoPlane(const LandscapePlane& plane, const std::vector<Vector>& trajectory)
{
    const Index P = plane.origin.size();
    Eigen::MatrixXd basis(P, 2);
    basis.col(0) = plane.d1.cast<double>();
    basis.col(1) = plane.d2.cast<double>();
    const Eigen::Matrix2d normal = basis.transpose() * basis;
    const Eigen::LDLT<Eigen::Matrix2d> solver(normal);
    Eigen::MatrixXd coordinates(static_cast<Index>(trajectory.size()), 2);
    for (std::size_t k = 0; k < trajectory.size(); ++k) {
        const Eigen::VectorXd offset = trajectory[k].cast<double>() - plane.origin.cast<double>();
        const Eigen::Vector2d rhs = basis.transpose() * offset;
        coordinates.row(static_cast<Index>(k)) = solver.solve(rhs).transpose();
    }
    return coordinates;
}

} // namespace mtw::analysis

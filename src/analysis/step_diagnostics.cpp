#include "analysis/step_diagnostics.h"

#include <algorithm>
#include <cmath>

namespace mtw::analysis {

Eigen::MatrixXd cosineMatrix(const Eigen::MatrixXd& gramian)
{
    const Eigen::Index tasks = gramian.rows();
    Eigen::MatrixXd cosine(tasks, tasks);
    for (Eigen::Index i = 0; i < tasks; ++i)
        for (Eigen::Index j = 0; j < tasks; ++j) {
            const double denominator = std::sqrt(gramian(i, i) * gramian(j, j));
            cosine(i, j) = denominator > 0 ? std::clamp(gramian(i, j) / denominator, -1.0, 1.0) : 0.0;
        }
    return cosine;
}

StepDiagnostics diagnoseDirection(const Eigen::MatrixXd& gramian, const Eigen::VectorXd& progress, double directionNorm)
{
    const Eigen::Index tasks = gramian.rows();
    StepDiagnostics result;
    result.cosine = cosineMatrix(gramian);
    result.gradientNorms = gramian.diagonal().cwiseMax(0.0).cwiseSqrt();
    result.progress = progress;
    result.directionNorm = directionNorm;
    result.alignment.resize(tasks);
    result.slowdown.resize(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const double norm = result.gradientNorms(t);
        result.alignment(t) = norm > 0 && directionNorm > 0 ? progress(t) / (norm * directionNorm) : 0.0;
        result.slowdown(t) = norm > 0 ? progress(t) / (norm * norm) : 0.0;
    }
    int pairs = 0, conflicts = 0;
    for (Eigen::Index i = 0; i < tasks; ++i)
        for (Eigen::Index j = i + 1; j < tasks; ++j) {
            ++pairs;
            conflicts += result.cosine(i, j) < 0 ? 1 : 0;
            const double a = result.gradientNorms(i), b = result.gradientNorms(j);
            const double gms = a * a + b * b > 0 ? 2 * a * b / (a * a + b * b) : 1.0;
            result.minimumMagnitudeSimilarity = std::min(result.minimumMagnitudeSimilarity, gms);
        }
    result.conflictFraction = pairs > 0 ? static_cast<double>(conflicts) / pairs : 0.0;
    // Relative tolerance: rounding in G makes exactly-zero progress come out slightly negative.
    const double tolerance = 1e-9 * (result.gradientNorms.maxCoeff() * directionNorm + 1e-300);
    result.nonConflicting = tasks == 0 || progress.minCoeff() >= -tolerance;
    return result;
}

StepDiagnostics diagnoseWeights(const Eigen::MatrixXd& gramian, const Eigen::VectorXd& weights)
{
    const Eigen::VectorXd progress = gramian * weights;
    const double normSquared = std::max(0.0, weights.dot(progress));
    return diagnoseDirection(gramian, progress, std::sqrt(normSquared));
}

} // namespace mtw::analysis

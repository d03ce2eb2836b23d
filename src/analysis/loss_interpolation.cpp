#include "analysis/loss_interpolation.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtw::analysis {

std::vector<double> interpolationAlphas(double from, double to, int points)
{
    if (points < 2)
        throw std::invalid_argument("interpolation: at least 2 points are needed");
    if (!(from < to))
        throw std::invalid_argument("interpolation: the range must go up (from < to)");
    std::vector<double> alphas(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        alphas[static_cast<std::size_t>(i)] = from + (to - from) * i / (points - 1);
    alphas.back() = to;
    for (const double end : { 0.0, 1.0 }) {
        // Snap a point within rounding of an end onto it; add the end when none is.
        auto nearest = std::min_element(
            alphas.begin(), alphas.end(), [end](double x, double y) { return std::abs(x - end) < std::abs(y - end); });
        if (std::abs(*nearest - end) < 1e-9 * std::max(1.0, std::abs(to - from)))
            *nearest = end;
        else if (end >= std::min(from, to) && end <= std::max(from, to))
            alphas.insert(std::upper_bound(alphas.begin(), alphas.end(), end), end);
    }
    return alphas;
}

double lossBarrier(const std::vector<double>& alphas, const Eigen::VectorXd& losses)
{
    const auto zero = std::find(alphas.begin(), alphas.end(), 0.0);
    const auto one = std::find(alphas.begin(), alphas.end(), 1.0);
    if (zero == alphas.end() || one == alphas.end())
        return std::nan("");
    const double l0 = losses(zero - alphas.begin()), l1 = losses(one - alphas.begin());
    double barrier = 0;
    for (std::size_t i = 0; i < alphas.size(); ++i)
        if (alphas[i] >= 0 && alphas[i] <= 1)
            barrier = std::max(barrier, losses(static_cast<Eigen::Index>(i)) - ((1 - alphas[i]) * l0 + alphas[i] * l1));
    return barrier;
}

LossInterpolation interpolateLosses(const problem::MultiTaskProblem& problem, const core::Vector& a,
    const core::Vector& b, const std::vector<double>& alphas, const std::atomic<bool>* cancel)
{
    const Eigen::Index P = problem.parameterCount();
    if (a.size() != P || b.size() != P)
        throw std::invalid_argument("interpolation: the end points have " + std::to_string(a.size()) + " and "
            + std::to_string(b.size()) + " parameters, the problem " + std::to_string(P));
    const int tasks = problem.taskCount();
    const Eigen::Index n = static_cast<Eigen::Index>(alphas.size());
    LossInterpolation result;
    result.alphas = alphas;
    for (const problem::TaskInfo& task : problem.tasks())
        result.taskNames.push_back(task.name);
    result.trainLosses = Eigen::MatrixXd::Zero(n, tasks);
    const bool validation = problem.hasValidation();
    if (validation)
        result.validationLosses = Eigen::MatrixXd::Zero(n, tasks);
    std::atomic<bool> stopped { false };
    tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, 1), [&](const tbb::blocked_range<Eigen::Index>& range) {
        for (Eigen::Index i = range.begin(); i != range.end(); ++i) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                stopped = true;
                return;
            }
            // In float as the network trains; alpha = 0 and 1 give the ends exactly.
            const auto alpha = static_cast<core::Scalar>(alphas[static_cast<std::size_t>(i)]);
            const core::Vector theta = alpha == 0 ? a : alpha == 1 ? b : core::Vector((1 - alpha) * a + alpha * b);
            result.trainLosses.row(i) = problem.lossesAt(theta).transpose();
            if (validation) {
                const std::vector<problem::TaskEvaluation> evaluation
                    = problem.evaluate(theta, problem::Split::Validation);
                for (int t = 0; t < tasks && t < static_cast<int>(evaluation.size()); ++t)
                    result.validationLosses(i, t) = evaluation[static_cast<std::size_t>(t)].loss;
            }
        }
    });
    result.cancelled = stopped;
    return result;
}

} // namespace mtw::analysis

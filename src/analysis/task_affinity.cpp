#include "analysis/task_affinity.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <limits>
#include <stdexcept>

namespace mtw::analysis {

Eigen::MatrixXd lookaheadAffinity(const TaskGradientOracle& oracle, const Eigen::VectorXd& theta,
    const Eigen::VectorXd& losses, const Eigen::MatrixXd& gradients, const LookaheadStep& step, double eta)
{
    if (!(eta > 0))
        throw std::invalid_argument("lookaheadAffinity: eta must be positive");
    const Eigen::Index tasks = losses.size();
    if (gradients.rows() != tasks || gradients.cols() != theta.size())
        throw std::invalid_argument("lookaheadAffinity: gradients must be T x P");
    Eigen::MatrixXd affinity(tasks, tasks);
    tbb::parallel_for(
        tbb::blocked_range<Eigen::Index>(0, tasks, 1), [&](const tbb::blocked_range<Eigen::Index>& range) {
            for (Eigen::Index i = range.begin(); i != range.end(); ++i) {
                Eigen::VectorXd lookahead = theta;
                step(lookahead, gradients.row(i).transpose(), static_cast<int>(i));
                const Eigen::VectorXd after = oracle.losses(lookahead);
                for (Eigen::Index j = 0; j < tasks; ++j)
                    affinity(i, j) = losses(j) != 0 ? (1.0 - after(j) / losses(j)) / eta
                                                    : std::numeric_limits<double>::quiet_NaN();
            }
        });
    return affinity;
}

LookaheadStep sharedGradientStep(const TaskGradientOracle& oracle, double eta)
{
    const Eigen::Index shared = oracle.sharedParameterCount();
    return [shared, eta](Eigen::VectorXd& theta, const Eigen::VectorXd& gradient, int) {
        theta.head(shared) -= eta * gradient.head(shared);
    };
}

Eigen::MatrixXd lookaheadAffinity(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double eta)
{
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    oracle.evaluate(theta, losses, &gradients);
    return lookaheadAffinity(oracle, theta, losses, gradients, sharedGradientStep(oracle, eta), eta);
}

} // namespace mtw::analysis

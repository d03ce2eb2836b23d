#include "analysis/task_affinity.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <limits>
#include <stdexcept>

namespace mtw::analysis {

Eigen::MatrixXd lookaheadAffinity(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double eta) {
    if (!(eta > 0))
        throw std::invalid_argument("lookaheadAffinity: eta must be positive");
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    oracle.evaluate(theta, losses, &gradients);
    const Eigen::Index tasks = losses.size();
    const Eigen::Index shared = oracle.sharedParameterCount();
    Eigen::MatrixXd affinity(tasks, tasks);
    // Each look-ahead is independent and writes its own row: deterministic in any thread count.
    tbb::parallel_for(
        tbb::blocked_range<Eigen::Index>(0, tasks, 1), [&](const tbb::blocked_range<Eigen::Index>& range) {
            for (Eigen::Index i = range.begin(); i != range.end(); ++i) {
                Eigen::VectorXd lookahead = theta;
                lookahead.head(shared) -= eta * gradients.row(i).head(shared).transpose();
                const Eigen::VectorXd after = oracle.losses(lookahead);
                for (Eigen::Index j = 0; j < tasks; ++j)
                    affinity(i, j) = losses(j) != 0 ? (1.0 - after(j) / losses(j)) / eta
                                                    : std::numeric_limits<double>::quiet_NaN();
            }
        });
    return affinity;
}

} // namespace mtw::analysis

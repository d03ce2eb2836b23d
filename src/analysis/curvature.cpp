#include "analysis/curvature.h"

#include "core/rng.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace mtw::analysis {

namespace {

void checkTask(const TaskGradientOracle& oracle, int task)
{
    if (task < -1 || task >= oracle.taskCount())
        throw std::invalid_argument("curvature: task must be -1 (total) or a task index");
}

double lossOf(const TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task)
{
    const Eigen::VectorXd losses = oracle.losses(theta);
    return task >= 0 ? losses(task) : losses.sum();
}

} // namespace

Eigen::VectorXd hessianVectorProduct(
    TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, const Eigen::VectorXd& v, double epsilon)
{
    checkTask(oracle, task);
    if (!(epsilon > 0))
        throw std::invalid_argument("curvature: epsilon must be positive");
    Eigen::VectorXd plus, minus;
    oracle.lossAndGradient(theta + epsilon * v, task, plus);
    oracle.lossAndGradient(theta - epsilon * v, task, minus);
    return (plus - minus) / (2 * epsilon);
}

HessianEigen hessianTopEigenvalue(
    TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, const CurvatureOptions& options)
{
    checkTask(oracle, task);
    if (options.maxIterations < 1 || !(options.tolerance > 0))
        throw std::invalid_argument("curvature: maxIterations >= 1 and tolerance > 0 are required");
    core::Rng rng(options.seed);
    Eigen::VectorXd v(theta.size());
    for (Eigen::Index i = 0; i < v.size(); ++i)
        v(i) = rng.normal();
    v.normalize();
    HessianEigen result;
    std::vector<double> history;
    Eigen::VectorXd previousVector;
    int settledStreak = 0;
    const auto close = [&](double a, double b) { return std::abs(a - b) <= options.tolerance * (std::abs(b) + 1e-12); };
    for (int iteration = 1; iteration <= options.maxIterations; ++iteration) {
        const Eigen::VectorXd hv = hessianVectorProduct(oracle, theta, task, v, options.epsilon);
        const double eigenvalue = v.dot(hv);
        history.push_back(eigenvalue);
        result.iterations = iteration;
        result.eigenvalue = eigenvalue;
        result.eigenvector = v;
        const double norm = hv.norm();
        if (norm == 0) { // v is in the null space: H v = 0, eigenvalue 0
            result.converged = true;
            break;
        }
        // One small change can happen by chance in the first iterations (seen on a ReLU network:
        // two nearly equal Rayleigh quotients at 10% of the top eigenvalue), so two in a row are
        // required. The direction is not tested: near-degenerate top eigenvalues turn it slowly.
        const std::size_t k = history.size() - 1;
        settledStreak = k >= 1 && close(history[k], history[k - 1]) ? settledStreak + 1 : 0;
        if (settledStreak >= 2) {
            result.converged = true;
            break;
        }
        // A stable 2-cycle: the difference quotient is not linear in v where activation patterns
        // flip within +-eps; report the larger-magnitude member of the cycle.
        if (k >= 3 && close(history[k], history[k - 2]) && close(history[k - 1], history[k - 3])) {
            result.converged = true;
            result.cycling = true;
            if (std::abs(history[k - 1]) > std::abs(history[k])) {
                result.eigenvalue = history[k - 1];
                result.eigenvector = previousVector;
            }
            break;
        }
        previousVector = v;
        v = hv / norm;
    }
    return result;
}

double samSharpness(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, double rho)
{
    checkTask(oracle, task);
    Eigen::VectorXd gradient;
    const double loss = oracle.lossAndGradient(theta, task, gradient);
    return samSharpness(oracle, theta, loss, gradient, task, rho);
}

double samSharpness(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double loss,
    const Eigen::VectorXd& gradient, int task, double rho)
{
    checkTask(oracle, task);
    if (!(rho >= 0))
        throw std::invalid_argument("curvature: rho must be non-negative");
    const double norm = gradient.norm();
    if (norm == 0)
        return 0;
    return lossOf(oracle, theta + (rho / norm) * gradient, task) - loss;
}

double meanTaskCosine(TaskGradientOracle& oracle, const Eigen::VectorXd& theta)
{
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    oracle.evaluate(theta, losses, &gradients);
    const Eigen::Index tasks = gradients.rows();
    double sum = 0;
    int pairs = 0;
    for (Eigen::Index s = 0; s < tasks; ++s)
        for (Eigen::Index t = s + 1; t < tasks; ++t) {
            const double denominator = gradients.row(s).norm() * gradients.row(t).norm();
            sum += denominator > 0 ? gradients.row(s).dot(gradients.row(t)) / denominator : 0.0;
            ++pairs;
        }
    return pairs > 0 ? sum / pairs : 0.0;
}

} // namespace mtw::analysis

#include "classical/linear_mtl_problem.h"

#include "classical/l21_norm.h"
#include "classical/trace_norm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tbb/parallel_for.h>

namespace mtw::classical {

const char* regularizerName(Regularizer regularizer)
{
    return regularizer == Regularizer::TraceNorm ? "trace" : "l21";
}

std::optional<Regularizer> parseRegularizer(const std::string& name)
{
    if (name == "trace")
        return Regularizer::TraceNorm;
    if (name == "l21")
        return Regularizer::L21;
    return std::nullopt;
}

namespace {

// lambda_max(X^T X) / n from the smaller of the two Gram matrices (same non-zero eigenvalues).
double lipschitzOf(const Eigen::MatrixXd& x)
{
    const Eigen::MatrixXd gram
        = x.rows() >= x.cols() ? Eigen::MatrixXd(x.transpose() * x) : Eigen::MatrixXd(x * x.transpose());
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram, Eigen::EigenvaluesOnly);
    return eigen.eigenvalues().maxCoeff() / static_cast<double>(x.rows());
}

} // namespace

LinearMtlProblem::LinearMtlProblem(std::vector<LinearTask> tasks, Regularizer regularizer, double lambda)
    : m_tasks(std::move(tasks))
    , m_regularizer(regularizer)
    , m_lambda(lambda)
{
    if (m_tasks.empty())
        throw std::invalid_argument("linear MTL: at least one task is needed");
    if (!(lambda >= 0) || !std::isfinite(lambda))
        throw std::invalid_argument("lambda: must be a finite number >= 0");
    const Eigen::Index d = m_tasks.front().x.cols();
    for (std::size_t t = 0; t < m_tasks.size(); ++t) {
        const LinearTask& task = m_tasks[t];
        const std::string where = "linear MTL: task " + std::to_string(t + 1) + ": ";
        if (task.x.rows() < 1 || task.x.cols() < 1)
            throw std::invalid_argument(where + "X needs at least one sample and one feature");
        if (task.x.cols() != d)
            throw std::invalid_argument(
                where + "X has " + std::to_string(task.x.cols()) + " features, task 1 has " + std::to_string(d));
        if (task.y.size() != task.x.rows())
            throw std::invalid_argument(where + "y has " + std::to_string(task.y.size()) + " values for "
                + std::to_string(task.x.rows()) + " samples");
        if (!task.x.allFinite() || !task.y.allFinite())
            throw std::invalid_argument(where + "X or y has a non-finite value");
        m_taskLipschitz.push_back(lipschitzOf(task.x));
    }
    m_lipschitz = *std::max_element(m_taskLipschitz.begin(), m_taskLipschitz.end());
}

double LinearMtlProblem::taskLoss(int t, const Eigen::Ref<const Eigen::VectorXd>& w) const
{
    const LinearTask& data = task(t);
    const Eigen::VectorXd r = data.x * w - data.y;
    return 0.5 * r.squaredNorm() / static_cast<double>(data.x.rows());
}

void LinearMtlProblem::taskGradient(
    int t, const Eigen::Ref<const Eigen::VectorXd>& w, Eigen::Ref<Eigen::VectorXd> out) const
{
    const LinearTask& data = task(t);
    const Eigen::VectorXd r = data.x * w - data.y;
    out.noalias() = data.x.transpose() * r;
    out /= static_cast<double>(data.x.rows());
}

double LinearMtlProblem::loss(const Eigen::MatrixXd& w) const
{
    std::vector<double> losses(m_tasks.size());
    tbb::parallel_for(0, taskCount(), [&](int t) { losses[static_cast<std::size_t>(t)] = taskLoss(t, w.col(t)); });
    double sum = 0; // task order, whatever the thread count
    for (double value : losses)
        sum += value;
    return sum;
}

void LinearMtlProblem::gradient(const Eigen::MatrixXd& w, Eigen::MatrixXd& out) const
{
    out.resize(w.rows(), w.cols());
    tbb::parallel_for(0, taskCount(), [&](int t) { taskGradient(t, w.col(t), out.col(t)); });
}

double LinearMtlProblem::regularizerValue(const Eigen::MatrixXd& w) const
{
    return m_regularizer == Regularizer::TraceNorm ? traceNorm(w) : l21Norm(w);
}

double LinearMtlProblem::objective(const Eigen::MatrixXd& w) const
{
    return loss(w) + m_lambda * regularizerValue(w);
}

void LinearMtlProblem::prox(const Eigen::MatrixXd& v, double step, Eigen::MatrixXd& out) const
{
    if (m_regularizer == Regularizer::TraceNorm)
        proxTraceNorm(v, step * m_lambda, out);
    else
        proxL21(v, step * m_lambda, out);
}

double LinearMtlProblem::residual(const Eigen::MatrixXd& w, double step) const
{
    Eigen::MatrixXd g;
    gradient(w, g);
    const Eigen::MatrixXd forward = w - step * g;
    Eigen::MatrixXd p;
    prox(forward, step, p);
    return (w - p).norm() / step;
}

} // namespace mtw::classical

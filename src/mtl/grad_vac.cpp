#include "mtl/grad_vac.h"

#include "mtl/method_state_io.h"

#include <algorithm>
#include <cmath>

namespace mtw::mtl {

namespace {
constexpr double kEps = 1e-8;
} // namespace

GradVac::GradVac(double beta, int taskCount)
    : m_beta(beta)
    , m_targets(MatrixXd::Zero(taskCount, taskCount))
{
}

void GradVac::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    if (m_targets.rows() != tasks)
        m_targets = MatrixXd::Zero(tasks, tasks);
    const VectorXd norms = G.diagonal().cwiseMax(0.0).cwiseSqrt();

    output.weights = VectorXd::Zero(tasks);
    VectorXd c(tasks);
    VectorXd cG(tasks);
    for (Eigen::Index i = 0; i < tasks; ++i) {
        c.setZero();
        c(i) = 1.0;
        cG = G.row(i).transpose();
        // A permutation of the other tasks.
        const std::vector<std::size_t> order = input.rng.permutation(static_cast<std::size_t>(tasks - 1));
        for (std::size_t k : order) {
            const Eigen::Index j
                = static_cast<Eigen::Index>(k) < i ? static_cast<Eigen::Index>(k) : static_cast<Eigen::Index>(k) + 1;
            const double normI = std::sqrt(std::max(c.dot(cG), 0.0));
            const double phi = cG(j) / (normI * norms(j) + kEps);
            const double target = m_targets(i, j);
            if (phi < target) {
                const double sinPhi = std::sqrt(std::max(1.0 - phi * phi, 0.0));
                const double sinTarget = std::sqrt(std::max(1.0 - target * target, 0.0));
                const double step = normI * (target * sinPhi - phi * sinTarget) / (norms(j) * sinTarget + kEps);
                c(j) += step;
                cG += step * G.col(j);
            }
            m_targets(i, j) = (1.0 - m_beta) * target + m_beta * phi;
        }
        output.weights += c;
    }
}

MethodState GradVac::state() const
{
    MethodState state;
    putMatrix(state, "targets", m_targets);
    return state;
}

void GradVac::setState(const MethodState& state)
{
    m_targets = takeMatrix(state, "targets", m_targets.rows(), m_targets.cols());
}

} // namespace mtw::mtl

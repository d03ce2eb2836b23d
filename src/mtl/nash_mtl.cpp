#include "mtl/nash_mtl.h"

#include "mtl/method_state_io.h"

#include <cmath>

namespace mtw::mtl {

NashMtl::NashMtl(int tasks, double maxNorm, int updateWeightsEvery, int optimNiter)
    : m_maxNorm(maxNorm)
    , m_updateEvery(updateWeightsEvery)
    , m_optimNiter(optimNiter)
    , m_alpha(Eigen::VectorXd::Ones(tasks))
{
}

void NashMtl::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    int iterations = 0;
    if (m_alpha.size() != G.rows())
        m_alpha.setOnes(G.rows());
    if (m_step % m_updateEvery == 0) {
        // On failure cccp leaves m_alpha as it was: the previous step's alpha is reused.
        const solvers::NashSolver::Result result = m_solver.cccp(G, m_optimNiter, m_alpha);
        m_feasible = result.feasible;
        m_solverFailed = result.failed;
        iterations = result.iterations;
    }
    ++m_step;
    if (!m_feasible) {
        output.weights.setZero(G.rows());
    } else {
        output.weights = m_alpha;
        const double norm = std::sqrt(std::max(m_alpha.dot(G * m_alpha), 0.0));
        if (m_maxNorm > 0.0 && norm > m_maxNorm)
            output.weights *= m_maxNorm / norm;
    }
    output.extras["cccp_iterations"] = iterations;
    output.extras["feasible"] = m_feasible ? 1.0 : 0.0;
    output.extras["solver_failed"] = m_solverFailed ? 1.0 : 0.0;
}

MethodState NashMtl::state() const
{
    MethodState state;
    putVector(state, "alpha", m_alpha);
    putScalar(state, "step", static_cast<double>(m_step));
    putScalar(state, "feasible", m_feasible ? 1.0 : 0.0);
    putScalar(state, "solver_failed", m_solverFailed ? 1.0 : 0.0);
    return state;
}

void NashMtl::setState(const MethodState& state)
{
    // Read everything before assigning, so a refused state leaves the method as it was.
    VectorXd alpha = takeVector(state, "alpha", m_alpha.size());
    const double step = takeScalar(state, "step");
    const double feasible = takeScalar(state, "feasible");
    // Checkpoints written before the flag existed lack it; their alpha came from a solve that
    // either succeeded or proved infeasibility (then zero weights, not a reused alpha).
    const double solverFailed = takeScalarOr(state, "solver_failed", 0.0);
    m_alpha = std::move(alpha);
    m_step = static_cast<long long>(step);
    m_feasible = feasible != 0.0;
    m_solverFailed = solverFailed != 0.0;
}

} // namespace mtw::mtl

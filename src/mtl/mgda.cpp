#include "mtl/mgda.h"

#include <cmath>
#include <stdexcept>

namespace mtw::mtl {

Mgda::Normalization Mgda::parseNormalization(const std::string& name)
{
    if (name == "none")
        return Normalization::None;
    if (name == "l2")
        return Normalization::L2;
    if (name == "loss")
        return Normalization::Loss;
    if (name == "loss+")
        return Normalization::LossPlus;
    throw std::invalid_argument("unknown MGDA normalization '" + name + "'");
}

Mgda::Solver Mgda::parseSolver(const std::string& name)
{
    if (name == "frank_wolfe")
        return Solver::FrankWolfe;
    if (name == "exact")
        return Solver::Exact;
    throw std::invalid_argument("unknown MGDA solver '" + name + "'");
}

Mgda::Mgda(Normalization normalization, Solver solver, double epsilon, int maxIters)
    : m_normalization(normalization)
    , m_solverKind(solver)
    , m_epsilon(epsilon)
    , m_maxIters(maxIters)
{
}

void Mgda::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    m_normalizers.resize(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const double norm = std::sqrt(std::max(G(t, t), 0.0));
        const double loss = t < input.losses.size() ? input.losses(t) : 1.0;
        double n = 1.0;
        switch (m_normalization) {
        case Normalization::None:
            break;
        case Normalization::L2:
            n = norm;
            break;
        case Normalization::Loss:
            n = loss;
            break;
        case Normalization::LossPlus:
            n = loss * norm;
            break;
        }
        // LibMTL divides by n_t unconditionally; a zero or negative normalizer would give a NaN
        // or flip the task's gradient, so it leaves the task unnormalized instead.
        m_normalizers(t) = (n > 0.0 && std::isfinite(n)) ? n : 1.0;
    }
    m_scaled = m_normalizers.cwiseInverse().asDiagonal() * G * m_normalizers.cwiseInverse().asDiagonal();

    int iterations = 0;
    if (tasks == 1) {
        m_hullWeights.setOnes(1);
    } else if (tasks == 2) {
        const double gamma = solvers::MinNormSolver::twoTaskWeight(m_scaled(0, 0), m_scaled(0, 1), m_scaled(1, 1));
        m_hullWeights.resize(2);
        m_hullWeights << gamma, 1.0 - gamma;
    } else if (m_solverKind == Solver::Exact) {
        // A hit iteration limit leaves the last feasible iterate; flag it rather than throw.
        if (!m_solver.exact(m_scaled, m_hullWeights))
            output.extras["solver_failed"] = 1;
    } else {
        iterations = m_solver.frankWolfe(m_scaled, m_epsilon, m_maxIters, m_hullWeights);
    }
    output.weights = m_hullWeights.cwiseQuotient(m_normalizers);
    output.extras["min_norm_squared"] = m_hullWeights.dot(m_scaled * m_hullWeights);
    if (m_solverKind == Solver::FrankWolfe)
        output.extras["frank_wolfe_iterations"] = iterations;
}

} // namespace mtw::mtl

#include "mtl/fair_grad.h"

#include <algorithm>
#include <cmath>

namespace mtw::mtl {

namespace {
constexpr int kMaxIterations = 100;
constexpr double kTolerance = 1e-12;
constexpr double kRidge = 1e-12;
} // namespace

FairGrad::FairGrad(double alpha)
    : m_alpha(alpha)
{
}

void FairGrad::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.gramian.rows();
    const VectorXd start = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));
    m_lastIterations = 0;
    const double trace = input.gramian.trace();
    if (m_alpha == 0.0 || !(trace > 0.0)) {
        output.weights = start;
        return;
    }
    MatrixXd G = input.gramian;
    G.diagonal().array() += kRidge * trace / static_cast<double>(tasks);
    const double exponent = -1.0 / m_alpha;

    // phi(w) = 1/2 w^T G w - sum_t h(w_t), h(x) = log x (alpha = 1) or x^{1+e}/(1+e), e = -1/alpha.
    auto phi = [&](const VectorXd& w) {
        double barrier = 0.0;
        for (Eigen::Index t = 0; t < tasks; ++t)
            barrier += m_alpha == 1.0 ? std::log(w(t)) : std::pow(w(t), 1.0 + exponent) / (1.0 + exponent);
        return 0.5 * w.dot(G * w) - barrier;
    };

    auto residual = [&](const VectorXd& w) { return VectorXd(G * w - w.array().pow(exponent).matrix()); };

    VectorXd w = start;
    double value = phi(w);
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        const VectorXd Gw = G * w;
        const VectorXd powered = w.array().pow(exponent).matrix();
        const VectorXd F = Gw - powered;
        if ((F.array().abs() <= kTolerance * (Gw.array().abs() + powered.array())).all())
            break;
        m_lastIterations = iteration + 1;
        MatrixXd H = G;
        H.diagonal() += (-exponent) * powered.cwiseQuotient(w);
        const VectorXd step = H.ldlt().solve(-F);
        const double slope = F.dot(step); // < 0: H is positive definite
        const double residualNorm = F.norm();
        // Largest step keeping w > 0, then backtracking until phi decreases enough (Armijo) or,
        // close to the root where phi no longer changes at double precision, the residual does.
        double t = 1.0;
        for (Eigen::Index k = 0; k < tasks; ++k)
            if (step(k) < 0.0)
                t = std::min(t, 0.99 * w(k) / -step(k));
        bool accepted = false;
        VectorXd candidate;
        double candidateValue = value;
        for (int halvings = 0; halvings < 60 && !accepted; ++halvings, t *= 0.5) {
            candidate = w + t * step;
            candidateValue = phi(candidate);
            accepted = candidateValue <= value + 1e-4 * t * slope
                || residual(candidate).norm() <= (1.0 - 1e-4 * t) * residualNorm;
        }
        if (!accepted) // no progress possible at double precision
            break;
        w = candidate;
        value = candidateValue;
    }
    output.weights = w;
}

} // namespace mtw::mtl

#include "problem/pareto_mtl_synthetic.h"

#include <cmath>

namespace mtw::problem {

ParetoMtlSynthetic::ParetoMtlSynthetic(int dimension)
    : m_dimension(dimension)
    , m_tasks { { "f1", TaskKind::Analytic, 0 }, { "f2", TaskKind::Analytic, 0 } }
{
}

Vector ParetoMtlSynthetic::initialParameters(core::Rng& rng) const
{
    Vector x(m_dimension);
    for (int i = 0; i < m_dimension; ++i)
        x(i) = static_cast<core::Scalar>(rng.uniform(-0.5, 0.5));
    return x;
}

void ParetoMtlSynthetic::value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const
{
    const double shift = 1.0 / std::sqrt(static_cast<double>(m_dimension));
    const Eigen::ArrayXd minus = x.array() - shift;
    const Eigen::ArrayXd plus = x.array() + shift;
    const double e1 = std::exp(-minus.square().sum());
    const double e2 = std::exp(-plus.square().sum());
    losses.resize(2);
    losses << 1 - e1, 1 - e2;
    if (!jacobian)
        return;
    jacobian->resize(2, m_dimension);
    jacobian->row(0) = (2 * e1 * minus).matrix().transpose();
    jacobian->row(1) = (2 * e2 * plus).matrix().transpose();
}

std::vector<Eigen::VectorXd> ParetoMtlSynthetic::paretoFront(int points) const
{
    std::vector<Eigen::VectorXd> front;
    for (int i = 0; i < points; ++i) {
        const double t = -1.0 + 2.0 * i / std::max(1, points - 1);
        Eigen::VectorXd f(2);
        f << 1 - std::exp(-(1 - t) * (1 - t)), 1 - std::exp(-(1 + t) * (1 + t));
        front.push_back(f);
    }
    return front;
}

} // namespace mtw::problem

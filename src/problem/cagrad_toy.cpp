#include "problem/cagrad_toy.h"

#include <algorithm>
#include <cmath>

namespace mtw::problem {

namespace {
constexpr double lower = 5e-6;

// log(max(|a|, LOWER)) + 6 and its derivative w.r.t. a, with PyTorch's subgradients.
double logTerm(double a, double& derivative)
{
    const double magnitude = std::abs(a);
    if (magnitude >= lower) {
        const double sign = a > 0 ? 1.0 : (a < 0 ? -1.0 : 0.0);
        derivative = sign / magnitude;
        return std::log(magnitude) + 6.0;
    }
    derivative = 0.0;
    return std::log(lower) + 6.0;
}

// max(tanh(k x2), 0) and its derivative w.r.t. x2.
double gate(double k, double x2, double& derivative)
{
    const double t = std::tanh(k * x2);
    if (t >= 0) {
        derivative = k * (1 - t * t);
        return t;
    }
    derivative = 0.0;
    return 0.0;
}
} // namespace

CagradToy::CagradToy(Eigen::Vector2d start, Eigen::Vector2d lossScales)
    : m_start(start)
    , m_scales(lossScales)
    , m_tasks { { "L1", TaskKind::Analytic, 0 }, { "L2", TaskKind::Analytic, 0 } }
{
}

Vector CagradToy::initialParameters(core::Rng&) const
{
    return m_start.cast<core::Scalar>();
}

void CagradToy::value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const
{
    const double x1 = x(0);
    const double x2 = x(1);
    const double tanhMinusX2 = std::tanh(-x2);
    const double sech2 = 1 - tanhMinusX2 * tanhMinusX2; // d tanh(-x2)/d(-x2)

    double dlog1 = 0, dlog2 = 0;
    const double a1 = 0.5 * (-x1 - 7) - tanhMinusX2;
    const double a2 = 0.5 * (-x1 + 3) + tanhMinusX2 + 2;
    const double f1Log = logTerm(a1, dlog1);
    const double f2Log = logTerm(a2, dlog2);
    const double f1Sq = ((-x1 + 7) * (-x1 + 7) + 0.1 * (-x2 - 8) * (-x2 - 8)) / 10 - 20;
    const double f2Sq = ((-x1 - 7) * (-x1 - 7) + 0.1 * (-x2 - 8) * (-x2 - 8)) / 10 - 20;
    double dc1 = 0, dc2 = 0;
    const double c1 = gate(0.5, x2, dc1);
    const double c2 = gate(-0.5, x2, dc2);

    losses.resize(2);
    losses(0) = m_scales(0) * (c1 * f1Log + c2 * f1Sq);
    losses(1) = m_scales(1) * (c1 * f2Log + c2 * f2Sq);
    if (!jacobian)
        return;
    // d a1/dx1 = -0.5, d a1/dx2 = +sech^2(-x2); d a2/dx1 = -0.5, d a2/dx2 = -sech^2(-x2).
    const double df1LogX1 = dlog1 * -0.5, df1LogX2 = dlog1 * sech2;
    const double df2LogX1 = dlog2 * -0.5, df2LogX2 = dlog2 * -sech2;
    const double dSqX2 = -0.2 * (-x2 - 8) / 10;
    const double df1SqX1 = -2 * (-x1 + 7) / 10;
    const double df2SqX1 = -2 * (-x1 - 7) / 10;
    jacobian->resize(2, 2);
    (*jacobian)(0, 0) = m_scales(0) * (c1 * df1LogX1 + c2 * df1SqX1);
    (*jacobian)(0, 1) = m_scales(0) * (dc1 * f1Log + c1 * df1LogX2 + dc2 * f1Sq + c2 * dSqX2);
    (*jacobian)(1, 0) = m_scales(1) * (c1 * df2LogX1 + c2 * df2SqX1);
    (*jacobian)(1, 1) = m_scales(1) * (dc1 * f2Log + c1 * df2LogX2 + dc2 * f2Sq + c2 * dSqX2);
}

std::vector<Eigen::VectorXd> CagradToy::paretoFront(int points) const
{
    // Loss-space image of the segment x2 = -8.3552, x1 in [-7, 7] (how both papers draw it).
    std::vector<Eigen::VectorXd> front;
    for (int i = 0; i < points; ++i) {
        const double x1 = -7.0 + 14.0 * i / std::max(1, points - 1);
        Eigen::VectorXd losses;
        value(Eigen::Vector2d(x1, paretoX2), losses, nullptr);
        front.push_back(losses);
    }
    return front;
}

double paretoStationarity(const Eigen::Vector2d& g1, const Eigen::Vector2d& g2)
{
    Eigen::MatrixXd jacobian(2, 2);
    jacobian.row(0) = g1.transpose();
    jacobian.row(1) = g2.transpose();
    return paretoStationarity(jacobian);
}

double paretoStationarity(const Eigen::MatrixXd& jacobian)
{
    const Eigen::VectorXd g1 = jacobian.row(0).transpose();
    const Eigen::VectorXd g2 = jacobian.row(1).transpose();
    // min over a in [0, 1] of |a g1 + (1 - a) g2|: a* = -<g1 - g2, g2> / |g1 - g2|^2, clipped.
    const Eigen::VectorXd diff = g1 - g2;
    const double denominator = diff.squaredNorm();
    double a = denominator > 0 ? -diff.dot(g2) / denominator : 0.5;
    a = std::clamp(a, 0.0, 1.0);
    return (a * g1 + (1 - a) * g2).norm();
}

} // namespace mtw::problem

#include "mtl/pcgrad.h"

#include <numeric>
#include <stdexcept>

namespace mtw::mtl {

PcGrad::Order PcGrad::parseOrder(const std::string& name)
{
    if (name == "random")
        return Order::Random;
    if (name == "fixed")
        return Order::Fixed;
    throw std::invalid_argument("unknown PCGrad order '" + name + "'");
}

PcGrad::PcGrad(bool mean, Order order)
    : m_mean(mean)
    , m_order(order)
{
}

void PcGrad::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    output.weights.setZero(tasks);
    if (m_order == Order::Fixed) {
        m_visit.resize(static_cast<std::size_t>(tasks));
        std::iota(m_visit.begin(), m_visit.end(), std::size_t { 0 });
    }
    int projections = 0;
    for (Eigen::Index i = 0; i < tasks; ++i) {
        // The fixed order draws nothing, so it leaves the run's random stream untouched.
        if (m_order == Order::Random)
            m_visit = input.rng.permutation(static_cast<std::size_t>(tasks));
        m_coefficients.setZero(tasks);
        m_coefficients(i) = 1.0;
        for (std::size_t jIndex : m_visit) {
            const auto j = static_cast<Eigen::Index>(jIndex);
            if (j == i)
                continue;
            const double inner = G.col(j).dot(m_coefficients); // g_i^PC . g_j (G symmetric)
            if (inner < 0.0 && G(j, j) > 0.0) {
                m_coefficients(j) -= inner / G(j, j);
                ++projections;
            }
        }
        output.weights += m_coefficients;
    }
    if (m_mean)
        output.weights /= static_cast<double>(tasks);
    output.extras["projections"] = projections;
}

} // namespace mtw::mtl

#include "mtl/pcgrad.h"

namespace mtw::mtl {

PcGrad::PcGrad(bool mean)
    : m_mean(mean) { }

void PcGrad::compute(const MethodInput& input, MethodOutput& output) {
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    output.weights.setZero(tasks);
    int projections = 0;
    for (Eigen::Index i = 0; i < tasks; ++i) {
        const std::vector<std::size_t> order = input.rng.permutation(static_cast<std::size_t>(tasks));
        m_coefficients.setZero(tasks);
        m_coefficients(i) = 1.0;
        for (std::size_t jIndex : order) {
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

#include "mtl/upgrad.h"

namespace mtw::mtl {

void normalizedRegularizedGramian(const Eigen::MatrixXd& G, double normEps, double regEps, Eigen::MatrixXd& out) {
    const double trace = G.trace();
    if (trace < normEps)
        out.setZero(G.rows(), G.cols());
    else
        out = G / trace;
    out.diagonal().array() += regEps;
}

UpGrad::UpGrad(double normEps, double regEps)
    : m_normEps(normEps)
    , m_regEps(regEps) { }

void UpGrad::compute(const MethodInput& input, MethodOutput& output) {
    const Eigen::Index tasks = input.gramian.rows();
    normalizedRegularizedGramian(input.gramian, m_normEps, m_regEps, m_gramian);
    output.weights.setZero(tasks);
    int iterations = 0;
    for (Eigen::Index i = 0; i < tasks; ++i) {
        m_preference.setZero(tasks);
        m_preference(i) = 1.0 / static_cast<double>(tasks);
        m_projection.project(m_gramian, m_preference, m_projected);
        output.weights += m_projected;
        iterations += m_projection.iterations();
    }
    output.extras["active_set_iterations"] = iterations;
}

} // namespace mtw::mtl

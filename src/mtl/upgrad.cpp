#include "mtl/upgrad.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace mtw::mtl {

void normalizedRegularizedGramian(const Eigen::MatrixXd& G, double normEps, double regEps, Eigen::MatrixXd& out)
{
    const double trace = G.trace();
    if (trace < normEps)
        out.setZero(G.rows(), G.cols());
    else
        out = G / trace;
    out.diagonal().array() += regEps;
}

UpGrad::UpGrad(double normEps, double regEps)
    : m_normEps(normEps)
    , m_regEps(regEps)
{
}

void UpGrad::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.gramian.rows();
    normalizedRegularizedGramian(input.gramian, m_normEps, m_regEps, m_gramian);
    m_projections.resize(tasks, tasks);
    m_iterations.assign(static_cast<std::size_t>(tasks), 0);
    const auto project = [this, tasks](Eigen::Index begin, Eigen::Index end) {
        Workspace& w = m_workspaces.local();
        for (Eigen::Index i = begin; i < end; ++i) {
            w.preference.setZero(tasks);
            w.preference(i) = 1.0 / static_cast<double>(tasks);
            w.projection.project(m_gramian, w.preference, w.projected);
            m_projections.col(i) = w.projected;
            m_iterations[static_cast<std::size_t>(i)] = w.projection.iterations();
        }
    };
    if (tasks >= 16)
        tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, tasks, 2),
            [&](const tbb::blocked_range<Eigen::Index>& range) { project(range.begin(), range.end()); });
    else
        project(0, tasks);
    output.weights.setZero(tasks);
    int iterations = 0;
    for (Eigen::Index i = 0; i < tasks; ++i) {
        output.weights += m_projections.col(i);
        iterations += m_iterations[static_cast<std::size_t>(i)];
    }
    output.extras["active_set_iterations"] = iterations;
}

} // namespace mtw::mtl

#include "mtl/dual_proj.h"

#include "mtl/upgrad.h"

namespace mtw::mtl {

DualProj::DualProj(double normEps, double regEps)
    : m_normEps(normEps)
    , m_regEps(regEps)
{
}

void DualProj::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.gramian.rows();
    normalizedRegularizedGramian(input.gramian, m_normEps, m_regEps, m_gramian);
    m_preference.setConstant(tasks, 1.0 / static_cast<double>(tasks));
    m_projection.project(m_gramian, m_preference, output.weights);
    output.extras["active_set_iterations"] = m_projection.iterations();
}

} // namespace mtw::mtl

#include "mtl/equal_weighting.h"

namespace mtw::mtl {

ConstantWeighting::ConstantWeighting(VectorXd weights)
    : m_weights(std::move(weights))
{
}

void ConstantWeighting::compute(const MethodInput&, MethodOutput& output)
{
    output.weights = m_weights;
}

} // namespace mtw::mtl

#include "problem/stacked_linear_heads.h"

#include "core/linear.h"
#include "core/parallel_gemm.h"

#include <tbb/parallel_for.h>

#include <stdexcept>

namespace mtw::problem {

using core::Index;
using core::Matrix;
using core::Transpose;

bool StackedLinearHeads::applies(const std::vector<core::Sequential>& heads)
{
    if (heads.empty())
        return false;
    for (const core::Sequential& head : heads)
        if (head.layerCount() != 1 || !dynamic_cast<const core::Linear*>(&head.layer(0))
            || head.inputSize() != heads.front().inputSize())
            return false;
    return true;
}

StackedLinearHeads::StackedLinearHeads(const std::vector<core::Sequential>& heads)
{
    if (!applies(heads))
        throw std::invalid_argument("StackedLinearHeads: every head must be one Linear layer on the same input");
    m_inputs = heads.front().inputSize();
    m_rowOffsets.push_back(0);
    for (const core::Sequential& head : heads)
        m_rowOffsets.push_back(m_rowOffsets.back() + head.outputSize());
    m_outputs.resize(heads.size());
    m_outputGradients.resize(heads.size());
}

void StackedLinearHeads::forEachHead(const std::function<void(std::size_t, Index, Index)>& work) const
{
    // The copies between the stack and the heads are a few hundred kB at T = 40: on one thread they
    // were a tenth of a loss-only step while the other cores waited.
    tbb::parallel_for(std::size_t(0), m_outputs.size(),
        [&](std::size_t t) { work(t, m_rowOffsets[t], m_rowOffsets[t + 1] - m_rowOffsets[t]); });
}

void StackedLinearHeads::forward(const core::Scalar* params, const std::vector<Index>& headOffsets, const Matrix& Z)
{
    m_weights.resize(m_rowOffsets.back(), m_inputs);
    forEachHead([&](std::size_t t, Index begin, Index count) {
        m_weights.middleRows(begin, count) = core::ConstMatrixMap(params + headOffsets[t], count, m_inputs);
    });
    m_stackedOutputs.resize(m_rowOffsets.back(), Z.cols());
    core::gemm(m_stackedOutputs, m_weights, Transpose::No, Z, Transpose::No);
    forEachHead([&](std::size_t t, Index begin, Index count) {
        m_outputs[t] = m_stackedOutputs.middleRows(begin, count);
        m_outputs[t].colwise() += core::ConstVectorMap(params + headOffsets[t] + count * m_inputs, count);
    });
}

void StackedLinearHeads::parameterGradients(const Matrix& Z, std::vector<core::Vector>& gradients)
{
    m_stackedGradients.resize(m_rowOffsets.back(), Z.cols());
    forEachHead([&](std::size_t t, Index begin, Index count) {
        m_stackedGradients.middleRows(begin, count) = m_outputGradients[t];
    });
    m_weightGradients.resize(m_rowOffsets.back(), m_inputs);
    core::gemm(m_weightGradients, m_stackedGradients, Transpose::No, Z, Transpose::Yes);
    gradients.resize(m_outputs.size());
    forEachHead([&](std::size_t t, Index begin, Index count) {
        gradients[t].resize(count * (m_inputs + 1));
        core::MatrixMap(gradients[t].data(), count, m_inputs) = m_weightGradients.middleRows(begin, count);
        gradients[t].tail(count) = m_outputGradients[t].rowwise().sum();
    });
}

void StackedLinearHeads::representationDeltas(Matrix& stack) const
{
    const Index batch = m_stackedOutputs.cols(), tasks = static_cast<Index>(m_outputs.size());
    stack.resize(m_inputs, tasks * batch);
    // One product per task, each on one thread: the same shapes, hence the same bits, for any thread count.
    tbb::parallel_for(Index(0), tasks, [&](Index t) {
        const std::size_t task = static_cast<std::size_t>(t);
        const Index begin = m_rowOffsets[task], count = m_rowOffsets[task + 1] - begin;
        core::gemmSerial(stack.middleCols(t * batch, batch), m_weights.middleRows(begin, count), Transpose::Yes,
            m_outputGradients[task], Transpose::No);
    });
}

void StackedLinearHeads::weightedRepresentationDelta(const core::Vector& weights, Matrix& delta)
{
    forEachHead([&](std::size_t t, Index begin, Index count) {
        m_stackedGradients.middleRows(begin, count) = weights(static_cast<Index>(t)) * m_outputGradients[t];
    });
    delta.resize(m_inputs, m_stackedOutputs.cols());
    core::gemm(delta, m_weights, Transpose::Yes, m_stackedGradients, Transpose::No);
}

} // namespace mtw::problem

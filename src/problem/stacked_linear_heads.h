#pragma once
// The task heads of a hard-sharing network when every head is one Linear layer on the shared
// representation Z (the default head): their weights stacked into one matrix, so that a step's
// head work is three GEMMs for all T heads (outputs, weight gradients, the weighted loss's delta)
// instead of 3T small ones, and no head copies Z into a workspace of its own.
//   outputs      O = W Z + b                 W: sum_t C_t x R, head t's rows at rowOffset(t)
//   gradients    dW = dO Z^T, db = dO 1      one GEMM, then scattered into each head's segment
//   deltas       dZ_t = W_t^T dO_t           per task, where the step needs the T deltas
//   weighted     sum_t w_t dZ_t = W^T (w . dO)  one GEMM: the delta of the weighted loss
#include "core/sequential.h"

#include <functional>
#include <vector>

namespace mtw::problem {

class StackedLinearHeads {
public:
    // Whether every head is a single Linear layer with the same input size.
    static bool applies(const std::vector<core::Sequential>& heads);
    explicit StackedLinearHeads(const std::vector<core::Sequential>& heads);

    // Every head's outputs on Z; params is the whole parameter vector, head t at headOffsets[t].
    void forward(const core::Scalar* params, const std::vector<core::Index>& headOffsets, const core::Matrix& Z);
    // Head t's outputs (C_t x B) after forward().
    const core::Matrix& outputs(std::size_t task) const { return m_outputs[task]; }
    // Where the caller puts task t's loss gradient w.r.t. its outputs (C_t x B).
    core::Matrix& outputGradient(std::size_t task) { return m_outputGradients[task]; }
    // Once every output gradient is in: each head's parameter gradient (W_t column-major, then b_t).
    void parameterGradients(const core::Matrix& Z, std::vector<core::Vector>& gradients);
    // dZ_t = W_t^T dO_t into columns [t B, (t + 1) B) of stack (R x T B).
    void representationDeltas(core::Matrix& stack) const;
    // sum_t w_t W_t^T dO_t (R x B).
    void weightedRepresentationDelta(const core::Vector& weights, core::Matrix& delta);

private:
    // work(t, first row, row count) for every head t, the heads spread over the threads.
    void forEachHead(const std::function<void(std::size_t, core::Index, core::Index)>& work) const;

    std::vector<core::Index> m_rowOffsets; // head t's rows in the stack, and one past the last
    core::Index m_inputs = 0;
    core::Matrix m_weights; // the heads' W stacked: rows x R
    core::Matrix m_stackedOutputs, m_stackedGradients, m_weightGradients;
    std::vector<core::Matrix> m_outputs, m_outputGradients;
};

} // namespace mtw::problem

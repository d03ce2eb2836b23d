#pragma once
// Fully connected layer Y = W X + b, W (out x in, column-major) followed by b (out) in the
// parameter slice. Initialization: PyTorch's default (Kaiming-uniform with a = sqrt(5)), i.e.
// W, b ~ U(-1/sqrt(in), 1/sqrt(in)).
//
// Per-task Gramian over W and b, without forming J: with delta_t the task's output delta
// (out x B) and K = X^T X + 1 1^T (B x B, shared by all tasks),
//   G(s, t) = <delta_s X^T, delta_t X^T> + <delta_s 1, delta_t 1> = tr(delta_s K delta_t^T),
// which costs 2 B^2 in + 2 T out B^2 instead of forming the T x (out*(in+1)) Jacobian rows
// (2 T out B (in + 1)); the cheaper of the two routes is taken. Either way the products of the
// T (T + 1) / 2 task pairs cost T (T + 1) out per column (B columns of the kernel route, in + 1 of
// the direct one).
#include "core/layer.h"

namespace mtw::core {

class Linear final : public Layer {
public:
    Linear(Index inputs, Index outputs);
    std::string name() const override { return "Linear"; }
    Index inputSize() const override { return m_inputs; }
    Index outputSize() const override { return m_outputs; }
    Index parameterCount() const override { return m_outputs * m_inputs + m_outputs; }
    void initialize(Scalar* params, Rng& rng) const override;
    void forward(const Scalar* params, const Matrix& X, Matrix& Y) const override;
    bool outputLinearInParameters() const override { return true; }
    void backwardInput(
        const Scalar* params, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const override;
    void parameterGradient(const Scalar* params, const Matrix& X, const Matrix& dY, Scalar* dParams) const override;
    void jacobianRows(
        const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const override;
    void accumulateGramian(
        const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Eigen::MatrixXd& G) const override;
    bool gramianFormsJacobianRows() const override { return false; }
    // The FLOPs of the route accumulateGramian takes for this batch and task count.
    double gramianFlops(Index batch, Index tasks) const;
    Index filterCount() const override { return m_outputs; }
    void filterRange(Index filter, std::vector<Index>& indices) const override;

private:
    Index m_inputs;
    Index m_outputs;
};

} // namespace mtw::core

#pragma once
// A chain of layers over one flat parameter block, with the multi-task backward the engine needs:
// T tasks' output deltas go down the chain together (stacked side by side, one GEMM per layer
// for all tasks), and at each parametric layer either the rows of the task Jacobian J or only the
// Gramian G = J J^T are formed. The per-layer stacked deltas are kept, so the update J^T w for
// any weights w costs one weight-gradient GEMM per layer and no second backward pass.
#include "core/layer.h"

#include <memory>
#include <vector>

namespace mtw::core {

class Sequential {
public:
    struct Workspace {
        std::vector<Matrix> activations; // activations[i] is layer i's input; the last is the output
        std::vector<Matrix> deltas; // stacked deltas at each layer's output, from backwardTasks
        // Per layer, the T task gradients when backwardTasks formed them for G (layers whose
        // Gramian takes the Jacobian route, e.g. Conv2d); combineTasks then needs no other pass.
        std::vector<Matrix> jacobianRows;
        Index tasks = 0;
    };

    Sequential() = default;
    Sequential(Sequential&&) = default;
    Sequential& operator=(Sequential&&) = default;

    void add(std::unique_ptr<Layer> layer);
    Index parameterCount() const { return m_parameterCount; }
    Index inputSize() const;
    Index outputSize() const;
    std::size_t layerCount() const { return m_layers.size(); }
    const Layer& layer(std::size_t i) const { return *m_layers[i]; }
    Index parameterOffset(std::size_t i) const { return m_offsets[i]; }
    void initialize(Scalar* params, Rng& rng) const;

    const Matrix& forward(const Scalar* params, const Matrix& X, Workspace& work) const;
    // The same without copying X: X's buffer is swapped into the workspace as the first layer's
    // input, and X gets the workspace's previous input (a training step's batch buffer comes back
    // with the last step's batch, of the same size: neither a copy nor an allocation per step).
    const Matrix& forwardSwappingInput(const Scalar* params, Matrix& X, Workspace& work) const;
    // The output alone, for evaluation: the first layer reads X where it is and the workspace keeps
    // no input, so no backward pass may follow. (A landscape's heads read each point's
    // representation of 1024 samples: a copy per task and point was 8% of the MLP grid.)
    const Matrix& evaluate(const Scalar* params, const Matrix& X, Workspace& work) const;

    // Gradient of one output delta: dParams (parameterCount values, overwritten) and optionally dInput.
    void backward(const Scalar* params, Workspace& work, const Matrix& dOutput, Scalar* dParams, Matrix* dInput) const;

    // Stacked multi-task backward (dOutputStack: tasks deltas side by side). Writes J's rows into
    // J (T x parameterCount(), leading dimension ld) when J is non-null; adds the Gramian into G
    // when G is non-null; optionally returns the stacked input deltas.
    void backwardTasks(const Scalar* params, Workspace& work, const Matrix& dOutputStack, Index tasks, Scalar* J,
        Index ld, Eigen::MatrixXd* G, Matrix* dInputStack = nullptr) const;

    // After backwardTasks: dParams = sum_t w_t * (task t's parameter gradient).
    void combineTasks(const Scalar* params, const Workspace& work, const Vector& weights, Scalar* dParams) const;

private:
    // The layers on `input` (work.activations[0] itself, or evaluate's X), outputs into work.
    const Matrix& forwardFrom(const Scalar* params, const Matrix& input, Workspace& work) const;

    std::vector<std::unique_ptr<Layer>> m_layers;
    std::vector<Index> m_offsets;
    Index m_parameterCount = 0;
};

// Weighted sum of T stacked blocks of B columns: out = sum_t w_t * stack.block(t).
void weightedBlockSum(const Matrix& stack, const Vector& weights, Index batch, Matrix& out);

} // namespace mtw::core

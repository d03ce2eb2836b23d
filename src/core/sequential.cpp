#include "core/sequential.h"
#include "core/fixed_groups.h"

namespace mtw::core {

void Sequential::add(std::unique_ptr<Layer> layer)
{
    m_offsets.push_back(m_parameterCount);
    m_parameterCount += layer->parameterCount();
    m_layers.push_back(std::move(layer));
}

Index Sequential::inputSize() const
{
    return m_layers.empty() ? 0 : m_layers.front()->inputSize();
}
Index Sequential::outputSize() const
{
    return m_layers.empty() ? 0 : m_layers.back()->outputSize();
}

void Sequential::initialize(Scalar* params, Rng& rng) const
{
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        m_layers[i]->initialize(params + m_offsets[i], rng);
}

const Matrix& Sequential::forward(const Scalar* params, const Matrix& X, Workspace& work) const
{
    work.activations.resize(m_layers.size() + 1);
    work.activations[0] = X;
    return forwardFrom(params, work.activations[0], work);
}

const Matrix& Sequential::forwardSwappingInput(const Scalar* params, Matrix& X, Workspace& work) const
{
    work.activations.resize(m_layers.size() + 1);
    std::swap(work.activations[0], X);
    return forwardFrom(params, work.activations[0], work);
}

const Matrix& Sequential::evaluate(const Scalar* params, const Matrix& X, Workspace& work) const
{
    if (m_layers.empty())
        return X;
    work.activations.resize(m_layers.size() + 1);
    work.activations[0].resize(0, 0);
    return forwardFrom(params, X, work);
}

const Matrix& Sequential::forwardFrom(const Scalar* params, const Matrix& input, Workspace& work) const
{
    work.jacobianRows.clear(); // they belong to the previous forward pass
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        m_layers[i]->forward(params + m_offsets[i], i == 0 ? input : work.activations[i], work.activations[i + 1]);
    return work.activations.back();
}

void Sequential::backward(
    const Scalar* params, Workspace& work, const Matrix& dOutput, Scalar* dParams, Matrix* dInput) const
{
    Matrix delta = dOutput;
    Matrix next;
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        const Layer& layer = *m_layers[i];
        if (dParams && layer.parameterCount() > 0)
            layer.parameterGradient(params + m_offsets[i], work.activations[i], delta, dParams + m_offsets[i]);
        if (i > 0 || dInput) {
            layer.backwardInput(params + m_offsets[i], work.activations[i], work.activations[i + 1], delta, next);
            std::swap(delta, next);
        }
    }
    if (dInput)
        *dInput = std::move(delta);
}

void Sequential::backwardTasks(const Scalar* params, Workspace& work, const Matrix& dOutputStack, Index tasks,
    Scalar* J, Index ld, Eigen::MatrixXd* G, Matrix* dInputStack) const
{
    work.deltas.resize(m_layers.size());
    work.jacobianRows.assign(m_layers.size(), Matrix());
    work.tasks = tasks;
    Matrix delta = dOutputStack;
    for (std::size_t i = m_layers.size(); i-- > 0;) {
        const Layer& layer = *m_layers[i];
        const Scalar* layerParams = params + m_offsets[i];
        if (layer.parameterCount() > 0) {
            if (J)
                layer.jacobianRows(layerParams, work.activations[i], delta, tasks, J + m_offsets[i] * ld, ld);
            if (G && !J && layer.gramianFormsJacobianRows()) {
                Matrix& rows = work.jacobianRows[i];
                rows.resize(tasks, layer.parameterCount());
                layer.jacobianRows(layerParams, work.activations[i], delta, tasks, rows.data(), tasks);
                Layer::addGramianOfRows(rows, *G);
            } else if (G) {
                layer.accumulateGramian(layerParams, work.activations[i], delta, tasks, *G);
            }
        }
        if (layer.parameterCount() == 0 && layer.backwardInPlace()) {
            // The T stacked deltas (10 MB at T = 40) are rewritten where they are: no buffer of
            // their size to fill, and the parameterless layer's output deltas are kept by no one.
            if (i > 0 || dInputStack)
                layer.backwardInput(layerParams, work.activations[i], work.activations[i + 1], delta, delta);
            work.deltas[i].resize(0, 0);
            continue;
        }
        Matrix next;
        if (i > 0 || dInputStack)
            layer.backwardInput(layerParams, work.activations[i], work.activations[i + 1], delta, next);
        work.deltas[i] = std::move(delta);
        delta = std::move(next);
    }
    if (dInputStack)
        *dInputStack = std::move(delta);
}

void weightedBlockSum(const Matrix& stack, const Vector& weights, Index batch, Matrix& out)
{
    out.resize(stack.rows(), batch);
    const Index size = out.size();
    // Chunks of 4k entries on the threads, each summed over the tasks while it stays in L1; every
    // entry is 0 + w_0 x_0 + w_1 x_1 + ... in task order, whatever the chunks.
    forFixedGroups(size, 4096, [&](Index, Index begin, Index end) {
        VectorMap sum(out.data() + begin, end - begin);
        sum.setZero();
        for (Index t = 0; t < weights.size(); ++t)
            if (weights(t) != 0)
                sum.noalias() += weights(t) * ConstVectorMap(stack.data() + t * size + begin, end - begin);
    });
}

void Sequential::combineTasks(const Scalar* params, const Workspace& work, const Vector& weights, Scalar* dParams) const
{
    Matrix delta;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const Layer& layer = *m_layers[i];
        if (layer.parameterCount() == 0)
            continue;
        if (i < work.jacobianRows.size() && work.jacobianRows[i].size() > 0) {
            VectorMap(dParams + m_offsets[i], layer.parameterCount()).noalias()
                = work.jacobianRows[i].transpose() * weights;
            continue;
        }
        weightedBlockSum(work.deltas[i], weights, work.activations[i].cols(), delta);
        layer.parameterGradient(params + m_offsets[i], work.activations[i], delta, dParams + m_offsets[i]);
    }
}

} // namespace mtw::core

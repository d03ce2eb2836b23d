#include "core/linear.h"

#include "core/block_gram.h"
#include "core/parallel_gemm.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace mtw::core {

namespace {
// [X; 1], in the calling thread's buffer: one product with it gives a task's weight gradients and,
// in its last column, its bias gradients (the row sums of its delta).
const Matrix& withOnes(const Matrix& X)
{
    thread_local Matrix inputs;
    inputs.resize(X.rows() + 1, X.cols());
    inputs.topRows(X.rows()) = X;
    inputs.row(X.rows()).setOnes();
    return inputs;
}
} // namespace

Linear::Linear(Index inputs, Index outputs)
    : m_inputs(inputs)
    , m_outputs(outputs)
{
}

void Linear::initialize(Scalar* params, Rng& rng) const
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(m_inputs));
    for (Index i = 0; i < parameterCount(); ++i)
        params[i] = static_cast<Scalar>(rng.uniform(-bound, bound));
}

void Linear::forward(const Scalar* params, const Matrix& X, Matrix& Y) const
{
    ConstMatrixMap W(params, m_outputs, m_inputs);
    ConstVectorMap b(params + m_outputs * m_inputs, m_outputs);
    Y.resize(m_outputs, X.cols());
    gemm(Y, W, Transpose::No, X, Transpose::No);
    Y.colwise() += b;
}

void Linear::backwardInput(const Scalar* params, const Matrix&, const Matrix&, const Matrix& dY, Matrix& dX) const
{
    ConstMatrixMap W(params, m_outputs, m_inputs);
    dX.resize(m_inputs, dY.cols());
    gemm(dX, W, Transpose::Yes, dY, Transpose::No);
}

void Linear::parameterGradient(const Scalar*, const Matrix& X, const Matrix& dY, Scalar* dParams) const
{
    MatrixMap dW(dParams, m_outputs, m_inputs);
    VectorMap db(dParams + m_outputs * m_inputs, m_outputs);
    gemm(dW, dY, Transpose::No, X, Transpose::Yes);
    db = dY.rowwise().sum();
}

void Linear::jacobianRows(const Scalar*, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const
{
    // Stack the tasks' deltas as rows ordered (output o, task t) with t fastest, D(o T + t, b) =
    // delta_t(o, b), so that the one GEMM D X^T (T out x in) is, column-major, J's block itself:
    // its entry (o T + t, i) is task t's dW(o, i), which J keeps at t + (o + i out) T (W column-major).
    const Index batch = X.cols();
    thread_local Matrix stackedBuffer; // the calling thread's, kept across steps
    Matrix& stacked = stackedBuffer; // (inside the loop below the name is a worker's)
    stacked.resize(tasks * m_outputs, batch);
    tbb::parallel_for(Index(0), batch, [&](Index b) {
        for (Index t = 0; t < tasks; ++t)
            for (Index o = 0; o < m_outputs; ++o)
                stacked(o * tasks + t, b) = dYstack(o, t * batch + b);
    });
    // With [X; 1] the product's last column is the biases' block, which J keeps right after W's.
    const Matrix& inputs = withOnes(X);
    const auto write = [&](Scalar* rows) {
        gemm(Eigen::Map<Matrix>(rows, tasks * m_outputs, m_inputs + 1), stacked, Transpose::No, inputs, Transpose::Yes);
    };
    if (ld == tasks) {
        write(J);
        return;
    }
    Matrix rows(tasks, parameterCount());
    write(rows.data());
    Eigen::Map<Matrix, 0, Eigen::OuterStride<>>(J, tasks, parameterCount(), Eigen::OuterStride<>(ld)) = rows;
}

namespace {
struct GramianRoutes {
    double kernel = 0, direct = 0;
};
GramianRoutes gramianRoutes(Index batch, Index tasks, Index inputs, Index outputs)
{
    const double T = static_cast<double>(tasks), B = static_cast<double>(batch);
    const double in = static_cast<double>(inputs), out = static_cast<double>(outputs);
    // The T (T + 1) / 2 task pairs of the lower triangle, out products per column.
    const double pairs = T * (T + 1) * out;
    return { 2 * B * B * in + 2 * T * out * B * B + pairs * B, 2 * T * out * B * (in + 1) + pairs * (in + 1) };
}
} // namespace

double Linear::gramianFlops(Index batch, Index tasks) const
{
    const GramianRoutes routes = gramianRoutes(batch, tasks, m_inputs, m_outputs);
    return std::min(routes.kernel, routes.direct);
}

void Linear::accumulateGramian(
    const Scalar*, const Matrix& X, const Matrix& dYstack, Index tasks, Eigen::MatrixXd& G) const
{
    // Buffers of the calling thread, kept across steps: a step allocates nothing here. Named through
    // references: inside the parallel loop's body a thread_local name would be the worker's own.
    thread_local Matrix kernelBuffer, productBuffer;
    Matrix &kernel = kernelBuffer, &product = productBuffer;
    const Index batch = X.cols();
    const GramianRoutes routes = gramianRoutes(batch, tasks, m_inputs, m_outputs);
    // The deltas where the backward pass left them, task t's in columns [t B, (t + 1) B), and one
    // product per task beside them: each product's output (out x B or out x (in + 1)) is written
    // in cache, where one product of all T stacked deltas wrote, zeroed and re-read T times as
    // much through memory, after a copy of the deltas into the stacked layout.
    const TaskBlocks deltas = TaskBlocks::sideBySide(dYstack, batch);
    const auto perTask = [&](Index columns, const Matrix& right, Transpose transposeRight) {
        product.resize(m_outputs, tasks * columns);
        tbb::parallel_for(Index(0), tasks, [&](Index t) {
            gemm(product.middleCols(t * columns, columns), dYstack.middleCols(t * batch, batch), Transpose::No, right,
                transposeRight);
        });
        return TaskBlocks::sideBySide(product, columns);
    };
    if (routes.kernel < routes.direct) {
        kernel.resize(batch, batch);
        gemm(kernel, X, Transpose::Yes, X, Transpose::No);
        kernel.array() += Scalar(1);
        addLowerMirrored(lowerBlockGram(perTask(batch, kernel, Transpose::No), deltas, tasks, m_outputs, batch), G);
        return;
    }
    const TaskBlocks gradients = perTask(m_inputs + 1, withOnes(X), Transpose::Yes);
    addLowerMirrored(lowerBlockGram(gradients, gradients, tasks, m_outputs, m_inputs + 1), G);
}

void Linear::filterRange(Index filter, std::vector<Index>& indices) const
{
    // One output neuron: its row of W and its bias.
    indices.clear();
    for (Index i = 0; i < m_inputs; ++i)
        indices.push_back(filter + i * m_outputs);
    indices.push_back(m_outputs * m_inputs + filter);
}

} // namespace mtw::core

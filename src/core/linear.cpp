#include "core/linear.h"

#include "core/fixed_groups.h"
#include "core/parallel_gemm.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace mtw::core {

namespace {
// M(s, t) = sum over entries of task s's block of A times task t's block of B, where A and B are
// (T rows) x C with T task blocks of `rows` rows each. Column c of A, viewed as a rows x T matrix,
// holds every task's part of that column, so M = sum_c A_c^T B_c: small GEMMs (T x rows x T) instead
// of T^2 / 2 element-wise passes over the whole matrices. Columns go in fixed groups, each summed in
// float and added in double in group order: the bits do not depend on the thread count.
Eigen::MatrixXd blockColumnGram(const Matrix& A, const Matrix& B, Index tasks)
{
    const Index rows = A.rows() / tasks, columns = A.cols();
    const ConstMatrixMap blocksA(A.data(), rows, tasks * columns), blocksB(B.data(), rows, tasks * columns);
    return sumOverFixedGroups(columns, 16, Eigen::MatrixXd(Eigen::MatrixXd::Zero(tasks, tasks)),
        [&](Index begin, Index end) -> Eigen::MatrixXd {
            Matrix sum = Matrix::Zero(tasks, tasks);
            for (Index c = begin; c < end; ++c)
                gemmSerial(sum, blocksA.middleCols(c * tasks, tasks), Transpose::Yes,
                    blocksB.middleCols(c * tasks, tasks), Transpose::No, 1, 1);
            return sum.cast<double>();
        });
}

// G += the symmetric part of M as its lower triangle mirrored (the two triangles of M are the same
// sums in different rounding; one of them keeps G exactly symmetric).
void addLowerMirrored(const Eigen::MatrixXd& M, Eigen::MatrixXd& G)
{
    for (Index s = 0; s < M.rows(); ++s)
        for (Index t = 0; t <= s; ++t) {
            G(s, t) += M(s, t);
            if (s != t)
                G(t, s) += M(s, t);
        }
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
    Matrix stacked(tasks * m_outputs, batch);
    tbb::parallel_for(Index(0), batch, [&](Index b) {
        for (Index t = 0; t < tasks; ++t)
            for (Index o = 0; o < m_outputs; ++o)
                stacked(o * tasks + t, b) = dYstack(o, t * batch + b);
    });
    const auto write = [&](Scalar* rows) {
        gemm(Eigen::Map<Matrix>(rows, tasks * m_outputs, m_inputs), stacked, Transpose::No, X, Transpose::Yes);
        VectorMap(rows + tasks * m_outputs * m_inputs, tasks * m_outputs) = stacked.rowwise().sum();
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
    return { 2 * B * B * in + 2 * T * out * B * B + 2 * T * T * out * B,
        2 * T * out * B * in + 2 * T * T * out * (in + 1) };
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
    const Index batch = X.cols();
    const GramianRoutes routes = gramianRoutes(batch, tasks, m_inputs, m_outputs);
    Matrix stacked(tasks * m_outputs, batch);
    for (Index t = 0; t < tasks; ++t)
        stacked.middleRows(t * m_outputs, m_outputs) = dYstack.middleCols(t * batch, batch);
    if (routes.kernel < routes.direct) {
        Matrix kernel(batch, batch);
        gemm(kernel, X, Transpose::Yes, X, Transpose::No);
        kernel.array() += Scalar(1);
        Matrix product(tasks * m_outputs, batch);
        gemm(product, stacked, Transpose::No, kernel, Transpose::No);
        addLowerMirrored(blockColumnGram(product, stacked, tasks), G);
        return;
    }
    Matrix gradients(tasks * m_outputs, m_inputs + 1);
    gemm(gradients.leftCols(m_inputs), stacked, Transpose::No, X, Transpose::Yes);
    gradients.col(m_inputs) = stacked.rowwise().sum();
    addLowerMirrored(blockColumnGram(gradients, gradients, tasks), G);
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

#include "core/layer.h"

#include "core/block_gram.h"
#include "core/fixed_groups.h"
#include "core/parallel_gemm.h"

#include <vector>

namespace mtw::core {

void Layer::jacobianRows(
    const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const
{
    const Index count = parameterCount();
    if (count == 0)
        return;
    const Index batch = X.cols();
    std::vector<Scalar> gradient(static_cast<std::size_t>(count));
    for (Index t = 0; t < tasks; ++t) {
        const Matrix delta = dYstack.middleCols(t * batch, batch);
        parameterGradient(params, X, delta, gradient.data());
        for (Index i = 0; i < count; ++i)
            J[t + i * ld] = gradient[static_cast<std::size_t>(i)];
    }
}

void Layer::accumulateGramian(
    const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Eigen::MatrixXd& G) const
{
    const Index count = parameterCount();
    if (count == 0)
        return;
    Matrix rows(tasks, count);
    jacobianRows(params, X, dYstack, tasks, rows.data(), tasks);
    addGramianOfRows(rows, G);
}

void Layer::addGramianOfRows(const Matrix& rows, Eigen::MatrixXd& G)
{
    // Fixed blocks of 2048 columns on the threads (a network's whole J is T x P: 16M floats at
    // T = 40), the blocks added in double in block order.
    const Index tasks = rows.rows();
    const Eigen::MatrixXd M = sumOverFixedGroups(rows.cols(), 2048,
        Eigen::MatrixXd(Eigen::MatrixXd::Zero(tasks, tasks)),
        [&](Index begin, Index end) -> Eigen::MatrixXd { return lowerRowGram(rows.middleCols(begin, end - begin)); });
    addLowerMirrored(M, G);
}

void Layer::filterRange(Index filter, std::vector<Index>& indices) const
{
    indices.clear();
    if (filter != 0)
        return;
    for (Index i = 0; i < parameterCount(); ++i)
        indices.push_back(i);
}

} // namespace mtw::core

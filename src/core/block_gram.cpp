#include "core/block_gram.h"

#include "core/fixed_groups.h"
#include "core/transpose_tile.h"

#include <algorithm>
#include <cstring>

namespace mtw::core {

namespace {

using Lanes = float __attribute__((vector_size(8 * sizeof(float))));
constexpr Index width = 8;
constexpr int tile = 3;

Lanes load(const float* p, Index count)
{
    Lanes v = {};
    std::memcpy(&v, p, static_cast<std::size_t>(count) * sizeof(float));
    return v;
}

float laneSum(const Lanes& v)
{
    float sum = v[0];
    for (int i = 1; i < width; ++i)
        sum += v[i];
    return sum;
}

// sums[i][j] = the pairs (s[i], t[j]) over columns [begin, end), as one float per pair.
void tileSums(const TaskBlocks& A, const TaskBlocks& B, Index rows, Index begin, Index end, const Index (&s)[tile],
    const Index (&t)[tile], float (&sums)[tile][tile])
{
    Lanes acc[tile][tile] = {};
    const auto step = [&](const float* const(&a)[tile], const float* const(&b)[tile], Index r, Index count) {
        Lanes va[tile], vb[tile];
        for (int i = 0; i < tile; ++i) {
            va[i] = load(a[i] + r, count);
            vb[i] = load(b[i] + r, count);
        }
        for (int i = 0; i < tile; ++i)
            for (int j = 0; j < tile; ++j)
                acc[i][j] += va[i] * vb[j];
    };
    for (Index c = begin; c < end; ++c) {
        const float* a[tile];
        const float* b[tile];
        for (int i = 0; i < tile; ++i) {
            a[i] = A.at(s[i], c);
            b[i] = B.at(t[i], c);
        }
        Index r = 0;
        for (; r + width <= rows; r += width)
            step(a, b, r, width);
        if (r < rows)
            step(a, b, r, rows - r); // the tail's missing lanes are zeros
    }
    for (int i = 0; i < tile; ++i)
        for (int j = 0; j < tile; ++j)
            sums[i][j] = laneSum(acc[i][j]);
}

} // namespace

TaskBlocks TaskBlocks::stacked(const Eigen::Ref<const Matrix>& M, Index tasks)
{
    return { M.data(), M.rows() / tasks, M.outerStride() };
}

TaskBlocks TaskBlocks::sideBySide(const Eigen::Ref<const Matrix>& M, Index columns)
{
    return { M.data(), columns * M.outerStride(), M.outerStride() };
}

Eigen::MatrixXd lowerBlockGram(const Eigen::Ref<const Matrix>& A, const Eigen::Ref<const Matrix>& B, Index tasks)
{
    return lowerBlockGram(
        TaskBlocks::stacked(A, tasks), TaskBlocks::stacked(B, tasks), tasks, A.rows() / tasks, A.cols());
}

Eigen::MatrixXd lowerBlockGram(const TaskBlocks& A, const TaskBlocks& B, Index tasks, Index rows, Index columns)
{
    // The groups follow the entries of a column over all tasks, whatever the layout.
    const Index group = std::max<Index>(1, (Index(1) << 15) / std::max<Index>(tasks * rows, 1));
    return sumOverFixedGroups(columns, group, Eigen::MatrixXd(Eigen::MatrixXd::Zero(tasks, tasks)),
        [&](Index begin, Index end) -> Eigen::MatrixXd {
            Eigen::MatrixXd M = Eigen::MatrixXd::Zero(tasks, tasks);
            // Tiles past the last task repeat it; their sums are dropped with the upper triangle.
            const auto task = [&](Index first, int i) { return std::min(first + i, tasks - 1); };
            for (Index s0 = 0; s0 < tasks; s0 += tile)
                for (Index t0 = 0; t0 <= s0; t0 += tile) {
                    const Index s[tile] = { task(s0, 0), task(s0, 1), task(s0, 2) };
                    const Index t[tile] = { task(t0, 0), task(t0, 1), task(t0, 2) };
                    float sums[tile][tile];
                    tileSums(A, B, rows, begin, end, s, t, sums);
                    for (int i = 0; i < tile && s0 + i < tasks; ++i)
                        for (int j = 0; j < tile && t0 + j <= s0 + i; ++j)
                            M(s0 + i, t0 + j) = sums[i][j];
                }
            return M;
        });
}

Eigen::MatrixXd lowerRowGram(const Eigen::Ref<const Matrix>& rows)
{
    const Index tasks = rows.rows(), n = rows.cols(), ld = rows.outerStride();
    thread_local Matrix columns; // this thread's, kept across calls
    columns.resize(n, tasks);
    const float* src = rows.data();
    float* dst = columns.data();
    Index s0 = 0;
    for (; s0 + width <= tasks; s0 += width) {
        Index i0 = 0;
        for (; i0 + width <= n; i0 += width)
            transposeTile<width>(src + s0 + i0 * ld, ld, dst + i0 + s0 * n, n);
        for (; i0 < n; ++i0)
            for (Index s = s0; s < s0 + width; ++s)
                dst[i0 + s * n] = src[s + i0 * ld];
    }
    for (; s0 < tasks; ++s0)
        for (Index i = 0; i < n; ++i)
            dst[i + s0 * n] = src[s0 + i * ld];
    const ConstMatrixMap column(dst, n * tasks, 1);
    return lowerBlockGram(column, column, tasks);
}

void addLowerMirrored(const Eigen::MatrixXd& M, Eigen::MatrixXd& G)
{
    for (Index s = 0; s < M.rows(); ++s)
        for (Index t = 0; t <= s; ++t) {
            G(s, t) += M(s, t);
            if (s != t)
                G(t, s) += M(s, t);
        }
}

} // namespace mtw::core

#pragma once
// Parallel work over items split into groups of a fixed size (never derived from the thread
// count), so that every reduction has the same order, and the same bits, with any number of
// threads: each group is one TBB task, and group partial results are added in group order.
#include "core/tensor.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

namespace mtw::core {

// body(g, begin, end) for the groups [g * group, min(count, (g + 1) * group)), in parallel. One
// group runs on the calling thread, without a TBB task: the landscape's layers see blocks of 16
// samples, one group each, inside tasks of their own.
template <typename Body> void forFixedGroups(Index count, Index group, const Body& body)
{
    const Index groups = (count + group - 1) / group;
    if (groups <= 1) {
        if (count > 0)
            body(Index(0), Index(0), count);
        return;
    }
    tbb::parallel_for(Index(0), groups, [&](Index g) { body(g, g * group, std::min(count, (g + 1) * group)); });
}

// body(begin, count) over fixed blocks of columns of about 32k entries, on the threads. Fixed,
// not left to TBB's partitioner: Eigen computes a block's unaligned head and tail with scalar
// code, whose tanh and exp may round differently from the vector code, so the boundaries must not
// depend on the thread count. (At T = 40 a stacked backward is 2.6M entries, 1-2 ms on one thread.)
template <typename Body> void forColumnBlocks(Index rows, Index cols, const Body& body)
{
    const Index group = std::max<Index>(1, (Index(1) << 15) / std::max<Index>(rows, 1));
    forFixedGroups(cols, group, [&](Index, Index begin, Index end) { body(begin, end - begin); });
}

// zero + the sum of partial(begin, end) over the groups, added in group order.
template <typename Result, typename Partial>
Result sumOverFixedGroups(Index count, Index group, Result zero, const Partial& partial)
{
    std::vector<Result> partials(static_cast<std::size_t>((count + group - 1) / group));
    forFixedGroups(count, group,
        [&](Index g, Index begin, Index end) { partials[static_cast<std::size_t>(g)] = partial(begin, end); });
    for (const Result& sum : partials)
        zero += sum;
    return zero;
}

} // namespace mtw::core

#pragma once
// Parallel work over items split into groups of a fixed size (never derived from the thread
// count), so that every reduction has the same order, and the same bits, with any number of
// threads: each group is one TBB task, and group partial results are added in group order.
#include "core/tensor.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

namespace mtw::core {

// body(g, begin, end) for the groups [g * group, min(count, (g + 1) * group)), in parallel.
template <typename Body> void forFixedGroups(Index count, Index group, const Body& body)
{
    const Index groups = (count + group - 1) / group;
    tbb::parallel_for(Index(0), groups, [&](Index g) { body(g, g * group, std::min(count, (g + 1) * group)); });
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

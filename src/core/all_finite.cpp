#include "core/all_finite.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

namespace mtw::core {

bool allFiniteParallel(const Vector& values)
{
    const Index chunk = Index(1) << 15;
    if (values.size() <= chunk)
        return values.allFinite();
    return tbb::parallel_reduce(
        tbb::blocked_range<Index>(0, values.size(), chunk), true,
        [&](const tbb::blocked_range<Index>& range, bool finite) {
            return finite && values.segment(range.begin(), range.end() - range.begin()).allFinite();
        },
        [](bool a, bool b) { return a && b; });
}

} // namespace mtw::core

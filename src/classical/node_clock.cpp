#include "classical/node_clock.h"

#include <cmath>
#include <stdexcept>

namespace mtw::classical {

void validate(const NodeTiming& timing)
{
    if (!(timing.straggler >= 1) || !std::isfinite(timing.straggler))
        throw std::invalid_argument("straggler: must be a finite factor >= 1");
    if (!(timing.jitter >= 0) || !std::isfinite(timing.jitter))
        throw std::invalid_argument("jitter: must be a finite number >= 0");
}

NodeClock::NodeClock(int tasks, const NodeTiming& timing, std::uint64_t seed)
    : m_tasks(tasks)
    , m_timing(timing)
    , m_rng(seed)
{
    validate(timing);
}

double NodeClock::computeTime(int task)
{
    return base(task) * (1.0 - m_timing.jitter * std::log1p(-m_rng.uniform()));
}

} // namespace mtw::classical

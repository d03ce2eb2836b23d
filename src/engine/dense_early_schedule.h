#pragma once
// The schedule evaluations and trajectory factors share: every `every` steps, and densely early
// (steps 1, 2, 4, 8, ... below `every`). Transfer shows early (Mueller et al. 2024), so the
// equal-training-loss curves need points there.

namespace mtw::engine {

inline bool denselyEarlyDue(long long step, long long every)
{
    const bool powerOfTwo = step > 0 && (step & (step - 1)) == 0;
    return every > 0 && (step % every == 0 || (powerOfTwo && step < every));
}

} // namespace mtw::engine

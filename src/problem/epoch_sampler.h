#pragma once
// Mini-batches for the neural problems: drop-last epochs over a fresh seeded permutation of the
// training split each epoch. Two extras for the training modes and checkpoints:
//   hold(true) makes next() return the last batch again, so a mode can take several sub-steps
//     (alternating / selective group updates) or a perturbed gradient (SAM) on one mini-batch;
//   state()/setState() capture the permutation and cursor, so a resumed run draws the same
//     batches as an uninterrupted one.
#include "core/rng.h"
#include "core/tensor.h"

#include <vector>

namespace mtw::problem {

class EpochSampler {
public:
    // The next batch of min(batchSize, pool size) training indices.
    void next(
        core::Rng& rng, const std::vector<core::Index>& pool, long long batchSize, std::vector<core::Index>& samples);
    void hold(bool held) { m_held = held; }

    // [cursor, has-last-batch, order..., last batch...] as integers.
    std::vector<long long> state() const;
    // Throws std::invalid_argument for a malformed state or an index outside [0, sampleCount).
    void setState(const std::vector<long long>& state, long long sampleCount);

private:
    std::vector<core::Index> m_order;
    std::size_t m_cursor = 0;
    std::vector<core::Index> m_last;
    bool m_held = false;
};

} // namespace mtw::problem

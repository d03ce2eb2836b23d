#include "problem/epoch_sampler.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mtw::problem {

void EpochSampler::next(
    core::Rng& rng, const std::vector<core::Index>& pool, long long batchSize, std::vector<core::Index>& samples)
{
    if (m_held && !m_last.empty()) {
        samples = m_last;
        return;
    }
    const std::size_t batch
        = static_cast<std::size_t>(std::min<long long>(batchSize, static_cast<long long>(pool.size())));
    if (m_order.empty() || m_cursor + batch > m_order.size()) {
        const std::vector<std::size_t> permutation = rng.permutation(pool.size());
        m_order.resize(permutation.size());
        for (std::size_t i = 0; i < permutation.size(); ++i)
            m_order[i] = pool[permutation[i]];
        m_cursor = 0;
    }
    samples.assign(m_order.begin() + static_cast<std::ptrdiff_t>(m_cursor),
        m_order.begin() + static_cast<std::ptrdiff_t>(m_cursor + batch));
    m_cursor += batch;
    m_last = samples;
}

std::vector<long long> EpochSampler::state() const
{
    std::vector<long long> state { static_cast<long long>(m_cursor), static_cast<long long>(m_order.size()),
        static_cast<long long>(m_last.size()) };
    state.insert(state.end(), m_order.begin(), m_order.end());
    state.insert(state.end(), m_last.begin(), m_last.end());
    return state;
}

void EpochSampler::setState(const std::vector<long long>& state, long long sampleCount)
{
    if (state.empty()) {
        *this = EpochSampler();
        return;
    }
    if (state.size() < 3)
        throw std::invalid_argument("batch sampler state: truncated header");
    // Sizes are checked before any arithmetic on them, so a crafted state cannot overflow.
    const long long available = static_cast<long long>(state.size()) - 3;
    if (state[1] < 0 || state[2] < 0 || state[1] > available || state[2] != available - state[1] || state[0] < 0
        || state[0] > state[1])
        throw std::invalid_argument("batch sampler state: sizes do not match");
    // A state from a larger data set (the file shrank since the checkpoint) would index past the
    // samples: refuse it instead of reading out of bounds.
    for (std::size_t i = 3; i < state.size(); ++i)
        if (state[i] < 0 || state[i] >= sampleCount)
            throw std::invalid_argument("batch sampler state: sample index " + std::to_string(state[i])
                + " is outside the data set's " + std::to_string(sampleCount) + " samples (did the data change?)");
    const std::size_t order = static_cast<std::size_t>(state[1]);
    m_cursor = static_cast<std::size_t>(state[0]);
    m_order.assign(state.begin() + 3, state.begin() + 3 + static_cast<std::ptrdiff_t>(order));
    m_last.assign(state.begin() + 3 + static_cast<std::ptrdiff_t>(order), state.end());
    m_held = false;
}

} // namespace mtw::problem

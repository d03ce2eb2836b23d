#pragma once
// Keeps a bounded, evenly thinned subset of a stream of samples (cosine matrices, trajectory
// points): every `stride`-th sample is kept; when the store is full, every other kept sample is
// dropped and the stride doubles. The newest sample is always available separately, so replay
// covers the whole run at a coarser time resolution while the current state stays exact.
#include <cstddef>
#include <utility>
#include <vector>

namespace mtw::gui {

template <typename T> class ThinnedSamples {
public:
    explicit ThinnedSamples(std::size_t capacity = 2000)
        : m_capacity(capacity < 2 ? 2 : capacity)
    {
    }

    void append(long long step, T value)
    {
        m_latest = { step, value };
        m_hasLatest = true;
        if (m_seen++ % m_stride != 0)
            return;
        m_kept.emplace_back(step, std::move(value));
        if (m_kept.size() < m_capacity)
            return;
        // Drop every other kept sample; the stride doubles so future samples match the spacing.
        // From the second kept one on: moving the first onto itself would empty a std::vector.
        std::size_t out = 1;
        for (std::size_t i = 2; i < m_kept.size(); i += 2)
            m_kept[out++] = std::move(m_kept[i]);
        m_kept.resize(out);
        m_stride *= 2;
    }

    // Kept samples plus the newest one (if it was not kept), in step order.
    std::vector<std::pair<long long, T>> samples() const
    {
        std::vector<std::pair<long long, T>> all = m_kept;
        if (m_hasLatest && (all.empty() || all.back().first != m_latest.first))
            all.push_back(m_latest);
        return all;
    }
    // The i-th of samples() without copying them (i < size()).
    const std::pair<long long, T>& at(std::size_t i) const { return i < m_kept.size() ? m_kept[i] : m_latest; }
    // The last sample at or before step (the first one for earlier steps); size() > 0.
    std::size_t indexAtOrBefore(long long step) const
    {
        std::size_t low = 0, high = size(); // the answer is the last index with at(index).first <= step
        while (high - low > 1) {
            const std::size_t middle = low + (high - low) / 2;
            (at(middle).first <= step ? low : high) = middle;
        }
        return low;
    }
    std::size_t size() const
    {
        return m_kept.size() + ((m_hasLatest && (m_kept.empty() || m_kept.back().first != m_latest.first)) ? 1 : 0);
    }
    bool isEmpty() const { return !m_hasLatest; }
    const std::pair<long long, T>& latest() const { return m_latest; }
    long long stride() const { return m_stride; }
    std::size_t capacity() const { return m_capacity; }

private:
    std::size_t m_capacity;
    long long m_stride = 1;
    long long m_seen = 0;
    std::vector<std::pair<long long, T>> m_kept;
    std::pair<long long, T> m_latest {};
    bool m_hasLatest = false;
};

} // namespace mtw::gui

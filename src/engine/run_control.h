#pragma once
// Stop / pause / single-step requests from another thread (GUI, signal handler), checked by the
// trainer between steps. Atomics only: the trainer never waits on the caller.
#include <atomic>

namespace mtw::engine {

class RunControl {
public:
    void requestStop() { m_stop.store(true); }
    void setPaused(bool paused) { m_paused.store(paused); }
    void requestSingleStep() { m_singleSteps.fetch_add(1); }
    bool stopRequested() const { return m_stop.load(); }
    bool paused() const { return m_paused.load(); }
    // Consumes one single-step request, if any.
    bool takeSingleStep()
    {
        long long pending = m_singleSteps.load();
        while (pending > 0)
            if (m_singleSteps.compare_exchange_weak(pending, pending - 1))
                return true;
        return false;
    }

private:
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_paused { false };
    std::atomic<long long> m_singleSteps { 0 };
};

} // namespace mtw::engine

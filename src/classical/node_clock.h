#pragma once
// Simulated compute time of the task nodes of distributed multi-task learning (Baytas et al. 2016,
// "Asynchronous Multi-Task Learning", ICDM, experiments: the task nodes hold their own data and differ
// in speed and communication delay). One forward step of task t takes
//   c_t = base_t * (1 + jitter * e),   e ~ Exp(1) from a seeded core::Rng (e = -log(1 - u)),
// with base_t = straggler for the last task's node and 1 for every other node. The exponential
// extra time (mean `jitter`) stands for the random communication and load delays of AMTL's
// setting; its tail is what a synchronous iteration pays, since it waits for the slowest node
// (max_t c_t, about 1 + jitter * H_T on average for identical nodes, H_T the harmonic number),
// while an asynchronous server applies each node's update when that node finishes (mean
// 1 + jitter per node), so the fast nodes never wait.
//
// Parameters (defaults): straggler >= 1 (1: identical nodes), jitter >= 0 (0.5).
#include "core/rng.h"

namespace mtw::classical {

struct NodeTiming {
    double straggler = 1.0;
    double jitter = 0.5;
};

// Throws std::invalid_argument naming "straggler" or "jitter" when out of range.
void validate(const NodeTiming& timing);

class NodeClock {
public:
    NodeClock(int tasks, const NodeTiming& timing, std::uint64_t seed);
    double computeTime(int task); // one draw
    double base(int task) const { return task == m_tasks - 1 ? m_timing.straggler : 1.0; }

private:
    int m_tasks;
    NodeTiming m_timing;
    core::Rng m_rng;
};

} // namespace mtw::classical

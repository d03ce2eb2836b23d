#pragma once
// Optimizer state per parameter block, for the training modes that step on a subset of tasks.
//
// PyTorch keeps optimizer state per parameter tensor and skips tensors whose .grad is None. In a
// group step (alternating per-task steps, selective group updates) the shared block and the
// active tasks' heads move; the other heads keep both their parameters and their moments, as they
// would with grad None in the reference code. Blocks: the shared parameters [0, S), then one block
// per task gathering that task's ranges (MultiTaskProblem::taskParameterRanges).
//
// `sharedSets` > 1 keeps separate moment sets for the shared block (one per task: the task-wise
// moment estimates of Pascal et al. 2021, so each task's step is normalized by its own gradient
// statistics); the caller picks the set of each step.
#include "core/optimizer.h"
#include "mtl/method.h"
#include "problem/multi_task_problem.h"

#include <functional>
#include <memory>
#include <vector>

namespace mtw::engine {

using OptimizerFactory = std::function<std::unique_ptr<core::Optimizer>()>;

class BlockwiseOptimizer {
public:
    BlockwiseOptimizer(const OptimizerFactory& factory, const problem::MultiTaskProblem& problem, int sharedSets);

    // Moves the shared block (with moment set `sharedSet`) and the blocks of `activeTasks`.
    void step(core::Vector& theta, const core::Vector& direction, double learningRate,
        const std::vector<int>& activeTasks, int sharedSet);

    // The same step on a copy of the moments (shared set `sharedSet`, the block of `task`), which
    // stay unchanged: the optimizer-consistent look-ahead (TrainingMode::lookahead). Const and
    // safe to call concurrently.
    void lookahead(
        core::Vector& theta, const core::Vector& direction, double learningRate, int task, int sharedSet) const;

    // Moments and step counts of every block, under `prefix`.
    void saveState(mtl::MethodState& state, const std::string& prefix) const;
    void loadState(const mtl::MethodState& state, const std::string& prefix);

private:
    struct Block {
        std::vector<problem::ParameterRange> ranges;
        core::Index size = 0;
        std::unique_ptr<core::Optimizer> optimizer;
    };
    // Steps `optimizer` on the block's gathered values and gradient (buffers: scratch space).
    static void stepBlock(const Block& block, core::Optimizer& optimizer, core::Vector& theta,
        const core::Vector& direction, double learningRate, core::Vector& values, core::Vector& gradient);

    OptimizerFactory m_factory;
    core::Index m_sharedCount = 0;
    std::vector<Block> m_shared; // one per moment set
    std::vector<Block> m_tasks;
    core::Vector m_values, m_gradient; // gather buffers
};

// Saves / restores one optimizer's moments and step count under `prefix` (shared with the modes
// that keep a single optimizer).
void saveOptimizerState(const core::Optimizer& optimizer, mtl::MethodState& state, const std::string& prefix);
void loadOptimizerState(core::Optimizer& optimizer, const mtl::MethodState& state, const std::string& prefix);

// A new optimizer from `factory` with `optimizer`'s moments and step count.
std::unique_ptr<core::Optimizer> copyOptimizer(const core::Optimizer& optimizer, const OptimizerFactory& factory);

// TrainingMode::lookahead of the modes with one optimizer over all P parameters: a copy of it
// steps theta along `direction`; the heads of the tasks other than `task` are put back.
void lookaheadWithCopy(const core::Optimizer& optimizer, const OptimizerFactory& factory,
    const problem::MultiTaskProblem& problem, core::Vector& theta, const core::Vector& direction, double learningRate,
    int task);

} // namespace mtw::engine

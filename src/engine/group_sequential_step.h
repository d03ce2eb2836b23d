#pragma once
// Training modes that replace one step on all tasks by a sequence of steps on task groups, each on
// the same mini-batch and on the group's loss only:
//
// - Alternating per-task steps: Pascal, Michiardi, Bost, Huet & Zuluaga 2021, "Improved
//   optimization strategies for deep Multi-Task Networks" (arXiv 2109.11678), Sec. 3:
//   theta <- theta - lr * opt_t(grad L_t) for t = 1..T within an iteration, with task-wise moment
//   estimates for the shared parameters (task_moments; our reading of the paper's combination
//   with Adam); random task grouping (group_size k > 1: a random partition into groups of k)
//   trades the T-fold cost against optimisation quality.
// - Selective task-group updates: Jeong & Yoon 2025, "Selective Task Group Updates for
//   Multi-Task Optimization" (ICLR), Alg. 1: groups from the proximal inter-task affinity
//   (mtl::ProximalAffinity; beta 0.001), all-singleton groups for the first `warmup` steps
//   (100), groups visited in random order, the affinity updated after every group step from the
//   losses before and after it on the same batch.
//
// A group step's direction is sum_{t in G} T w_t grad L_t over the shared parameters and the
// group's heads, where w are the method's loss weights for this batch (EW: w_t = 1/T, i.e. the
// plain summed group loss of both papers). The other heads neither move nor age their moments
// (BlockwiseOptimizer), as with grad None in PyTorch. Cost per batch: one forward and backward
// per group (plus one more for the selective mode's last affinity update).
#include "engine/training_mode.h"
#include "mtl/proximal_affinity.h"

#include <memory>
#include <optional>

namespace mtw::engine {

struct GroupSequentialOptions {
    bool selective = false; // false: alternating (Pascal et al.), true: Jeong & Yoon
    int groupSize = 1; // alternating: tasks per random group (1: every task alone)
    bool randomOrder = false; // alternating: visit groups in random order (else task order)
    bool taskMoments = true; // alternating with groupSize 1: one moment set per task
    double beta = 0.001; // selective: affinity EMA decay
    long long warmup = 100; // selective: steps with singleton groups
};

class GroupSequentialStep final : public TrainingMode {
public:
    GroupSequentialStep(TrainingContext& context, const GroupSequentialOptions& options);
    StepReport step(const StepPlan& plan, core::Vector& theta) override;
    mtl::MethodState state() const override;
    void setState(const mtl::MethodState& state) override;
    void lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const override;

    const mtl::ProximalAffinity* affinity() const { return m_affinity ? &*m_affinity : nullptr; }

private:
    std::vector<std::vector<int>> planGroups(long long step);
    // The shared block's moment set of a group step (task-wise moments: the group's task).
    int momentSet(const std::vector<int>& group) const;
    void recordGroups(const std::vector<std::vector<int>>& groups, StepReport& report) const;

    TrainingContext& m_context;
    GroupSequentialOptions m_options;
    BlockwiseOptimizer m_optimizer;
    std::optional<mtl::ProximalAffinity> m_affinity;
    problem::StepGradients m_gradients;
    core::Vector m_direction;
};

} // namespace mtw::engine

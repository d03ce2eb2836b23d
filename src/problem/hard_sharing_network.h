#pragma once
// Hard parameter sharing (Caruana 1997): a shared trunk network maps the input to a
// representation Z, and one head per task maps Z to that task's output. Works on any
// MultiTaskDataset and any trunk (MLP, CNN); the loss per task follows its target kind
// (cross-entropy, MSE, BCE with logits).
//
// One step, T tasks, batch B:
//   forward the trunk once; for each task (in parallel, TBB) forward its head, its loss, and
//   backward through the head to its representation delta dZ_t;
//   stack [dZ_1 ... dZ_T] and go down the trunk once with all tasks' deltas together
//   (core::Sequential::backwardTasks), forming either J's rows or only G = J J^T;
//   combine(w): the shared gradient sum_t w_t g_t from the stored per-layer deltas (one
//   weight-gradient GEMM per layer, no second backward pass).
// Without per-task backward (GradientRequest::perTaskBackward false, no G, no J: loss-only methods
// on steps without diagnostics) the trunk is not gone down in computeGradients(); combine(w)
// back-propagates sum_t w_t dZ_t once, the cost of one backward of sum_t w_t L_t.
// In representation mode (MGDA-UB) the task gradients are dZ_t themselves: G_st = <dZ_s, dZ_t>,
// and combine backpropagates sum_t w_t dZ_t through the trunk.
#include "core/sequential.h"
#include "data/multi_task_dataset.h"
#include "problem/epoch_sampler.h"
#include "problem/layer_diagnostics.h"
#include "problem/multi_task_problem.h"
#include "problem/stacked_linear_heads.h"

#include <optional>

namespace mtw::problem {

// Layer diagnostics (problem/layer_diagnostics.h): per trunk layer Gramians, the heads' representations.
class HardSharingNetwork final : public MultiTaskProblem, public LayerDiagnosticsSource {
public:
    HardSharingNetwork(std::string name, data::DatasetPtr dataset, core::Sequential trunk,
        std::vector<core::Sequential> heads, int batchSize, int evaluationSamples = 2048);

    std::string name() const override { return m_name; }
    const std::vector<TaskInfo>& tasks() const override { return m_tasks; }
    Index parameterCount() const override { return m_parameterCount; }
    Index sharedParameterCount() const override { return m_trunk.parameterCount(); }
    Vector initialParameters(core::Rng& rng) const override;
    long long stepsPerEpoch() const override;

    void computeGradients(
        const Vector& theta, const GradientRequest& request, core::Rng& rng, StepGradients& out) override;
    void combine(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) override;
    void combineDirection(
        const Vector& spaceDirection, const Eigen::VectorXd& headWeights, bool weightHeads, Vector& direction) override;
    Eigen::VectorXd lossesAt(const Vector& theta) const override;
    std::vector<TaskEvaluation> evaluate(const Vector& theta, Split split) const override;
    bool hasValidation() const override { return !m_dataset->validation.empty(); }
    void holdBatch(bool held) override { m_sampler.hold(held); }
    std::vector<long long> samplerState() const override { return m_sampler.state(); }
    void setSamplerState(const std::vector<long long>& state) override
    {
        m_sampler.setState(state, m_dataset->sampleCount());
    }
    std::vector<ParameterRange> taskParameterRanges(int task) const override;
    const core::Sequential& trunk() const { return m_trunk; }
    const core::Sequential& head(int task) const { return m_heads[static_cast<std::size_t>(task)]; }
    Index headOffset(int task) const { return m_headOffsets[static_cast<std::size_t>(task)]; }
    const data::MultiTaskDataset& dataset() const { return *m_dataset; }
    // The l1 penalty lambda |W|_1 on the weights (not the biases) of the trunk's last Linear layer,
    // the final shared layer (Kulkarni et al. 2024, "capacity control" for worst-group outcomes):
    // every update direction gets lambda sign(W) added there (the subgradient 0 at W = 0). The
    // recorded task losses do not include it. Throws std::invalid_argument for a negative lambda
    // or a trunk without a Linear layer.
    void setSharedL1(double lambda);
    // B-column deltas sent down the trunk since construction: T per step on the per-task path, 1
    // per combine() on the weighted one. Tests and the benchmark read it to know the path taken.
    long long trunkBackwardDeltas() const { return m_trunkBackwardDeltas; }

private:
    struct Batch {
        Matrix features;
        std::vector<std::vector<int>> labels; // per task (classification)
        std::vector<Matrix> values; // per task (regression / binary)
    };
    void gather(const std::vector<Index>& samples, Batch& batch) const;
    // Loss of task t on outputs, with the gradient w.r.t. the outputs when gradient is non-null.
    double taskLoss(int task, const Matrix& outputs, const Batch& batch, Matrix* gradient) const;
    // Per-task losses and primary metrics over a sample list, in chunks; with `outputs`, also each
    // task's outputs (outputs x samples) for the further metrics.
    void evaluateSamples(const Vector& theta, const std::vector<Index>& samples, Eigen::VectorXd& losses,
        Eigen::VectorXd& metrics, std::vector<Matrix>* outputs = nullptr) const;
    void writeHeadGradients(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) const;
    void addSharedL1(Vector& direction) const;
    // The heads' forward, losses and backward of one step (losses into out), for heads of any form
    // one task at a time, or all at once when every head is one Linear layer (stacked_linear_heads.h);
    // the stacked form leaves the T representation deltas out unless taskDeltas.
    void headsOneByOne(const core::Scalar* params, const Matrix& Z, StepGradients& out);
    void headsStacked(const core::Scalar* params, const Matrix& Z, StepGradients& out, bool taskDeltas);
    // After the step's backward (trunkWalked: the per-task deltas are in m_trunkWork), when asked.
    void formLayerGramians(const core::Scalar* params, Index tasks, bool trunkWalked);

    std::string m_name;
    data::DatasetPtr m_dataset;
    core::Sequential m_trunk;
    std::vector<core::Sequential> m_heads;
    std::optional<StackedLinearHeads> m_stackedHeads; // when every head is one Linear layer
    std::vector<Index> m_headOffsets;
    Index m_parameterCount = 0;
    int m_batchSize;
    std::vector<TaskInfo> m_tasks;
    double m_sharedL1 = 0;
    ParameterRange m_sharedL1Weights; // the penalised weights
    std::vector<Index> m_evaluationSamples; // the fixed training subset behind lossesAt() (landscapes, Pareto points)

    EpochSampler m_sampler;

    // State of the last computeGradients(), used by combine().
    // The parameters of the last computeGradients(), not a copy (a copy was 3% of a step): the
    // caller keeps them alive and unchanged until its last combine() (multi_task_problem.h).
    const Vector* m_theta = nullptr;
    GradientSpace m_space = GradientSpace::SharedParameters;
    bool m_trunkBackwardDeferred = false; // combine() back-propagates the weighted delta
    long long m_trunkBackwardDeltas = 0;
    core::Sequential::Workspace m_trunkWork;
    Matrix m_representationDeltas; // rep x (T*B)
    Matrix m_weightedDelta; // rep x B, sum_t w_t dZ_t for the single backward
    std::vector<Vector> m_headGradients; // per task, over its head's parameters
    bool m_partiallyLabelled = false; // some training sample lacks a label for some task
    Batch m_batch;
};

} // namespace mtw::problem

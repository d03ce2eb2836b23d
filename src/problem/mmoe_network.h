#pragma once
// Multi-gate Mixture-of-Experts (Ma, Zhao, Yi, Chen, Hong & Chi 2018, "Modeling Task
// Relationships in Multi-task Learning with Multi-gate Mixture-of-Experts", KDD, Eq. 5-6):
//   f^t(x) = sum_k g^t(x)_k e_k(x)            (Eq. 5; experts e_k are MLPs on the input)
//   g^t(x) = softmax(W_gt x)                  (Eq. 6; one linear gate per task, with a bias here)
//   y_t    = h^t(f^t(x))                      (task tower h^t, an MLP)
// Shared parameters (the space of J and G) are the experts'; each task's gate and tower are its
// task-specific parameters: theta = [expert_1 .. expert_K | gate_1 tower_1 | ... | gate_T tower_T].
//
// One step: experts forward once; per task (TBB) the gate, the mixture, the tower, the loss and
// the backward through tower and gate; the task's expert deltas are dE_k^t = dF^t * g^t_k
// (column-wise), stacked over tasks and sent down each expert once (Sequential::backwardTasks)
// giving J's rows or only G = sum_k J_k J_k^T. combine(w) then costs one weight-gradient GEMM per
// expert layer, as for HardSharingNetwork. The representation space (MGDA-UB) does not apply:
// there is no single representation shared by all tasks (each task mixes the experts with its
// own gate), so a request for it is refused with std::invalid_argument.
#include "core/sequential.h"
#include "data/multi_task_dataset.h"
#include "problem/epoch_sampler.h"
#include "problem/layer_diagnostics.h"
#include "problem/multi_task_problem.h"

namespace mtw::problem {

// Layer diagnostics (problem/layer_diagnostics.h): per expert depth Gramians, the towers' representations.
class MmoeNetwork final : public MultiTaskProblem, public LayerDiagnosticsSource {
public:
    // experts: K nets input -> h (same h); gates: T nets input -> K logits; towers: T nets h -> outputs.
    MmoeNetwork(std::string name, data::DatasetPtr dataset, std::vector<core::Sequential> experts,
        std::vector<core::Sequential> gates, std::vector<core::Sequential> towers, int batchSize,
        int evaluationSamples = 2048);

    std::string name() const override { return m_name; }
    const std::vector<TaskInfo>& tasks() const override { return m_tasks; }
    Index parameterCount() const override { return m_parameterCount; }
    Index sharedParameterCount() const override { return m_sharedCount; }
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
    // Task outputs (outputs x samples per task) at theta, for metrics.
    std::vector<Matrix> outputs(const Vector& theta, const std::vector<Index>& samples) const;
    const data::MultiTaskDataset& dataset() const { return *m_dataset; }
    // The experts' outputs stacked (K h x samples) at theta: everything the tasks share (each
    // task's gate then mixes them), the frozen representation of few-shot adaptation.
    Matrix expertOutputs(const Vector& theta, const std::vector<Index>& samples) const;

private:
    struct Forward {
        std::vector<core::Sequential::Workspace> experts;
        std::vector<Matrix> gates; // per task, K x B softmax weights
        std::vector<core::Sequential::Workspace> gateWork, towerWork;
        std::vector<Matrix> mixtures; // per task, h x B
    };
    void forward(const core::Scalar* params, const Matrix& X, Forward& state) const;
    void forwardTask(const core::Scalar* params, const Matrix& X, Forward& state, std::size_t task) const;
    Matrix gatherFeatures(const std::vector<Index>& samples) const;
    double taskLoss(std::size_t task, const Matrix& outputs, const std::vector<Index>& samples, Matrix* gradient) const;
    void writeTaskGradients(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) const;

    std::string m_name;
    data::DatasetPtr m_dataset;
    std::vector<core::Sequential> m_experts, m_gates, m_towers;
    std::vector<Index> m_expertOffsets, m_gateOffsets, m_towerOffsets;
    Index m_sharedCount = 0;
    Index m_parameterCount = 0;
    int m_batchSize;
    std::vector<TaskInfo> m_tasks;
    std::vector<Index> m_evaluationSamples;
    bool m_partiallyLabelled = false; // some training sample lacks a label for some task

    EpochSampler m_sampler;

    // State of the last computeGradients().
    Vector m_thetaCopy;
    Forward m_state;
    std::vector<Vector> m_taskGradients; // per task: gate then tower parameters
};

} // namespace mtw::problem

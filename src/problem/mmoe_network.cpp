#include "problem/mmoe_network.h"

#include "core/loss.h"
#include "problem/layer_gramians.h"
#include "problem/task_metrics.h"

#include <tbb/parallel_for.h>

#include <stdexcept>

namespace mtw::problem {

namespace {
TaskKind kindOf(data::TargetKind kind)
{
    if (kind == data::TargetKind::Classification)
        return TaskKind::Classification;
    return kind == data::TargetKind::Binary ? TaskKind::Binary : TaskKind::Regression;
}

// Column-wise softmax in place (max-shifted for stability).
void softmaxColumns(Matrix& logits)
{
    for (Index b = 0; b < logits.cols(); ++b) {
        const core::Scalar top = logits.col(b).maxCoeff();
        logits.col(b) = (logits.col(b).array() - top).exp().matrix();
        logits.col(b) /= logits.col(b).sum();
    }
}
} // namespace

MmoeNetwork::MmoeNetwork(std::string name, data::DatasetPtr dataset, std::vector<core::Sequential> experts,
    std::vector<core::Sequential> gates, std::vector<core::Sequential> towers, int batchSize, int evaluationSamples)
    : m_name(std::move(name))
    , m_dataset(std::move(dataset))
    , m_experts(std::move(experts))
    , m_gates(std::move(gates))
    , m_towers(std::move(towers))
    , m_batchSize(batchSize)
{
    const std::size_t T = m_dataset->tasks.size();
    if (m_experts.empty())
        throw std::invalid_argument("MMoE needs at least one expert");
    if (m_gates.size() != T || m_towers.size() != T)
        throw std::invalid_argument("MMoE needs one gate and one tower per task");
    if (m_dataset->train.empty())
        throw std::invalid_argument("the data set has no training samples");
    const Index width = m_experts.front().outputSize();
    for (const core::Sequential& expert : m_experts) {
        if (expert.inputSize() != m_dataset->inputDimension())
            throw std::invalid_argument("an MMoE expert's input size does not match the data's feature count");
        if (expert.outputSize() != width)
            throw std::invalid_argument("MMoE experts must have the same output width");
        m_expertOffsets.push_back(m_sharedCount);
        m_sharedCount += expert.parameterCount();
    }
    m_parameterCount = m_sharedCount;
    for (std::size_t t = 0; t < T; ++t) {
        const data::TaskTargets& target = m_dataset->tasks[t];
        if (m_gates[t].inputSize() != m_dataset->inputDimension()
            || m_gates[t].outputSize() != static_cast<Index>(m_experts.size()))
            throw std::invalid_argument(
                "gate of task '" + target.name + "' must map the input to one logit per expert");
        if (m_towers[t].inputSize() != width || m_towers[t].outputSize() != target.outputSize())
            throw std::invalid_argument("tower of task '" + target.name + "' has the wrong input or output size");
        m_gateOffsets.push_back(m_parameterCount);
        m_parameterCount += m_gates[t].parameterCount();
        m_towerOffsets.push_back(m_parameterCount);
        m_parameterCount += m_towers[t].parameterCount();
        m_tasks.push_back({ target.name, kindOf(target.kind), target.classCount });
    }
    const std::size_t count
        = std::min<std::size_t>(static_cast<std::size_t>(evaluationSamples), m_dataset->train.size());
    m_evaluationSamples.assign(m_dataset->train.begin(), m_dataset->train.begin() + static_cast<std::ptrdiff_t>(count));
    m_partiallyLabelled = m_dataset->partiallyLabelled();
}

Vector MmoeNetwork::initialParameters(core::Rng& rng) const
{
    Vector theta(m_parameterCount);
    for (std::size_t k = 0; k < m_experts.size(); ++k)
        m_experts[k].initialize(theta.data() + m_expertOffsets[k], rng);
    for (std::size_t t = 0; t < m_gates.size(); ++t) {
        m_gates[t].initialize(theta.data() + m_gateOffsets[t], rng);
        m_towers[t].initialize(theta.data() + m_towerOffsets[t], rng);
    }
    return theta;
}

long long MmoeNetwork::stepsPerEpoch() const
{
    return std::max(1LL, static_cast<long long>(m_dataset->train.size()) / m_batchSize);
}

Matrix MmoeNetwork::gatherFeatures(const std::vector<Index>& samples) const
{
    Matrix X(m_dataset->inputDimension(), static_cast<Index>(samples.size()));
    for (std::size_t i = 0; i < samples.size(); ++i)
        X.col(static_cast<Index>(i)) = m_dataset->features.col(samples[i]);
    return X;
}

Matrix MmoeNetwork::expertOutputs(const Vector& theta, const std::vector<Index>& samples) const
{
    const Matrix X = gatherFeatures(samples);
    const Index width = m_experts.front().outputSize();
    Matrix stacked(width * static_cast<Index>(m_experts.size()), X.cols());
    core::Sequential::Workspace work;
    for (std::size_t k = 0; k < m_experts.size(); ++k)
        stacked.middleRows(width * static_cast<Index>(k), width)
            = m_experts[k].forward(theta.data() + m_expertOffsets[k], X, work);
    return stacked;
}

double MmoeNetwork::taskLoss(
    std::size_t task, const Matrix& outputs, const std::vector<Index>& samples, Matrix* gradient) const
{
    const data::TaskTargets& target = m_dataset->tasks[task];
    if (target.kind == data::TargetKind::Classification) {
        std::vector<int> labels(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i)
            labels[i] = target.labels[static_cast<std::size_t>(samples[i])];
        return core::crossEntropy(outputs, labels, gradient);
    }
    Matrix values(target.values.rows(), static_cast<Index>(samples.size()));
    for (std::size_t i = 0; i < samples.size(); ++i)
        values.col(static_cast<Index>(i)) = target.values.col(samples[i]);
    if (target.kind == data::TargetKind::Binary)
        return core::binaryCrossEntropy(outputs, values, gradient);
    return core::meanSquaredError(outputs, values, gradient);
}

void MmoeNetwork::forwardTask(const core::Scalar* params, const Matrix& X, Forward& state, std::size_t t) const
{
    Matrix gate = m_gates[t].forward(params + m_gateOffsets[t], X, state.gateWork[t]);
    softmaxColumns(gate);
    Matrix mixture = Matrix::Zero(state.experts.front().activations.back().rows(), X.cols());
    for (std::size_t k = 0; k < m_experts.size(); ++k)
        mixture.noalias() += state.experts[k].activations.back() * gate.row(static_cast<Index>(k)).asDiagonal();
    state.gates[t] = std::move(gate);
    state.mixtures[t] = std::move(mixture);
    m_towers[t].forward(params + m_towerOffsets[t], state.mixtures[t], state.towerWork[t]);
}

void MmoeNetwork::forward(const core::Scalar* params, const Matrix& X, Forward& state) const
{
    const std::size_t T = m_towers.size();
    state.experts.resize(m_experts.size());
    for (std::size_t k = 0; k < m_experts.size(); ++k)
        m_experts[k].forward(params + m_expertOffsets[k], X, state.experts[k]);
    state.gates.resize(T);
    state.mixtures.resize(T);
    state.gateWork.resize(T);
    state.towerWork.resize(T);
}

void MmoeNetwork::computeGradients(
    const Vector& theta, const GradientRequest& request, core::Rng& rng, StepGradients& out)
{
    if (request.space == GradientSpace::Representation)
        throw std::invalid_argument("MMoE: gradient_space 'representation' does not apply (each task mixes the experts "
                                    "with its own gate, so there is no shared representation); use 'parameters'");
    std::vector<Index> samples;
    m_sampler.next(rng, m_dataset->train, m_batchSize, samples);
    m_thetaCopy = theta;
    const core::Scalar* params = m_thetaCopy.data();
    const Matrix X = gatherFeatures(samples);
    forward(params, X, m_state);
    const Index T = static_cast<Index>(m_towers.size());
    const Index B = X.cols();
    const Index K = static_cast<Index>(m_experts.size());
    const Index width = m_experts.front().outputSize();
    out.losses.resize(T);
    recordLabelled(m_partiallyLabelled, *m_dataset, samples, out);
    m_taskGradients.resize(m_towers.size());
    if (layerDiagnosticsRequested())
        layerDiagnostics().representations.assign(m_towers.size(), Matrix());
    std::vector<Matrix> expertDeltas(static_cast<std::size_t>(K), Matrix(width, T * B));
    tbb::parallel_for(Index(0), T, [&](Index ti) {
        const std::size_t t = static_cast<std::size_t>(ti);
        forwardTask(params, X, m_state, t);
        Matrix dOutputs;
        out.losses(ti) = taskLoss(t, m_state.towerWork[t].activations.back(), samples, &dOutputs);
        const Index gateCount = m_gates[t].parameterCount();
        m_taskGradients[t].resize(gateCount + m_towers[t].parameterCount());
        Matrix dMixture;
        m_towers[t].backward(params + m_towerOffsets[t], m_state.towerWork[t], dOutputs,
            m_taskGradients[t].data() + gateCount, &dMixture);
        // Softmax backward: dlogit_k = g_k (dg_k - sum_j g_j dg_j), dg_k = <dF, e_k> per sample.
        const Matrix& gate = m_state.gates[t];
        Matrix dGate(K, B);
        for (Index k = 0; k < K; ++k) {
            const Matrix& expert = m_state.experts[static_cast<std::size_t>(k)].activations.back();
            dGate.row(k) = (dMixture.array() * expert.array()).colwise().sum();
            expertDeltas[static_cast<std::size_t>(k)].middleCols(ti * B, B) = dMixture * gate.row(k).asDiagonal();
        }
        const Eigen::Matrix<core::Scalar, 1, Eigen::Dynamic> mean = (gate.array() * dGate.array()).colwise().sum();
        const Matrix dLogits = (gate.array() * (dGate.rowwise() - mean).array()).matrix();
        m_gates[t].backward(
            params + m_gateOffsets[t], m_state.gateWork[t], dLogits, m_taskGradients[t].data(), nullptr);
        if (layerDiagnosticsRequested())
            layerDiagnostics().representations[t]
                = headRepresentation(m_towers[t], m_state.towerWork[t], m_state.towerWork[t].activations.back());
    });

    out.gramian = Eigen::MatrixXd::Zero(T, T);
    if (request.needJacobian) {
        out.jacobian.resize(T, m_sharedCount);
        for (std::size_t k = 0; k < m_experts.size(); ++k)
            m_experts[k].backwardTasks(params + m_expertOffsets[k], m_state.experts[k], expertDeltas[k], T,
                out.jacobian.data() + m_expertOffsets[k] * T, T, nullptr);
        const Index chunk = 8192;
        for (Index start = 0; start < out.jacobian.cols(); start += chunk) {
            const Index count = std::min(chunk, out.jacobian.cols() - start);
            const Matrix block = out.jacobian.middleCols(start, count);
            out.gramian += (block * block.transpose()).cast<double>();
        }
    } else {
        for (std::size_t k = 0; k < m_experts.size(); ++k)
            m_experts[k].backwardTasks(
                params + m_expertOffsets[k], m_state.experts[k], expertDeltas[k], T, nullptr, 0, &out.gramian);
    }
    if (layerDiagnosticsRequested()) {
        layerDiagnosticsFormed();
        // Depth k of every expert is one "layer" of the shared part: its Gramian sums the experts'.
        for (std::size_t k = 0; k < m_experts.size(); ++k)
            addLayerGramians(
                m_experts[k], params + m_expertOffsets[k], m_state.experts[k], T, layerDiagnostics().gramians);
        for (LayerMatrix& layer : layerDiagnostics().gramians)
            layer.label += " x " + std::to_string(K) + " experts";
    }
}

void MmoeNetwork::writeTaskGradients(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) const
{
    for (std::size_t t = 0; t < m_towers.size(); ++t) {
        const core::Scalar scale
            = weightHeads ? static_cast<core::Scalar>(weights(static_cast<Index>(t))) : core::Scalar(1);
        direction.segment(m_gateOffsets[t], m_taskGradients[t].size()) = scale * m_taskGradients[t];
    }
}

void MmoeNetwork::combine(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction)
{
    direction.resize(m_parameterCount);
    const Vector w = weights.cast<core::Scalar>();
    for (std::size_t k = 0; k < m_experts.size(); ++k)
        m_experts[k].combineTasks(
            m_thetaCopy.data() + m_expertOffsets[k], m_state.experts[k], w, direction.data() + m_expertOffsets[k]);
    writeTaskGradients(weights, weightHeads, direction);
}

void MmoeNetwork::combineDirection(
    const Vector& spaceDirection, const Eigen::VectorXd& headWeights, bool weightHeads, Vector& direction)
{
    direction.resize(m_parameterCount);
    direction.head(m_sharedCount) = spaceDirection;
    writeTaskGradients(headWeights, weightHeads, direction);
}

std::vector<Matrix> MmoeNetwork::outputs(const Vector& theta, const std::vector<Index>& samples) const
{
    std::vector<Matrix> result(m_towers.size());
    for (std::size_t t = 0; t < m_towers.size(); ++t)
        result[t].resize(m_towers[t].outputSize(), static_cast<Index>(samples.size()));
    const std::size_t chunk = 1024;
    Forward state;
    for (std::size_t start = 0; start < samples.size(); start += chunk) {
        const std::size_t end = std::min(samples.size(), start + chunk);
        const Matrix X = gatherFeatures(std::vector<Index>(
            samples.begin() + static_cast<std::ptrdiff_t>(start), samples.begin() + static_cast<std::ptrdiff_t>(end)));
        forward(theta.data(), X, state);
        for (std::size_t t = 0; t < m_towers.size(); ++t) {
            forwardTask(theta.data(), X, state, t);
            result[t].middleCols(static_cast<Index>(start), X.cols()) = state.towerWork[t].activations.back();
        }
    }
    return result;
}

Eigen::VectorXd MmoeNetwork::lossesAt(const Vector& theta) const
{
    const std::vector<Matrix> out = outputs(theta, m_evaluationSamples);
    Eigen::VectorXd losses(static_cast<Index>(m_towers.size()));
    for (std::size_t t = 0; t < m_towers.size(); ++t)
        losses(static_cast<Index>(t)) = taskLoss(t, out[t], m_evaluationSamples, nullptr);
    return losses;
}

std::vector<TaskEvaluation> MmoeNetwork::evaluate(const Vector& theta, Split split) const
{
    const std::vector<Index>& samples = m_dataset->split(static_cast<int>(split));
    std::vector<TaskEvaluation> result;
    if (samples.empty())
        return result;
    const std::vector<Matrix> out = outputs(theta, samples);
    for (std::size_t t = 0; t < m_towers.size(); ++t) {
        const data::TaskTargets& target = m_dataset->tasks[t];
        TaskEvaluation evaluation;
        evaluation.loss = taskLoss(t, out[t], samples, nullptr);
        const MetricSum metric = primaryMetricSum(target, samples, out[t]);
        evaluation.metric = metric.sum / static_cast<double>(metric.labelled);
        const bool regression = target.kind == data::TargetKind::Regression;
        evaluation.metricName = regression ? "mse" : "accuracy";
        evaluation.higherIsBetter = !regression;
        evaluation.moreMetrics = furtherMetrics(target, samples, out[t], m_dataset->groups);
        result.push_back(evaluation);
    }
    return result;
}

} // namespace mtw::problem

namespace mtw::problem {

std::vector<ParameterRange> MmoeNetwork::taskParameterRanges(int task) const
{
    const std::size_t t = static_cast<std::size_t>(task);
    return { { m_gateOffsets[t], m_gates[t].parameterCount() }, { m_towerOffsets[t], m_towers[t].parameterCount() } };
}

} // namespace mtw::problem

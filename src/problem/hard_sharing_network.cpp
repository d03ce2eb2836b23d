#include "problem/hard_sharing_network.h"

#include "core/linear.h"

#include "problem/layer_gramians.h"
#include "problem/task_metrics.h"

#include "core/loss.h"

#include <tbb/parallel_for.h>

#include <stdexcept>

namespace mtw::problem {

namespace {
TaskKind kindOf(data::TargetKind kind)
{
    switch (kind) {
    case data::TargetKind::Classification:
        return TaskKind::Classification;
    case data::TargetKind::Binary:
        return TaskKind::Binary;
    case data::TargetKind::Regression:
        return TaskKind::Regression;
    }
    return TaskKind::Regression;
}
} // namespace

HardSharingNetwork::HardSharingNetwork(std::string name, data::DatasetPtr dataset, core::Sequential trunk,
    std::vector<core::Sequential> heads, int batchSize, int evaluationSamples)
    : m_name(std::move(name))
    , m_dataset(std::move(dataset))
    , m_trunk(std::move(trunk))
    , m_heads(std::move(heads))
    , m_batchSize(batchSize)
{
    if (m_heads.size() != m_dataset->tasks.size())
        throw std::invalid_argument("one head per task is needed");
    if (m_dataset->train.empty())
        throw std::invalid_argument("the data set has no training samples");
    if (m_trunk.inputSize() != m_dataset->inputDimension())
        throw std::invalid_argument("the trunk's input size does not match the data's feature count");
    m_parameterCount = m_trunk.parameterCount();
    for (std::size_t t = 0; t < m_heads.size(); ++t) {
        const data::TaskTargets& target = m_dataset->tasks[t];
        if (m_heads[t].outputSize() != target.outputSize())
            throw std::invalid_argument("head of task '" + target.name + "' has the wrong output size");
        m_headOffsets.push_back(m_parameterCount);
        m_parameterCount += m_heads[t].parameterCount();
        m_tasks.push_back({ target.name, kindOf(target.kind), target.classCount });
    }
    m_partiallyLabelled = m_dataset->partiallyLabelled();
    if (StackedLinearHeads::applies(m_heads))
        m_stackedHeads.emplace(m_heads);
    // A fixed evaluation subset of the training split (landscapes, Pareto points).
    const std::size_t count
        = std::min<std::size_t>(static_cast<std::size_t>(evaluationSamples), m_dataset->train.size());
    m_evaluationSamples.assign(m_dataset->train.begin(), m_dataset->train.begin() + static_cast<std::ptrdiff_t>(count));
}

Vector HardSharingNetwork::initialParameters(core::Rng& rng) const
{
    Vector theta(m_parameterCount);
    m_trunk.initialize(theta.data(), rng);
    for (std::size_t t = 0; t < m_heads.size(); ++t)
        m_heads[t].initialize(theta.data() + m_headOffsets[t], rng);
    return theta;
}

long long HardSharingNetwork::stepsPerEpoch() const
{
    const long long n = static_cast<long long>(m_dataset->train.size());
    return std::max(1LL, n / m_batchSize);
}

std::vector<ParameterRange> HardSharingNetwork::taskParameterRanges(int task) const
{
    const std::size_t t = static_cast<std::size_t>(task);
    return { { m_headOffsets[t], m_heads[t].parameterCount() } };
}

void HardSharingNetwork::gather(const std::vector<Index>& samples, Batch& batch) const
{
    const Index count = static_cast<Index>(samples.size());
    batch.features.resize(m_dataset->inputDimension(), count);
    // Column copies (1.3 MB for the benchmark MLP's batch): on the threads.
    tbb::parallel_for(Index(0), count,
        [&](Index i) { batch.features.col(i) = m_dataset->features.col(samples[static_cast<std::size_t>(i)]); });
    batch.labels.assign(m_dataset->tasks.size(), {});
    batch.values.assign(m_dataset->tasks.size(), {});
    for (std::size_t t = 0; t < m_dataset->tasks.size(); ++t) {
        const data::TaskTargets& target = m_dataset->tasks[t];
        if (target.kind == data::TargetKind::Classification) {
            batch.labels[t].resize(samples.size());
            for (std::size_t i = 0; i < samples.size(); ++i)
                batch.labels[t][i] = target.labels[static_cast<std::size_t>(samples[i])];
        } else {
            batch.values[t].resize(target.values.rows(), count);
            for (Index i = 0; i < count; ++i)
                batch.values[t].col(i) = target.values.col(samples[static_cast<std::size_t>(i)]);
        }
    }
}

double HardSharingNetwork::taskLoss(int task, const Matrix& outputs, const Batch& batch, Matrix* gradient) const
{
    const std::size_t t = static_cast<std::size_t>(task);
    switch (m_dataset->tasks[t].kind) {
    case data::TargetKind::Classification:
        return core::crossEntropy(outputs, batch.labels[t], gradient);
    case data::TargetKind::Binary:
        return core::binaryCrossEntropy(outputs, batch.values[t], gradient);
    case data::TargetKind::Regression:
        return core::meanSquaredError(outputs, batch.values[t], gradient);
    }
    return 0;
}

void HardSharingNetwork::computeGradients(
    const Vector& theta, const GradientRequest& request, core::Rng& rng, StepGradients& out)
{
    std::vector<Index> samples;
    m_sampler.next(rng, m_dataset->train, m_batchSize, samples);
    gather(samples, m_batch);
    m_theta = &theta;
    m_space = request.space;
    const core::Scalar* params = theta.data();
    const Matrix& Z = m_trunk.forwardSwappingInput(params, m_batch.features, m_trunkWork);
    const Index batch = Z.cols();
    const Index tasks = static_cast<Index>(m_heads.size());
    const Index rep = Z.rows();

    if (layerDiagnosticsRequested())
        layerDiagnostics().representations.assign(m_heads.size(), Matrix());
    out.losses.resize(tasks);
    recordLabelled(m_partiallyLabelled, *m_dataset, samples, out);
    // Loss-only methods on steps without diagnostics: combine() sends one weighted delta down.
    m_trunkBackwardDeferred = m_space != GradientSpace::Representation && !request.perTaskBackward
        && !request.needJacobian && !request.needGramian;
    const bool needTaskDeltas = !m_trunkBackwardDeferred || layerDiagnosticsRequested();
    if (m_stackedHeads)
        headsStacked(params, Z, out, needTaskDeltas);
    else
        headsOneByOne(params, Z, out);

    out.gramian = Eigen::MatrixXd::Zero(tasks, tasks);
    if (m_space == GradientSpace::Representation) {
        for (Index s = 0; s < tasks; ++s)
            for (Index t = 0; t <= s; ++t) {
                const double value = (m_representationDeltas.middleCols(s * batch, batch).cast<double>().array()
                    * m_representationDeltas.middleCols(t * batch, batch).cast<double>().array())
                                         .sum();
                out.gramian(s, t) = value;
                out.gramian(t, s) = value;
            }
        if (request.needJacobian) {
            out.jacobian.resize(tasks, rep * batch);
            for (Index t = 0; t < tasks; ++t)
                out.jacobian.row(t)
                    = Eigen::Map<const Vector>(m_representationDeltas.middleCols(t * batch, batch).data(), rep * batch)
                          .transpose();
        }
        formLayerGramians(params, tasks, false);
        return;
    }
    if (m_trunkBackwardDeferred) {
        formLayerGramians(params, tasks, false);
        return;
    }
    m_trunkBackwardDeltas += tasks;
    if (request.needJacobian) {
        out.jacobian.resize(tasks, m_trunk.parameterCount());
        m_trunk.backwardTasks(params, m_trunkWork, m_representationDeltas, tasks, out.jacobian.data(), tasks, nullptr);
        core::Layer::addGramianOfRows(out.jacobian, out.gramian);
    } else {
        m_trunk.backwardTasks(params, m_trunkWork, m_representationDeltas, tasks, nullptr, 0,
            request.needGramian ? &out.gramian : nullptr);
    }
    formLayerGramians(params, tasks, true);
}

void HardSharingNetwork::headsOneByOne(const core::Scalar* params, const Matrix& Z, StepGradients& out)
{
    const Index batch = Z.cols();
    const Index tasks = static_cast<Index>(m_heads.size());
    m_headGradients.resize(m_heads.size());
    m_representationDeltas.resize(Z.rows(), tasks * batch);
    tbb::parallel_for(Index(0), tasks, [&](Index t) {
        const std::size_t task = static_cast<std::size_t>(t);
        core::Sequential::Workspace work;
        const core::Scalar* headParams = params + m_headOffsets[task];
        const Matrix& outputs = m_heads[task].forward(headParams, Z, work);
        Matrix dOutputs;
        out.losses(t) = taskLoss(static_cast<int>(t), outputs, m_batch, &dOutputs);
        m_headGradients[task].resize(m_heads[task].parameterCount());
        Matrix dZ;
        m_heads[task].backward(headParams, work, dOutputs, m_headGradients[task].data(), &dZ);
        m_representationDeltas.middleCols(t * batch, batch) = dZ;
        if (layerDiagnosticsRequested())
            layerDiagnostics().representations[task] = headRepresentation(m_heads[task], work, outputs);
    });
}

void HardSharingNetwork::headsStacked(const core::Scalar* params, const Matrix& Z, StepGradients& out, bool taskDeltas)
{
    StackedLinearHeads& heads = *m_stackedHeads;
    heads.forward(params, m_headOffsets, Z);
    tbb::parallel_for(std::size_t(0), m_heads.size(), [&](std::size_t task) {
        out.losses(static_cast<Index>(task))
            = taskLoss(static_cast<int>(task), heads.outputs(task), m_batch, &heads.outputGradient(task));
        if (layerDiagnosticsRequested())
            layerDiagnostics().representations[task] = heads.outputs(task); // a linear head's representation
    });
    heads.parameterGradients(Z, m_headGradients);
    if (taskDeltas)
        heads.representationDeltas(m_representationDeltas);
}

void HardSharingNetwork::formLayerGramians(const core::Scalar* params, Index tasks, bool trunkWalked)
{
    if (!layerDiagnosticsRequested())
        return;
    layerDiagnosticsFormed();
    if (!trunkWalked) {
        // Representation space or a deferred backward: the per-layer Gramians need the per-task
        // deltas at every trunk layer, so this step goes down the trunk per task once more.
        m_trunk.backwardTasks(params, m_trunkWork, m_representationDeltas, tasks, nullptr, 0, nullptr);
        m_trunkBackwardDeltas += tasks;
    }
    addLayerGramians(m_trunk, params, m_trunkWork, tasks, layerDiagnostics().gramians);
}

void HardSharingNetwork::writeHeadGradients(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) const
{
    for (std::size_t t = 0; t < m_heads.size(); ++t) {
        const core::Scalar scale
            = weightHeads ? static_cast<core::Scalar>(weights(static_cast<Index>(t))) : core::Scalar(1);
        direction.segment(m_headOffsets[t], m_heads[t].parameterCount()) = scale * m_headGradients[t];
    }
}

void HardSharingNetwork::setSharedL1(double lambda)
{
    if (!(lambda >= 0))
        throw std::invalid_argument("model.l1_last_shared must be >= 0");
    for (std::size_t l = m_trunk.layerCount(); l-- > 0;)
        if (const auto* linear = dynamic_cast<const core::Linear*>(&m_trunk.layer(l))) {
            m_sharedL1 = lambda;
            m_sharedL1Weights = { m_trunk.parameterOffset(l), linear->outputSize() * linear->inputSize() };
            return;
        }
    throw std::invalid_argument("model.l1_last_shared: the trunk has no Linear layer to penalise");
}

void HardSharingNetwork::addSharedL1(Vector& direction) const
{
    if (m_sharedL1 == 0)
        return;
    const core::Scalar lambda = static_cast<core::Scalar>(m_sharedL1);
    const auto weights = m_theta->segment(m_sharedL1Weights.offset, m_sharedL1Weights.count);
    direction.segment(m_sharedL1Weights.offset, m_sharedL1Weights.count).array() += lambda * weights.array().sign();
}

void HardSharingNetwork::combine(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction)
{
    direction.resize(m_parameterCount);
    const Vector w = weights.cast<core::Scalar>();
    if (m_space == GradientSpace::Representation || m_trunkBackwardDeferred) {
        // Back-propagating the weighted delta once equals weighting the per-task gradients (the
        // backward is linear in the delta); the rounding differs from combineTasks' per-layer sums.
        if (m_stackedHeads && m_space != GradientSpace::Representation)
            m_stackedHeads->weightedRepresentationDelta(w, m_weightedDelta); // the T deltas may not be formed
        else
            core::weightedBlockSum(m_representationDeltas, w, m_trunkWork.activations.back().cols(), m_weightedDelta);
        m_trunk.backward(m_theta->data(), m_trunkWork, m_weightedDelta, direction.data(), nullptr);
        ++m_trunkBackwardDeltas;
    } else {
        m_trunk.combineTasks(m_theta->data(), m_trunkWork, w, direction.data());
    }
    writeHeadGradients(weights, weightHeads, direction);
    addSharedL1(direction);
}

void HardSharingNetwork::combineDirection(
    const Vector& spaceDirection, const Eigen::VectorXd& headWeights, bool weightHeads, Vector& direction)
{
    direction.resize(m_parameterCount);
    if (m_space == GradientSpace::Representation) {
        const Matrix& Z = m_trunkWork.activations.back();
        const Matrix dZ = Eigen::Map<const Matrix>(spaceDirection.data(), Z.rows(), Z.cols());
        m_trunk.backward(m_theta->data(), m_trunkWork, dZ, direction.data(), nullptr);
        ++m_trunkBackwardDeltas;
    } else {
        direction.head(m_trunk.parameterCount()) = spaceDirection;
    }
    writeHeadGradients(headWeights, weightHeads, direction);
    addSharedL1(direction);
}

void HardSharingNetwork::evaluateSamples(const Vector& theta, const std::vector<Index>& samples,
    Eigen::VectorXd& losses, Eigen::VectorXd& metrics, std::vector<Matrix>* outputsOut) const
{
    const Index tasks = static_cast<Index>(m_heads.size());
    losses = Eigen::VectorXd::Zero(tasks);
    metrics = Eigen::VectorXd::Zero(tasks);
    if (outputsOut) {
        outputsOut->resize(m_heads.size());
        for (std::size_t t = 0; t < m_heads.size(); ++t)
            (*outputsOut)[t].resize(m_dataset->tasks[t].outputSize(), static_cast<Index>(samples.size()));
    }
    if (samples.empty())
        return;
    Eigen::VectorXd labelled = Eigen::VectorXd::Zero(tasks);
    const std::size_t chunk = 1024;
    Batch batch;
    core::Sequential::Workspace trunkWork;
    for (std::size_t start = 0; start < samples.size(); start += chunk) {
        const std::size_t end = std::min(samples.size(), start + chunk);
        const std::vector<Index> part(
            samples.begin() + static_cast<std::ptrdiff_t>(start), samples.begin() + static_cast<std::ptrdiff_t>(end));
        gather(part, batch);
        const Matrix& Z = m_trunk.evaluate(theta.data(), batch.features, trunkWork);
        for (Index t = 0; t < tasks; ++t) {
            const std::size_t task = static_cast<std::size_t>(t);
            core::Sequential::Workspace work;
            const Matrix& outputs = m_heads[task].evaluate(theta.data() + m_headOffsets[task], Z, work);
            if (outputsOut)
                (*outputsOut)[task].middleCols(static_cast<Index>(start), static_cast<Index>(part.size())) = outputs;
            // Each task's means are over its labelled samples (all of them without partial supervision).
            const MetricSum metricSum = primaryMetricSum(m_dataset->tasks[task], part, outputs);
            losses(t)
                += static_cast<double>(metricSum.labelled) * taskLoss(static_cast<int>(t), outputs, batch, nullptr);
            metrics(t) += metricSum.sum;
            labelled(t) += static_cast<double>(metricSum.labelled);
        }
    }
    // A task without labelled samples here has no mean: NaN, not a made-up 0.
    losses = losses.cwiseQuotient(labelled);
    metrics = metrics.cwiseQuotient(labelled);
}

Eigen::VectorXd HardSharingNetwork::lossesAt(const Vector& theta) const
{
    Eigen::VectorXd losses, metrics;
    evaluateSamples(theta, m_evaluationSamples, losses, metrics);
    return losses;
}

std::vector<TaskEvaluation> HardSharingNetwork::evaluate(const Vector& theta, Split split) const
{
    const std::vector<Index>& samples = m_dataset->split(static_cast<int>(split));
    Eigen::VectorXd losses, metrics;
    std::vector<Matrix> outputs;
    evaluateSamples(theta, samples, losses, metrics, &outputs);
    std::vector<TaskEvaluation> result;
    for (std::size_t t = 0; t < m_heads.size(); ++t) {
        const bool regression = m_dataset->tasks[t].kind == data::TargetKind::Regression;
        result.push_back(
            { losses(static_cast<Index>(t)), metrics(static_cast<Index>(t)), regression ? "mse" : "accuracy",
                !regression, furtherMetrics(m_dataset->tasks[t], samples, outputs[t], m_dataset->groups) });
    }
    return result;
}

} // namespace mtw::problem

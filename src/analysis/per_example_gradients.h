#pragma once
// Per-example gradients of one task of a HardSharingNetwork, in one forward and one backward pass
// (Goodfellow 2015, "Efficient Per-Example Gradient Computations", arXiv:1510.01799).
//
// l_i is the task loss of sample i alone (not divided by the batch size): the per-sample term of
// core/loss.h, i.e. cross-entropy -log softmax(z)[y], BCE with logits averaged over the k outputs,
// squared error averaged over the k outputs. g_i = grad l_i over the trunk and the task's head.
// The output deltas dl_i/dz_i go down the head and the trunk once (k = 1 stacked delta, all n
// samples as columns); at each parametric layer, with x_i the layer's input and delta_i its
// output delta for sample i:
//  * Linear y = W x + b (parameters W then b): g_i = [delta_i x_i^T, delta_i], so
//        |g_i|^2 = |delta_i|^2 (|x_i|^2 + 1)
//    with no per-example gradient formed; sum_i g_i is one batch weight-gradient GEMM.
//  * any other parametric layer (Conv2d, ...): Layer::parameterGradient on the single column
//    (x_i, delta_i), i.e. the batch weight gradient's FLOPs in total, split by sample.
//  * layers without parameters (activations, max-pool): only backwardInput.
// Squared norms and sums are accumulated in double; the gradients themselves are float.
//
// TargetSource::ModelSample draws y_i from the model's predictive distribution at z_i (the
// labels of the true Fisher's Monte-Carlo estimate), then l_i and its delta use the drawn y_i:
//  * cross-entropy:  y ~ Categorical(softmax(z)); l_i is the NLL.
//  * BCE with logits: y_j ~ Bernoulli(sigmoid(z_j)) independently for each of the k outputs;
//    l_i = NLL / k, so E |grad l_i|^2 is the NLL's Fisher trace over k^2.
//  * MSE, k outputs: l_i = |yhat - y|^2 / k is the Gaussian NLL up to a constant when the
//    variance is sigma^2 = k / 2, so y_j = yhat_j + sqrt(k / 2) N(0, 1); then E[grad grad^T] is
//    exactly the Gauss-Newton matrix of l_i.
// Draws come from the Rng passed in, in sample order (per sample: the class, or the k outputs).
#include "analysis/network_subset.h"
#include "core/rng.h"
#include "core/sequential.h"
#include "problem/hard_sharing_network.h"

namespace mtw::analysis {

// Data: the data set's targets (empirical Fisher, coherence, noise scale).
// ModelSample: y_i drawn from the model's predictive distribution (true Fisher).
enum class TargetSource { Data, ModelSample };

struct PerExampleTaskGradients {
    Eigen::VectorXd squaredNorms; // n: |g_i|^2 over the trunk and the task's head
    Eigen::VectorXd sum; // network.parameterCount(): sum_i g_i, zero on the other tasks' heads
    double loss = 0; // mean of l_i
};

// rng is used (and required) only for TargetSource::ModelSample. Throws std::invalid_argument
// for a task out of range or a missing rng.
PerExampleTaskGradients perExampleTaskGradients(const problem::HardSharingNetwork& network, const core::Vector& theta,
    int task, const SubsetChunk& samples, TargetSource source, core::Rng* rng = nullptr);

// The same, reusing the trunk's forward pass: trunkWork.activations must hold
// network.trunk().forward(theta, samples.features) (it is only read, so tasks can share it).
PerExampleTaskGradients perExampleTaskGradients(const problem::HardSharingNetwork& network, const core::Vector& theta,
    int task, const SubsetChunk& samples, const core::Sequential::Workspace& trunkWork, TargetSource source,
    core::Rng* rng = nullptr);

} // namespace mtw::analysis

#pragma once
// Per-task losses, each the mean over the batch, with the gradient w.r.t. the model output.
//   cross-entropy:  L = -1/B sum_b log softmax(z_b)[y_b]          dz = (softmax(z) - onehot(y)) / B
//   MSE:            L = 1/(B k) sum (yhat - y)^2 (k outputs)        dyhat = 2 (yhat - y) / (B k)
//   BCE (logits):   L = 1/(B k) sum softplus(z) - y z               dz = (sigmoid(z) - y) / (B k)
// All sums are taken in double for accuracy; gradients are written in Scalar. The cross-entropy's
// exps are Eigen's double packet exp (within an ulp or so of std::exp), every logit in a packet.
//
// Partial supervision (data/multi_task_dataset.h): a label equal to unlabelledLabel, or a target
// column whose first value is NaN, is a sample without a label for this task. It adds nothing to
// the loss and gets a zero gradient, and B counts the labelled samples only, so the loss is the
// mean over the labelled samples; with none labelled the loss and its gradient are 0 (the task
// then pulls on nothing this step).
#include "core/tensor.h"

#include <string>
#include <vector>

namespace mtw::core {

enum class LossKind { CrossEntropy, MeanSquaredError, BinaryCrossEntropy };

inline constexpr int unlabelledLabel = -1;

LossKind lossFromName(const std::string& name); // throws std::invalid_argument
std::string lossName(LossKind kind);

// logits: classes x B; labels: B class indices.
double crossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix* dLogits);
// prediction, target: k x B.
double meanSquaredError(const Matrix& prediction, const Matrix& target, Matrix* dPrediction);
// logits, target: k x B with targets in [0, 1].
double binaryCrossEntropy(const Matrix& logits, const Matrix& target, Matrix* dLogits);

// The number of labelled samples (the B above): what a mean over several batches weights by.
Index labelledCount(const std::vector<int>& labels);
Index labelledCount(const Matrix& target);

} // namespace mtw::core

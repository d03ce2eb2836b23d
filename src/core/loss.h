#pragma once
// Per-task losses, each the mean over the batch, with the gradient w.r.t. the model output.
//   cross-entropy:  L = -1/B sum_b log softmax(z_b)[y_b]          dz = (softmax(z) - onehot(y)) / B
//   MSE:            L = 1/(B k) sum (yhat - y)^2 (k outputs)        dyhat = 2 (yhat - y) / (B k)
//   BCE (logits):   L = 1/(B k) sum softplus(z) - y z               dz = (sigmoid(z) - y) / (B k)
// All sums are taken in double for accuracy; gradients are written in Scalar.
#include "core/tensor.h"

#include <string>
#include <vector>

namespace mtw::core {

enum class LossKind { CrossEntropy, MeanSquaredError, BinaryCrossEntropy };

LossKind lossFromName(const std::string& name); // throws std::invalid_argument
std::string lossName(LossKind kind);

// logits: classes x B; labels: B class indices.
double crossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix* dLogits);
// prediction, target: k x B.
double meanSquaredError(const Matrix& prediction, const Matrix& target, Matrix* dPrediction);
// logits, target: k x B with targets in [0, 1].
double binaryCrossEntropy(const Matrix& logits, const Matrix& target, Matrix* dLogits);

} // namespace mtw::core

#include "core/loss.h"

#include <cmath>
#include <stdexcept>

namespace mtw::core {

LossKind lossFromName(const std::string& name)
{
    if (name == "cross_entropy")
        return LossKind::CrossEntropy;
    if (name == "mse")
        return LossKind::MeanSquaredError;
    if (name == "bce")
        return LossKind::BinaryCrossEntropy;
    throw std::invalid_argument("unknown loss '" + name + "' (expected cross_entropy, mse or bce)");
}

std::string lossName(LossKind kind)
{
    switch (kind) {
    case LossKind::CrossEntropy:
        return "cross_entropy";
    case LossKind::MeanSquaredError:
        return "mse";
    case LossKind::BinaryCrossEntropy:
        return "bce";
    }
    return "?";
}

double crossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix* dLogits)
{
    const Index classes = logits.rows();
    const Index batch = logits.cols();
    if (static_cast<Index>(labels.size()) != batch)
        throw std::invalid_argument("crossEntropy: label count does not match the batch");
    if (dLogits)
        dLogits->resize(classes, batch);
    double total = 0;
    for (Index b = 0; b < batch; ++b) {
        const int label = labels[static_cast<std::size_t>(b)];
        if (label < 0 || label >= classes)
            throw std::invalid_argument("crossEntropy: label out of range");
        const double maxLogit = logits.col(b).maxCoeff();
        double sum = 0;
        for (Index c = 0; c < classes; ++c)
            sum += std::exp(static_cast<double>(logits(c, b)) - maxLogit);
        const double logSum = maxLogit + std::log(sum);
        total += logSum - logits(label, b);
        if (dLogits) {
            for (Index c = 0; c < classes; ++c) {
                const double p = std::exp(static_cast<double>(logits(c, b)) - logSum);
                (*dLogits)(c, b) = static_cast<Scalar>((p - (c == label ? 1.0 : 0.0)) / static_cast<double>(batch));
            }
        }
    }
    return total / static_cast<double>(batch);
}

double meanSquaredError(const Matrix& prediction, const Matrix& target, Matrix* dPrediction)
{
    const double count = static_cast<double>(prediction.size());
    const Matrix residual = prediction - target;
    if (dPrediction)
        *dPrediction = residual * static_cast<Scalar>(2.0 / count);
    return residual.cast<double>().squaredNorm() / count;
}

double binaryCrossEntropy(const Matrix& logits, const Matrix& target, Matrix* dLogits)
{
    const double count = static_cast<double>(logits.size());
    if (dLogits)
        dLogits->resize(logits.rows(), logits.cols());
    double total = 0;
    for (Index i = 0; i < logits.size(); ++i) {
        const double z = logits.data()[i];
        const double y = target.data()[i];
        // softplus(z) - y z, written to avoid overflow for large |z|.
        total += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - y * z;
        if (dLogits)
            dLogits->data()[i] = static_cast<Scalar>((1.0 / (1.0 + std::exp(-z)) - y) / count);
    }
    return total / count;
}

} // namespace mtw::core

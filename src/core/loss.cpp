#include "core/loss.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace mtw::core {

Index labelledCount(const std::vector<int>& labels)
{
    return static_cast<Index>(
        std::count_if(labels.begin(), labels.end(), [](int label) { return label != unlabelledLabel; }));
}

Index labelledCount(const Matrix& target)
{
    if (target.rows() == 0)
        return target.cols();
    return target.cols() - static_cast<Index>(target.row(0).array().isNaN().count());
}

namespace {
// The labelled columns of a target with some unlabelled ones, as (prediction, target) copies: the
// masked losses below are then the plain ones on those columns, their gradients scattered back.
std::vector<Index> labelledColumns(const Matrix& target)
{
    std::vector<Index> columns;
    for (Index b = 0; b < target.cols(); ++b)
        if (!std::isnan(target(0, b)))
            columns.push_back(b);
    return columns;
}

template <typename Loss>
double onLabelledColumns(const Matrix& output, const Matrix& target, Matrix* dOutput, Loss loss)
{
    const std::vector<Index> columns = labelledColumns(target);
    if (dOutput)
        dOutput->setZero(output.rows(), output.cols());
    if (columns.empty())
        return 0.0;
    const Index k = static_cast<Index>(columns.size());
    Matrix outputPart(output.rows(), k), targetPart(target.rows(), k);
    for (Index i = 0; i < k; ++i) {
        outputPart.col(i) = output.col(columns[static_cast<std::size_t>(i)]);
        targetPart.col(i) = target.col(columns[static_cast<std::size_t>(i)]);
    }
    Matrix dPart;
    const double value = loss(outputPart, targetPart, dOutput ? &dPart : nullptr);
    if (dOutput)
        for (Index i = 0; i < k; ++i)
            dOutput->col(columns[static_cast<std::size_t>(i)]) = dPart.col(i);
    return value;
}

constexpr Index doublePacketSize = Eigen::internal::packet_traits<double>::size;

// exp of every entry, in place, all of them in Eigen's double packets (a Cephes-style rational
// approximation, within an ulp or so of std::exp, about a tenth of its cost; glibc's exp per logit
// was 10% of a 40-task step). The size is a whole number of packets, so no entry takes a scalar
// path: an entry's bits do not depend on its place. Differences below -709 give 5.6e-309, not 0.
void exponentiateInPackets(std::vector<double>& values)
{
    namespace ei = Eigen::internal;
    using Packet = ei::packet_traits<double>::type;
    for (std::size_t i = 0; i < values.size(); i += doublePacketSize)
        ei::pstoreu(values.data() + i, ei::pexp(ei::ploadu<Packet>(values.data() + i)));
}

bool hasUnlabelled(const Matrix& target)
{
    return target.rows() > 0 && target.row(0).array().isNaN().any();
}
} // namespace

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
    const Index labelled = labelledCount(labels);
    // The column's shifted logits, padded to whole packets (the padding's exps are never read).
    const Index padded = (classes + doublePacketSize - 1) / doublePacketSize * doublePacketSize;
    std::vector<double> exps(static_cast<std::size_t>(padded), 0.0);
    double total = 0;
    for (Index b = 0; b < batch; ++b) {
        const int label = labels[static_cast<std::size_t>(b)];
        if (label == unlabelledLabel) {
            if (dLogits)
                dLogits->col(b).setZero();
            continue;
        }
        if (label < 0 || label >= classes)
            throw std::invalid_argument("crossEntropy: label out of range");
        const double maxLogit = logits.col(b).maxCoeff();
        for (Index c = 0; c < classes; ++c)
            exps[static_cast<std::size_t>(c)] = static_cast<double>(logits(c, b)) - maxLogit;
        // Each exp once: the softmax is exp(z_c - max) / sum (one exp per logit, not two).
        exponentiateInPackets(exps);
        double sum = 0;
        for (Index c = 0; c < classes; ++c)
            sum += exps[static_cast<std::size_t>(c)];
        total += maxLogit + std::log(sum) - logits(label, b);
        if (dLogits) {
            const double scale = 1.0 / (sum * static_cast<double>(labelled));
            for (Index c = 0; c < classes; ++c)
                (*dLogits)(c, b) = static_cast<Scalar>(exps[static_cast<std::size_t>(c)] * scale
                    - (c == label ? 1.0 / static_cast<double>(labelled) : 0.0));
        }
    }
    return labelled == 0 ? 0.0 : total / static_cast<double>(labelled);
}

double meanSquaredError(const Matrix& prediction, const Matrix& target, Matrix* dPrediction)
{
    if (hasUnlabelled(target))
        return onLabelledColumns(prediction, target, dPrediction, meanSquaredError);
    const double count = static_cast<double>(prediction.size());
    const Matrix residual = prediction - target;
    if (dPrediction)
        *dPrediction = residual * static_cast<Scalar>(2.0 / count);
    return residual.cast<double>().squaredNorm() / count;
}

double binaryCrossEntropy(const Matrix& logits, const Matrix& target, Matrix* dLogits)
{
    if (hasUnlabelled(target))
        return onLabelledColumns(logits, target, dLogits, binaryCrossEntropy);
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

#include "core/activation.h"

#include "core/fixed_groups.h"

#include <algorithm>
#include <stdexcept>

namespace mtw::core {

ActivationKind activationFromName(const std::string& name)
{
    if (name == "identity" || name == "linear")
        return ActivationKind::Identity;
    if (name == "relu")
        return ActivationKind::ReLU;
    if (name == "tanh")
        return ActivationKind::Tanh;
    if (name == "sigmoid")
        return ActivationKind::Sigmoid;
    throw std::invalid_argument("unknown activation '" + name + "' (expected relu, tanh, sigmoid or identity)");
}

std::string activationName(ActivationKind kind)
{
    switch (kind) {
    case ActivationKind::Identity:
        return "identity";
    case ActivationKind::ReLU:
        return "relu";
    case ActivationKind::Tanh:
        return "tanh";
    case ActivationKind::Sigmoid:
        return "sigmoid";
    }
    return "?";
}

Activation::Activation(ActivationKind kind, Index size)
    : m_kind(kind)
    , m_size(size)
{
}

void Activation::forward(const Scalar*, const Matrix& X, Matrix& Y) const
{
    Y.resize(X.rows(), X.cols());
    forColumnBlocks(X.rows(), X.cols(), [&](Index begin, Index count) {
        const auto in = X.middleCols(begin, count).array();
        auto out = Y.middleCols(begin, count).array();
        switch (m_kind) {
        case ActivationKind::Identity:
            out = in;
            break;
        case ActivationKind::ReLU:
            out = in.max(Scalar(0));
            break;
        case ActivationKind::Tanh:
            out = in.tanh();
            break;
        case ActivationKind::Sigmoid:
            out = Scalar(1) / (Scalar(1) + (-in).exp());
            break;
        }
    });
}

void Activation::backwardInput(const Scalar*, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const
{
    // dY may hold k stacked deltas for the same X: column j's local derivative is that of X's
    // column j mod B.
    const Index batch = X.cols();
    dX.resize(dY.rows(), dY.cols());
    forColumnBlocks(dY.rows(), dY.cols(), [&](Index begin, Index count) {
        for (Index j = begin; j < begin + count;) {
            const Index sample = j % batch, width = std::min(begin + count - j, batch - sample);
            const auto in = dY.middleCols(j, width).array();
            auto out = dX.middleCols(j, width).array();
            switch (m_kind) {
            case ActivationKind::Identity:
                out = in;
                break;
            case ActivationKind::ReLU:
                out = (X.middleCols(sample, width).array() > Scalar(0)).select(in, Scalar(0));
                break;
            case ActivationKind::Tanh:
                out = in * (Scalar(1) - Y.middleCols(sample, width).array().square());
                break;
            case ActivationKind::Sigmoid:
                out = in * Y.middleCols(sample, width).array() * (Scalar(1) - Y.middleCols(sample, width).array());
                break;
            }
            j += width;
        }
    });
}

} // namespace mtw::core

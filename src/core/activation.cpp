#include "core/activation.h"

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
    switch (m_kind) {
    case ActivationKind::Identity:
        Y = X;
        break;
    case ActivationKind::ReLU:
        Y = X.cwiseMax(Scalar(0));
        break;
    case ActivationKind::Tanh:
        Y = X.array().tanh().matrix();
        break;
    case ActivationKind::Sigmoid:
        Y = (Scalar(1) / (Scalar(1) + (-X.array()).exp())).matrix();
        break;
    }
}

void Activation::backwardInput(const Scalar*, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const
{
    // dY may hold k stacked deltas for the same X: apply the local derivative block by block.
    const Index batch = X.cols();
    const Index stacks = dY.cols() / batch;
    dX.resize(dY.rows(), dY.cols());
    for (Index k = 0; k < stacks; ++k) {
        auto in = dY.middleCols(k * batch, batch).array();
        auto out = dX.middleCols(k * batch, batch).array();
        switch (m_kind) {
        case ActivationKind::Identity:
            out = in;
            break;
        case ActivationKind::ReLU:
            out = (X.array() > Scalar(0)).select(in, Scalar(0));
            break;
        case ActivationKind::Tanh:
            out = in * (Scalar(1) - Y.array().square());
            break;
        case ActivationKind::Sigmoid:
            out = in * Y.array() * (Scalar(1) - Y.array());
            break;
        }
    }
}

} // namespace mtw::core

#pragma once
// Element-wise activations: ReLU, Tanh, Sigmoid (and the identity for linear trunks).
// ReLU's subgradient at 0 is 0, as in PyTorch.
#include "core/layer.h"

namespace mtw::core {

enum class ActivationKind { Identity, ReLU, Tanh, Sigmoid };

ActivationKind activationFromName(const std::string& name); // throws std::invalid_argument
std::string activationName(ActivationKind kind);

class Activation final : public Layer {
public:
    Activation(ActivationKind kind, Index size);
    std::string name() const override { return activationName(m_kind); }
    ActivationKind kind() const { return m_kind; }
    Index inputSize() const override { return m_size; }
    Index outputSize() const override { return m_size; }
    void forward(const Scalar* params, const Matrix& X, Matrix& Y) const override;
    void backwardInput(
        const Scalar* params, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const override;
    bool backwardInPlace() const override { return true; }

private:
    ActivationKind m_kind;
    Index m_size;
};

} // namespace mtw::core

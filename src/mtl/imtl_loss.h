#pragma once
// IMTL-L (loss balance of Impartial Multi-Task Learning): each task has a learnable scale s_t and
// the objective is
//   L = sum_t [ exp(s_t) L_t - s_t ],
// so the task weights are w_t = exp(s_t) and dL/ds_t = exp(s_t) L_t - 1 (at the optimum in s,
// every scaled loss exp(s_t) L_t equals 1).
// Liu et al. 2021, "Towards Impartial Multi-task Learning" (ICLR), the loss balance IMTL-L (the
// loss-balance half of LibMTL `IMTL`, whose scales start at 0).
// Each step returns the weights of the current s, then takes one Adam step on s.
// Parameters:
//   lr    0.025  Adam learning rate of s (the paper and LibMTL step s with the network's optimizer).
//   init  0.0    initial scale s (LibMTL).
// State: s and its Adam moments. Weights depend on the losses only.
#include "mtl/method.h"
#include "mtl/parameter_adam.h"

namespace mtw::mtl {

class ImtlLoss final : public Method {
public:
    ImtlLoss(int tasks, double learningRate, double initialScale);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    VectorXd m_scales;
    ParameterAdam m_adam;
};

} // namespace mtw::mtl

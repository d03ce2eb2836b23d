#pragma once
// FAMO (Fast Adaptive Multitask Optimization): the update follows the gradient of
//   sum_t z_t log(L_t - Lmin_t + eps) / c,   z = softmax(xi),   c = sum_t z_t / (L_t - Lmin_t + eps),
// i.e. task weights w_t = z_t / (c (L_t - Lmin_t + eps)) (they sum to 1), and after the step the
// logits xi take one Adam step (weight decay gamma) along
//   grad_xi = J_softmax(xi)^T delta,   delta_t = log(Lprev_t - Lmin_t + eps) - log(L_t - Lmin_t + eps),
// which is z_t (delta_t - sum_j z_j delta_j).
// Liu, Feng, Stone, Liu 2023, "FAMO: Fast Adaptive Multitask Optimization" (NeurIPS), Alg. 1
// (official code Cranial-XIX/FAMO, LibMTL `FAMO`). Lmin = 0 as in LibMTL (the official code's
// optional set_min_losses is not exposed). The official famo.py also clips the shared gradient to
// norm 1 (max_norm); LibMTL does not, nor does this (clipping belongs to the optimizer settings).
// Approximation: the reference codes re-evaluate the losses on the same mini-batch after the
// parameter step to form delta. A method here sees each step's losses once, so delta compares the
// previous step's losses with this step's (a new mini-batch): the logit update for step k-1 is
// made at the start of step k, before the weights of step k are formed. On full-batch problems
// this is exactly Alg. 1; on mini-batches delta carries the batch-to-batch noise as well.
// Parameters:
//   w_lr     0.025  Adam learning rate of the logits (paper, LibMTL).
//   gamma    1e-3   Adam (L2) weight decay of the logits (LibMTL; the official famo.py uses 0.01).
//   epsilon  1e-8   added to L - Lmin inside the logarithms.
// State: logits xi, the previous losses, the Adam moments. Weights depend on the losses only.
#include "mtl/method.h"
#include "mtl/parameter_adam.h"

namespace mtw::mtl {

class Famo final : public Method {
public:
    Famo(int tasks, double learningRate, double weightDecay, double epsilon);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_epsilon;
    VectorXd m_logits;
    VectorXd m_previousLosses;
    bool m_hasPrevious = false;
    ParameterAdam m_adam;
};

} // namespace mtw::mtl

#pragma once
// MoCo (stochastic Multi-objective gradient Correction).
// Fernando, Shen, Liu, Chaudhury, Murugesan, Chen 2023, "Mitigating Gradient Bias in
// Multi-objective Learning: A Provably Convergent Approach" (ICLR), Algorithm 1, in the form of
// the authors' code used by LibMTL `MoCo` (and TorchJD `MoCo`).
//
// State: the tracking matrix Y (T x P, rows y_t, starts at 0), the weights lambda (starts at 1/T)
// and the step counter k (starts at 0). Each step, k <- k + 1 and
//   h_t    = L_t g_t / (|g_t| + 1e-8)          (normalize_gradients; else h_t = g_t)
//   Y      <- Y - beta k^-beta_sigma (Y - H)    (Y tracks the gradients, Eq. "y update")
//   lambda <- softmax(lambda - gamma k^-gamma_sigma (Y Y^T + rho I) lambda)
//   d      = Y^T lambda.
// The paper projects the lambda step onto the simplex (and Y onto a norm ball); the authors' code,
// LibMTL and TorchJD use a softmax and no ball. lambda_update = "projection" gives the paper's
// simplex projection; "softmax" (default) the reference code. The loss-scaled normalisation of
// the gradients is LibMTL's (TorchJD does not normalise: normalize_gradients = false).
//
// Parameters (defaults of LibMTL): beta 0.5, beta_sigma 0.5, gamma 0.1, gamma_sigma 0.5, rho 0,
// normalize_gradients true, lambda_update "softmax".
// Properties: not weighted (d is built from Y, not from this step's J, so it needs J and sets
// output.direction; output.weights reports lambda); not non-conflicting, not linear under
// scaling; deterministic; stateful (Y, lambda, k: T P + T + 1 numbers).
// Cost per step: O(T^2 P) for Y Y^T plus O(T P).
#include "mtl/method.h"

namespace mtw::mtl {

class Moco final : public Method {
public:
    struct Options {
        double beta = 0.5;
        double betaSigma = 0.5;
        double gamma = 0.1;
        double gammaSigma = 0.5;
        double rho = 0.0;
        bool normalizeGradients = true;
        bool projectLambda = false; // true: the paper's simplex projection; false: softmax
    };
    Moco(const Options& options, int taskCount);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool needsJacobian() const override { return true; }
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    Options m_options;
    long long m_step = 0;
    MatrixXd m_y; // T x P, empty until the first step fixes P
    VectorXd m_lambda;
};

} // namespace mtw::mtl

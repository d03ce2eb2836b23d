#pragma once
// Equitable multi-task learning (EMTL): a variance penalty on the tasks' relative contributions
// to the shared parameters,
//   c_t = L_t / |g_t|   (the loss over its raw gradient norm on the shared parameters, n_t = sqrt(G_tt)),
//   L_total = sum_t L_t + lambda Var_t(c_t),   Var = 1/(T-1) sum_t (c_t - mean c)^2.
// Yuan & Zhang 2023, "Equitable Multi-Task Learning", arXiv 2306.09373 (the abstract: "regularizing
// relative contribution of different tasks (i.e. value of task-specific loss divides its raw
// gradient norm) ... we efficiently add variance regularization to make different tasks' relative
// contribution closer"). Only the abstract and introduction could be read and no code is public,
// so three choices are ours, each the plain reading of that sentence:
//  * the estimator: the norms n_t are held constant in the penalty's gradient (a stop-gradient,
//    as an implementation that detaches the norm gets). Then dc_t/dtheta = g_t / n_t and
//      grad L_total = sum_t w_t g_t,   w_t = 1 + lambda 2/(T-1) (c_t - mean c) / n_t,
//    a reweighting from G's diagonal and the losses. Differentiating through n_t as well adds
//    -L_t H_t g_t / n_t^3 per task: a Hessian-vector product per task, i.e. the cost the abstract's
//    "efficiently" rules out;
//  * Var: the sample variance (1/(T-1), what torch.var computes by default); the population one
//    only rescales lambda by (T-1)/T;
//  * lambda: not known; 1 by default. The penalty's gradient, lambda 2/(T-1) sum_t (c_t - mean c)
//    g_t / |g_t|, is invariant under per-task loss scaling L_t -> s_t L_t (c_t is), so one lambda
//    serves tasks of any loss scale.
// A task above the mean contribution (a large loss for its gradient: far from its optimum) gets
// w_t > 1, one below it w_t < 1, and with a large lambda w_t can turn negative: the penalty then
// pushes that task's loss up, as the objective says. A task whose shared gradient is exactly zero
// has no contribution: it is left out of the variance and keeps w_t = 1; with fewer than two
// contributions there is no variance and every w_t = 1. The head of task t gets the same weight
// (dc_t/dh_t = dL_t/dh_t / n_t). Stateless. Extras: contribution_t and contribution_variance.
#include "mtl/method.h"

namespace mtw::mtl {

class EquitableMtl final : public Method {
public:
    explicit EquitableMtl(double lambda)
        : m_lambda(lambda)
    {
    }
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }

private:
    double m_lambda;
};

} // namespace mtw::mtl

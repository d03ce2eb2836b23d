#pragma once
// Proximal inter-task affinity and the task groups built from it.
// Jeong & Yoon 2025, "Selective Task Group Updates for Multi-Task Optimization" (ICLR), Sec. 3
// (proximal inter-task affinity, Eq. 4-6) and Sec. 3.2 (grouping), as the official code runs it:
//
// After a step on group G (the group's summed loss only), on the same mini-batch, for every
// target task t:   a_t = (1 - L_t(after) / L_t(before)) / |G|
// and for every source s in G:   A[s,t] <- (1 - beta) A[s,t] + beta x, with
//   x = a_t                      for t outside G,
//   x = -max(a_s, a_t)           for t in G, t != s, when a_s and a_t have opposite signs
//                                (one task of the group gained while the other lost: conflict),
//   x = a_t                      for t in G otherwise,
//   the self-affinity A[s,s] is updated only when a_s > 0.
// A starts at zero. beta ("affin_decay") = 0.001 by default (NYUD / PASCAL; 0.0001 on Taskonomy).
//
// Grouping: X[:, i] = A[:, i] / A[i, i] (columns normalised by the self-affinity; a column whose
// self-affinity is not positive yet is left at zero), S = (X + X^T) / 2, then affinity
// propagation on S (median preference, convergence_iter 50; if it does not converge it is rerun
// with convergence_iter +100, twice; after that every task is its own group).
#include "core/rng.h"
#include "mtl/method.h"

#include <Eigen/Dense>
#include <vector>

namespace mtw::mtl {

class ProximalAffinity {
public:
    ProximalAffinity(int taskCount, double beta);

    // Losses of every task before and after the step on `group`, on the same mini-batch.
    void update(const std::vector<int>& group, const VectorXd& before, const VectorXd& after);
    const MatrixXd& matrix() const { return m_affinity; }
    // The similarity the groups are clustered on.
    MatrixXd similarity() const;
    // Task groups (each sorted, groups ordered by their first task).
    std::vector<std::vector<int>> groups(core::Rng& rng) const;

    void saveState(MethodState& state, const std::string& prefix) const;
    void loadState(const MethodState& state, const std::string& prefix);

private:
    double m_beta;
    MatrixXd m_affinity;
};

} // namespace mtw::mtl

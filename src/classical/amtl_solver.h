#pragma once
// Asynchronous multi-task learning, simulated (Baytas, Yan, Jain & Zhou 2016, "Asynchronous
// Multi-Task Learning", ICDM; the algorithm of its method section), an instance of ARock (Peng, Xu, Yan & Yin
// 2016, "ARock: an Algorithmic Framework for Asynchronous Parallel Coordinate Updates", SIAM J.
// Sci. Comput.; its KM update and step-size theorem, Theorem 3.7 as recalled: the search tool
// reached the abstracts only, so section and theorem numbers here are from memory).
//
// AMTL splits F = f + lambda Omega by *backward-forward* splitting, so that the forward step is
// separable over the tasks: the fixed-point operator on V (d x T) is
//   S(V) = (I - eta grad f)(prox_{eta lambda Omega}(V)),   S(V)_t = p_t - eta grad l_t(p_t),
// with P = prox(V); at a fixed point V*, W* = prox(V*) minimises F. One server update k:
//   1. task node t_k is the node that finishes next (simulated, node_clock.h: fast nodes update
//      more often, the straggler less);
//   2. it had read a stale server state P^{k - d_k}; with DelayModel::Drawn, d_k ~ U{0..min(tau, k)}
//      (seeded) but never older than its own last write (a node knows its own column); with
//      DelayModel::Clock, the state when the node started this computation, right after its
//      last write: d_k is then the number of other nodes' updates during its computation, what
//      T nodes computing at once produce (about T - 1 for identical nodes), and may exceed tau;
//   3. it takes the forward step on its own data, f = p^_t - eta grad l_t(p^_t) (eta = 1/L);
//   4. the server relaxes column t (ARock's KM step; the other columns are unchanged)
//          v_t <- v_t + eta_k (f - v_t),   eta_k = c / (2 tau / sqrt(T) + 1),
//      and applies the backward step P^{k+1} = prox(V^{k+1}) that the next reads see.
// eta_k is ARock's bound for uniformly chosen blocks (Theorem 3.7: eta_k in [eta_min,
// c m p_min / (2 tau sqrt(p_min) + 1)) with m = T blocks, p_min = 1/T, 0 < c < 1), which AMTL
// inherits for its convergence theorem; it shrinks as the maximum delay tau grows and is c for
// tau = 0. AMTL's delay-scaled "dynamic step size" heuristic is not implemented.
// With tau = 0 and nodes that finish in task order (jitter 0, straggler 1) the iteration is the
// cyclic (Gauss-Seidel) backward-forward sweep over t = 0, 1, ..., T-1, reading the current V.
//
// The trace has one point per epoch (T server updates, the work of one synchronous iteration) at
// the simulated time the epoch's last update arrived; its objective is F(prox(V)). The run stops
// after `epochs` epochs or at the first epoch that ends at or after `timeBudget` (so it can be
// given the simulated time a synchronous solver took).
//
// With DelayModel::Clock tau only sets the KM step: SolverRun::maxDelay > tau says the run left
// the range ARock's guarantee covers.
//
// Parameters (defaults): maxDelay tau >= 0 (5), kmConstant c in (0, 1) (0.9), delays (Drawn),
// epochs >= 1 (no default), timing (node_clock.h), seed (clock and delays), timeBudget > 0
// (infinity).
#include "classical/linear_mtl_problem.h"
#include "classical/node_clock.h"
#include "classical/solver_run.h"

#include <limits>
#include <optional>
#include <string>

namespace mtw::classical {

enum class DelayModel { Drawn, Clock };
const char* delayModelName(DelayModel model); // "drawn", "clock"
std::optional<DelayModel> parseDelayModel(const std::string& name);

struct AsyncOptions {
    int maxDelay = 5;
    double kmConstant = 0.9;
    DelayModel delays = DelayModel::Drawn;
};

// Throws std::invalid_argument naming "max-delay" or "km-constant" when out of range.
void validate(const AsyncOptions& options);

// c / (2 tau / sqrt(T) + 1).
double kmRelaxation(int maxDelay, int tasks, double kmConstant);

SolverRun runAsyncMtl(const LinearMtlProblem& problem, int epochs, const NodeTiming& timing = {},
    const AsyncOptions& options = {}, std::uint64_t seed = 1,
    double timeBudget = std::numeric_limits<double>::infinity(), StopFlag stop = nullptr);

} // namespace mtw::classical

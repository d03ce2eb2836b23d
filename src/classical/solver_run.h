#pragma once
// What a linear multi-task solver returns (proximal_gradient.h, amtl_solver.h): the objective
// trace against iterations and simulated time, and the final model matrix.
#include <Eigen/Dense>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::classical {

// A stop request the solvers check between iterations (the GUI sets it when its dialog closes);
// they then throw SolverStopped. nullptr: never stopped.
using StopFlag = const std::atomic<bool>*;

class SolverStopped : public std::runtime_error {
public:
    SolverStopped()
        : std::runtime_error("stopped")
    {
    }
};

inline void throwIfStopped(StopFlag stop)
{
    if (stop && stop->load(std::memory_order_relaxed))
        throw SolverStopped();
}

struct TracePoint {
    double iteration = 0; // synchronous iterations; asynchronous: server updates / T (epochs)
    double time = 0; // simulated time (node_clock.h)
    double objective = 0; // F(W)
};

struct SolverRun {
    std::string solver; // "ista", "fista", "async"
    std::vector<TracePoint> trace; // the first point is the start, W = 0
    Eigen::MatrixXd w; // the final W (d x T)
    double step = 0; // the forward (gradient) step eta
    double relaxation = 1; // the KM relaxation eta_k (asynchronous; 1 for the synchronous solvers)
    long long columnUpdates = 0; // task-column forward steps taken
    double time = 0; // simulated time at the end
    int maxDelay = 0; // largest staleness met (server updates), asynchronous
    double meanDelay = 0; // mean staleness, asynchronous
};

} // namespace mtw::classical

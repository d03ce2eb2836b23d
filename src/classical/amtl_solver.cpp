#include "classical/amtl_solver.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>

namespace mtw::classical {

const char* delayModelName(DelayModel model)
{
    return model == DelayModel::Drawn ? "drawn" : "clock";
}

std::optional<DelayModel> parseDelayModel(const std::string& name)
{
    if (name == "drawn")
        return DelayModel::Drawn;
    if (name == "clock")
        return DelayModel::Clock;
    return std::nullopt;
}

void validate(const AsyncOptions& options)
{
    if (options.maxDelay < 0 || options.maxDelay > 100000)
        throw std::invalid_argument("max-delay: must be in [0, 100000] (got " + std::to_string(options.maxDelay) + ")");
    if (!(options.kmConstant > 0 && options.kmConstant < 1))
        throw std::invalid_argument("km-constant: must be in (0, 1)");
}

double kmRelaxation(int maxDelay, int tasks, double kmConstant)
{
    return kmConstant / (2.0 * maxDelay / std::sqrt(static_cast<double>(tasks)) + 1.0);
}

SolverRun runAsyncMtl(const LinearMtlProblem& problem, int epochs, const NodeTiming& timing,
    const AsyncOptions& options, std::uint64_t seed, double timeBudget, StopFlag stop)
{
    validate(options);
    if (epochs < 1)
        throw std::invalid_argument("iterations: must be >= 1");
    if (!(timeBudget > 0))
        throw std::invalid_argument("time budget: must be > 0");
    const int tasks = problem.taskCount();
    const int tau = options.maxDelay;
    const core::Rng root(seed);
    NodeClock clock(tasks, timing, root.derive(1).next());
    core::Rng delays = root.derive(2);

    SolverRun run;
    run.solver = "async";
    run.step = 1.0 / problem.lipschitz();
    run.relaxation = kmRelaxation(tau, tasks, options.kmConstant);

    // The server's V and the backward steps P^j = prox(V^j) of the states a node may still read,
    // states.front() being P^first.
    Eigen::MatrixXd v = Eigen::MatrixXd::Zero(problem.features(), tasks);
    std::deque<Eigen::MatrixXd> states(1);
    long long first = 0;
    problem.prox(v, run.step, states.front());
    run.trace.push_back({ 0, 0, problem.objective(states.front()) });

    std::vector<double> finish(static_cast<std::size_t>(tasks));
    for (int t = 0; t < tasks; ++t)
        finish[static_cast<std::size_t>(t)] = clock.computeTime(t);
    // The state after t's last write, which is also the one it read when it started again.
    std::vector<long long> ownState(static_cast<std::size_t>(tasks), 0);
    Eigen::VectorXd gradient(problem.features()), forward(problem.features());
    long long delaySum = 0;
    long long updates = static_cast<long long>(epochs) * tasks;
    for (long long k = 0; k < updates; ++k) {
        throwIfStopped(stop);
        int t = 0; // the next node to finish; ties to the lower index
        for (int s = 1; s < tasks; ++s)
            if (finish[static_cast<std::size_t>(s)] < finish[static_cast<std::size_t>(t)])
                t = s;
        const double now = finish[static_cast<std::size_t>(t)];
        long long read = ownState[static_cast<std::size_t>(t)];
        if (options.delays == DelayModel::Drawn) {
            const long long drawn
                = tau > 0 ? static_cast<long long>(delays.index(static_cast<std::size_t>(tau) + 1)) : 0;
            read = std::max(k - std::min(drawn, k), read);
        }
        const Eigen::MatrixXd& stale = states[static_cast<std::size_t>(read - first)];
        problem.taskGradient(t, stale.col(t), gradient);
        forward = stale.col(t) - run.step * gradient;
        v.col(t) += run.relaxation * (forward - v.col(t));
        states.emplace_back();
        problem.prox(v, run.step, states.back());
        ownState[static_cast<std::size_t>(t)] = k + 1;
        // Keep what the next reads may need: tau states back (drawn), every node's start (clock).
        const long long keep
            = options.delays == DelayModel::Drawn ? k + 1 - tau : *std::min_element(ownState.begin(), ownState.end());
        while (first < keep) {
            states.pop_front();
            ++first;
        }
        const int delay = static_cast<int>(k - read);
        run.maxDelay = std::max(run.maxDelay, delay);
        delaySum += delay;
        finish[static_cast<std::size_t>(t)] = now + clock.computeTime(t);
        run.time = now;
        if ((k + 1) % tasks == 0) {
            run.trace.push_back({ static_cast<double>(k + 1) / tasks, now, problem.objective(states.back()) });
            if (now >= timeBudget)
                updates = k + 1;
        }
    }
    run.w = states.back();
    run.columnUpdates = updates;
    run.meanDelay = static_cast<double>(delaySum) / static_cast<double>(updates);
    return run;
}

} // namespace mtw::classical

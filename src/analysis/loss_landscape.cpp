#include "analysis/loss_landscape.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <stdexcept>

namespace mtw::analysis {

std::vector<int> refinementLevels(int initialResolution, int finalResolution)
{
    if (initialResolution < 2)
        throw std::invalid_argument("initialResolution must be at least 2");
    std::vector<int> levels { initialResolution };
    while (2 * levels.back() - 1 <= finalResolution)
        levels.push_back(2 * levels.back() - 1);
    return levels;
}

namespace {

// Points per lossesAtEach call: eight LeNet points share one read of the 940 MB of stored outputs.
constexpr std::size_t maxPointsPerBatch = 8;

std::vector<double> axis(double low, double high, int count)
{
    // low + (high - low) * (i / (n - 1)): the point 2i of the next level, (2i) / (2n - 2), is the
    // same double, so reused points keep their exact coordinates.
    std::vector<double> values(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        values[static_cast<std::size_t>(i)]
            = low + (high - low) * (static_cast<double>(i) / static_cast<double>(count - 1));
    return values;
}

} // namespace

LandscapeResult computeLandscape(const PlaneEvaluator& evaluator, const LandscapePlane& plane,
    const LandscapeOptions& options, const std::vector<std::string>& taskNames, const std::vector<Vector>& trajectory,
    const LandscapeCallback& onLevel, const std::atomic<bool>* cancel)
{
    if (!(options.xMax > options.xMin) || !(options.yMax > options.yMin))
        throw std::invalid_argument("the landscape window is empty");
    const int tasks = evaluator.taskCount();
    Eigen::VectorXd weights = options.totalWeights;
    if (weights.size() == 0)
        weights = Eigen::VectorXd::Ones(tasks);
    if (weights.size() != tasks)
        throw std::invalid_argument("totalWeights needs one weight per task");

    LandscapeResult current; // the last complete level
    current.planeKind = plane.kind;
    current.description = plane.description;
    current.taskNames = taskNames;
    current.explainedVariance = plane.explainedVariance;
    current.factored = evaluator.isFactored();
    if (!trajectory.empty())
        current.trajectory = projectOntoPlane(plane, trajectory);

    const std::vector<int> levels = refinementLevels(options.initialResolution, options.finalResolution);
    for (std::size_t level = 0; level < levels.size(); ++level) {
        const int n = levels[level];
        LandscapeResult next = current;
        next.level = static_cast<int>(level);
        next.xs = axis(options.xMin, options.xMax, n);
        next.ys = axis(options.yMin, options.yMax, n);
        next.taskLosses.assign(static_cast<std::size_t>(tasks), Eigen::MatrixXd::Zero(n, n));
        // Points of the previous level sit at even indices; only the others are new.
        std::vector<std::pair<int, int>> todo;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                if (level > 0 && i % 2 == 0 && j % 2 == 0) {
                    for (int t = 0; t < tasks; ++t)
                        next.taskLosses[static_cast<std::size_t>(t)](i, j)
                            = current.taskLosses[static_cast<std::size_t>(t)](i / 2, j / 2);
                    continue;
                }
                todo.emplace_back(i, j);
            }
        std::vector<Eigen::VectorXd> values(todo.size());
        std::atomic<bool> stopped { false };
        // Batches of neighbouring points (lossesAtEach: the factored evaluator reads its stored
        // outputs once per batch), at least two per thread so every thread has work.
        const std::size_t threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
        const std::size_t batch = std::clamp<std::size_t>(todo.size() / (2 * threads), 1, maxPointsPerBatch);
        const std::size_t batches = (todo.size() + batch - 1) / batch;
        tbb::parallel_for(std::size_t(0), batches, [&](std::size_t index) {
            if (stopped.load(std::memory_order_relaxed) || (cancel && cancel->load(std::memory_order_relaxed))) {
                stopped = true;
                return;
            }
            const std::size_t first = index * batch, last = std::min(todo.size(), first + batch);
            std::vector<PlanePoint> points;
            for (std::size_t k = first; k < last; ++k)
                points.push_back({ next.xs[static_cast<std::size_t>(todo[k].first)],
                    next.ys[static_cast<std::size_t>(todo[k].second)] });
            std::vector<Eigen::VectorXd> losses = evaluator.lossesAtEach(points);
            for (std::size_t k = first; k < last; ++k)
                values[k] = std::move(losses[k - first]);
        });
        if (stopped) {
            current.cancelled = true;
            return current;
        }
        for (std::size_t k = 0; k < todo.size(); ++k)
            for (int t = 0; t < tasks; ++t)
                next.taskLosses[static_cast<std::size_t>(t)](todo[k].first, todo[k].second) = values[k](t);
        next.totalLoss = Eigen::MatrixXd::Zero(n, n);
        for (int t = 0; t < tasks; ++t)
            next.totalLoss += weights(t) * next.taskLosses[static_cast<std::size_t>(t)];
        next.evaluatedPoints = current.evaluatedPoints + static_cast<long long>(todo.size());
        next.finished = level + 1 == levels.size();
        current = std::move(next);
        if (onLevel)
            onLevel(current);
    }
    return current;
}

LandscapeResult computeLandscape(const problem::MultiTaskProblem& problem, const LandscapePlane& plane,
    const LandscapeOptions& options, const std::vector<Vector>& trajectory, const LandscapeCallback& onLevel,
    const std::atomic<bool>* cancel)
{
    const std::unique_ptr<PlaneEvaluator> evaluator = makePlaneEvaluator(problem, plane);
    std::vector<std::string> names;
    for (const problem::TaskInfo& task : problem.tasks())
        names.push_back(task.name);
    return computeLandscape(*evaluator, plane, options, names, trajectory, onLevel, cancel);
}

} // namespace mtw::analysis

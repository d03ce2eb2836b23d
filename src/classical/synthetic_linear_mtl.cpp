#include "classical/synthetic_linear_mtl.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mtw::classical {

namespace {

void requireRange(const char* name, long long value, long long low, long long high)
{
    if (value < low || value > high)
        throw std::invalid_argument(std::string(name) + ": must be in [" + std::to_string(low) + ", "
            + std::to_string(high) + "] (got " + std::to_string(value) + ")");
}

Eigen::MatrixXd normalMatrix(core::Rng& rng, Eigen::Index rows, Eigen::Index cols)
{
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j) // column-major order: fixed draw order
        for (Eigen::Index i = 0; i < rows; ++i)
            m(i, j) = rng.normal();
    return m;
}

} // namespace

void validate(const SyntheticLinearMtlOptions& options)
{
    requireRange("tasks", options.tasks, 1, 10000);
    requireRange("features", options.features, 1, 100000);
    requireRange("samples", options.samples, 1, 1000000);
    if (options.structure == TrueStructure::LowRank)
        requireRange("rank", options.rank, 1, std::min(options.features, options.tasks));
    else
        requireRange("rows", options.rows, 1, options.features);
    if (!(options.noise >= 0) || !std::isfinite(options.noise))
        throw std::invalid_argument("noise: must be a finite number >= 0");
}

SyntheticLinearMtl makeSyntheticLinearMtl(const SyntheticLinearMtlOptions& options)
{
    validate(options);
    const core::Rng root(options.seed);
    core::Rng truthRng = root.derive(1);
    core::Rng featureRng = root.derive(2);
    core::Rng noiseRng = root.derive(3);
    const Eigen::Index d = options.features, tasks = options.tasks;
    SyntheticLinearMtl data;
    if (options.structure == TrueStructure::LowRank) {
        const Eigen::MatrixXd u = normalMatrix(truthRng, d, options.rank);
        const Eigen::MatrixXd b = normalMatrix(truthRng, options.rank, tasks);
        data.truth = u * b / std::sqrt(static_cast<double>(options.rank));
    } else {
        data.truth = Eigen::MatrixXd::Zero(d, tasks);
        const std::vector<std::size_t> order = truthRng.permutation(static_cast<std::size_t>(d));
        for (int k = 0; k < options.rows; ++k)
            data.truth.row(static_cast<Eigen::Index>(order[static_cast<std::size_t>(k)]))
                = normalMatrix(truthRng, 1, tasks);
    }
    for (Eigen::Index t = 0; t < tasks; ++t) {
        LinearTask task;
        task.x = normalMatrix(featureRng, options.samples, d);
        task.y = task.x * data.truth.col(t);
        for (Eigen::Index i = 0; i < task.y.size(); ++i)
            task.y(i) += options.noise * noiseRng.normal();
        data.tasks.push_back(std::move(task));
    }
    return data;
}

} // namespace mtw::classical

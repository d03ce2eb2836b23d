#include "data/labelled_fraction.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtw::data {

std::vector<double> labelledFractions(const std::vector<double>& given, int taskCount)
{
    for (const double f : given)
        if (!(f >= 0.0 && f <= 1.0))
            throw std::invalid_argument(std::to_string(f) + " is outside [0, 1]");
    if (given.empty())
        throw std::invalid_argument("no fraction given (one number for every task, or one per task)");
    if (given.size() == 1)
        return std::vector<double>(static_cast<std::size_t>(taskCount), given.front());
    if (static_cast<int>(given.size()) != taskCount)
        throw std::invalid_argument(std::to_string(given.size()) + " fractions for " + std::to_string(taskCount)
            + " tasks (give one for every task, or one per task)");
    return given;
}

bool allLabelled(const std::vector<double>& fractions)
{
    return std::all_of(fractions.begin(), fractions.end(), [](double f) { return f == 1.0; });
}

void keepLabelledFractions(MultiTaskDataset& dataset, const std::vector<double>& fractions, std::uint64_t seed)
{
    if (fractions.size() != dataset.tasks.size())
        throw std::invalid_argument("keepLabelledFractions: one fraction per task is needed");
    const std::size_t n = dataset.train.size();
    for (std::size_t t = 0; t < dataset.tasks.size(); ++t) {
        const std::size_t hidden
            = static_cast<std::size_t>(std::llround((1.0 - fractions[t]) * static_cast<double>(n)));
        if (hidden == 0)
            continue;
        // Its own stream per task: changing one task's fraction leaves the others' draws alone.
        core::Rng rng = core::Rng(seed).derive(0x1abe11edULL + t);
        const std::vector<std::size_t> order = rng.permutation(n);
        for (std::size_t i = 0; i < hidden; ++i)
            dataset.tasks[t].unlabel(dataset.train[order[i]]);
    }
}

} // namespace mtw::data

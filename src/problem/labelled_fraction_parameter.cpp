#include "problem/labelled_fraction_parameter.h"

#include "data/labelled_fraction.h"

namespace mtw::problem {

core::ParameterSpec labelledFractionParameter()
{
    return core::ParameterSpec::realList("labelled_fraction", { 1.0 }, 0.0, 1.0,
        "Share of the training samples that keep each task's label (partial supervision): one number for every "
        "task or one per task; validation and test stay labelled");
}

std::optional<std::string> checkLabelledFraction(const ProblemContext& context, int taskCount)
{
    try {
        data::labelledFractions(context.problem.realList("labelled_fraction"), taskCount);
    } catch (const std::exception& error) {
        return std::string("problem.params.labelled_fraction: ") + error.what();
    }
    return std::nullopt;
}

data::MultiTaskDataset withLabelledFraction(
    data::MultiTaskDataset dataset, const std::vector<double>& fractions, std::uint64_t seed)
{
    const std::vector<double> kept = data::labelledFractions(fractions, static_cast<int>(dataset.tasks.size()));
    if (!data::allLabelled(kept))
        data::keepLabelledFractions(dataset, kept, seed);
    return dataset;
}

} // namespace mtw::problem

#include "problem/hard_sharing_factory.h"

#include "core/linear.h"
#include "problem/hard_sharing_network.h"
#include "problem/lenet_builder.h"
#include "problem/mmoe_network.h"
#include "problem/network_builder.h"

#include <stdexcept>

namespace mtw::problem {

std::unique_ptr<MultiTaskProblem> makeHardSharingProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context)
{
    const std::string activation = context.model.text("activation");
    core::Sequential trunk;
    core::Index representation = 0;
    if (context.model.has("architecture") && context.model.text("architecture") == "cnn") {
        trunk = buildLeNetTrunk(*dataset);
        representation = lenetRepresentation;
    } else {
        const std::vector<long long> widths = context.model.integerList("trunk");
        trunk = buildMlp(dataset->inputDimension(), widths, activation);
        representation = widths.empty() ? dataset->inputDimension() : widths.back();
    }
    std::vector<core::Sequential> heads;
    for (const data::TaskTargets& task : dataset->tasks)
        heads.push_back(
            buildHead(representation, context.model.integerList("head_hidden"), activation, task.outputSize()));
    auto network = std::make_unique<HardSharingNetwork>(
        name, std::move(dataset), std::move(trunk), std::move(heads), context.batchSize);
    if (context.model.has("l1_last_shared"))
        network->setSharedL1(context.model.real("l1_last_shared"));
    return network;
}

std::unique_ptr<MultiTaskProblem> makeMmoeProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context)
{
    const std::string activation = context.model.text("activation");
    const std::vector<long long> widths = context.model.integerList("trunk");
    const core::Index width = widths.empty() ? dataset->inputDimension() : widths.back();
    const long long expertCount = context.model.integer("experts");
    if (context.model.has("l1_last_shared") && context.model.real("l1_last_shared") != 0)
        throw std::invalid_argument(
            "model.l1_last_shared: the penalty is defined for hard sharing (mlp, cnn), not mmoe");
    std::vector<core::Sequential> experts, gates, towers;
    for (long long k = 0; k < expertCount; ++k)
        experts.push_back(buildMlp(dataset->inputDimension(), widths, activation));
    for (const data::TaskTargets& task : dataset->tasks) {
        core::Sequential gate;
        gate.add(std::make_unique<core::Linear>(dataset->inputDimension(), expertCount));
        gates.push_back(std::move(gate));
        towers.push_back(buildHead(width, context.model.integerList("head_hidden"), activation, task.outputSize()));
    }
    return std::make_unique<MmoeNetwork>(
        name, std::move(dataset), std::move(experts), std::move(gates), std::move(towers), context.batchSize);
}

std::unique_ptr<MultiTaskProblem> makeNeuralProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context)
{
    if (context.model.has("architecture") && context.model.text("architecture") == "mmoe")
        return makeMmoeProblem(name, std::move(dataset), context);
    return makeHardSharingProblem(name, std::move(dataset), context);
}

} // namespace mtw::problem

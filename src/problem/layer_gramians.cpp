#include "problem/layer_gramians.h"

#include <cstdio>

namespace mtw::problem {

namespace {

std::string compactCount(core::Index count)
{
    char text[32];
    if (count >= 1000000)
        std::snprintf(text, sizeof text, "%.3gM", static_cast<double>(count) / 1e6);
    else if (count >= 1000)
        std::snprintf(text, sizeof text, "%.3gk", static_cast<double>(count) / 1e3);
    else
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(count));
    return text;
}

} // namespace

std::string layerLabel(int k, const core::Layer& layer)
{
    // Appended piece by piece: GCC 12's -Wrestrict misfires on a chain of operator+ here.
    std::string label = "L";
    label += std::to_string(k);
    label += ' ';
    label += layer.name();
    label += ' ';
    label += compactCount(layer.parameterCount());
    return label;
}

void addLayerGramians(const core::Sequential& network, const core::Scalar* params,
    const core::Sequential::Workspace& work, core::Index tasks, std::vector<LayerMatrix>& gramians)
{
    int k = 0;
    for (std::size_t i = 0; i < network.layerCount(); ++i) {
        const core::Layer& layer = network.layer(i);
        if (layer.parameterCount() == 0)
            continue;
        const std::size_t slot = static_cast<std::size_t>(k++);
        if (gramians.size() <= slot)
            gramians.push_back({ layerLabel(k, layer), Eigen::MatrixXd::Zero(tasks, tasks) });
        Eigen::MatrixXd& G = gramians[slot].values;
        if (i < work.jacobianRows.size() && work.jacobianRows[i].size() > 0)
            core::Layer::addGramianOfRows(work.jacobianRows[i], G);
        else
            layer.accumulateGramian(params + network.parameterOffset(i), work.activations[i], work.deltas[i], tasks, G);
    }
}

const core::Matrix& headRepresentation(
    const core::Sequential& head, const core::Sequential::Workspace& work, const core::Matrix& outputs)
{
    std::size_t last = head.layerCount(); // one past the last parametric layer
    while (last > 0 && head.layer(last - 1).parameterCount() == 0)
        --last;
    for (std::size_t i = 0; i + 1 < last; ++i)
        if (head.layer(i).parameterCount() > 0)
            return work.activations[last - 1]; // a hidden layer: the last layer's input
    return outputs;
}

} // namespace mtw::problem

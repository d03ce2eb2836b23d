#pragma once
// The per-layer pieces of problem/layer_diagnostics.h, formed from what a stacked multi-task
// backward (core::Sequential::backwardTasks) leaves in its workspace: each parametric layer's
// input activations and stacked output deltas (or the Jacobian rows it already formed).
#include "core/sequential.h"
#include "problem/layer_diagnostics.h"

namespace mtw::problem {

// "L<k> <layer name> <parameters>" for the k-th parametric layer (1-based), e.g. "L1 Linear 332k".
std::string layerLabel(int k, const core::Layer& layer);

// Per parametric layer of `network`, the T x T Gramian of the task gradients over its parameters,
// after network.backwardTasks(params, work, ...) with `tasks` tasks. Adds into `gramians` (one per
// parametric layer, zero-sized ones are set to zero first), so several networks of the same
// shape (MMoE's experts) sum into one Gramian per layer depth.
void addLayerGramians(const core::Sequential& network, const core::Scalar* params,
    const core::Sequential::Workspace& work, core::Index tasks, std::vector<LayerMatrix>& gramians);

// The representation a task's head gives its samples (columns): the input of the head's last
// parametric layer when the head has a hidden layer, else its outputs. After head.forward(...,
// work); `outputs` is what forward returned.
const core::Matrix& headRepresentation(
    const core::Sequential& head, const core::Sequential::Workspace& work, const core::Matrix& outputs);

} // namespace mtw::problem

#pragma once
// Builds trunks and heads from the experiment's "model" block (one schema for all neural
// problems):
//   architecture  mlp (default) | cnn (LeNet-style, image data only) | mmoe
//   trunk         hidden widths of the shared MLP trunk, default [64, 64]
//   activation    relu (default) | tanh | sigmoid
//   head_hidden   hidden widths of each task head, default [] (a linear head)
//   experts       MMoE: number of experts, default 4
//   l1_last_shared  l1 penalty on the last shared Linear layer's weights (hard sharing), default 0
#include "core/parameter_schema.h"
#include "core/sequential.h"
#include "data/multi_task_dataset.h"

namespace mtw::problem {

const core::ParameterSchema& modelSchema();

// Linear + activation per width (the activation follows every layer).
core::Sequential buildMlp(core::Index inputs, const std::vector<long long>& widths, const std::string& activation);
// Hidden layers (with activation) then a linear output layer.
core::Sequential buildHead(
    core::Index inputs, const std::vector<long long>& hidden, const std::string& activation, core::Index outputs);

} // namespace mtw::problem

#pragma once
// Factories of neural problems from the experiment's model block (network_builder.h schema):
//   mlp   hard sharing (HardSharingNetwork) with an MLP trunk of widths model.trunk
//   cnn   hard sharing with the LeNet-style trunk (lenet_builder.h; image data only)
//   mmoe  MmoeNetwork: model.experts experts, each an MLP of widths model.trunk (default [64, 64])
// Heads / towers: MLPs of widths model.head_hidden, then a linear output layer.
#include "data/multi_task_dataset.h"
#include "problem/problem_registry.h"

#include <memory>

namespace mtw::problem {

// Hard sharing with the trunk model.architecture names (mlp or cnn).
std::unique_ptr<MultiTaskProblem> makeHardSharingProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context);
std::unique_ptr<MultiTaskProblem> makeMmoeProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context);
// Dispatches on model.architecture.
std::unique_ptr<MultiTaskProblem> makeNeuralProblem(
    const std::string& name, data::DatasetPtr dataset, const ProblemContext& context);

} // namespace mtw::problem

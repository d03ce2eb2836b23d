#pragma once
// LeNet-style CNN trunk for image data (features channels x height x width per column).
// Follows the multi-MNIST LeNets of the papers' official code:
//   36 x 36 input (Lin et al. 2019, Xi-L/ParetoMTL multiMNIST/model_lenet.py):
//     conv(1->10, k9) - maxpool 2 - relu - conv(10->20, k5) - maxpool 2 - relu - fc(500->50) - relu
//   28 x 28 input (Sener & Koltun 2018, MultiObjectiveOptimization multi_task/models/multi_lenet.py):
//     conv(1->10, k5) - maxpool 2 - relu - conv(10->20, k5) - maxpool 2 - relu - fc(320->50) - relu
// (the official code applies relu before max pooling; max pooling commutes with relu, so the
// order above computes the same function on fewer values). Task heads are fc(50->classes).
// Other sizes use the 28 x 28 kernels when they fit.
#include "core/sequential.h"
#include "data/multi_task_dataset.h"

namespace mtw::problem {

constexpr core::Index lenetRepresentation = 50;

// Throws std::invalid_argument when the data set has no image geometry or is too small.
core::Sequential buildLeNetTrunk(const data::MultiTaskDataset& dataset);

} // namespace mtw::problem

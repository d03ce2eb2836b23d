#pragma once
// MultiFashion (Lin et al. 2019, "Pareto Multi-Task Learning", NeurIPS, section 5.2), built the
// same way as MultiMNIST of Sener & Koltun 2018 ("Multi-Task Learning as Multi-Objective
// Optimization", NeurIPS): two Fashion-MNIST items on a 36 x 36 canvas, the "left" item at rows and
// columns [0, 28) (up-left), the "right" item at [6, 34) (down-right), combined by the pixel-wise
// maximum where they overlap. This follows the official loader of Sener & Koltun
// (isl-org/MultiObjectiveOptimization, multi_task/loaders/multi_mnist_loader.py,
// read_image_file: new_im[0:28,0:28] = left; new_im[6:34,6:34] = right; overlap = max), where
// each left item gets one uniformly drawn partner. That loader then resizes to 28 x 28 with
// nearest-neighbour sampling (scipy imresize, interp='nearest'); Lin et al.'s LeNet
// (Xi-L/ParetoMTL multiMNIST/model_lenet.py) takes the 36 x 36 canvas directly. Both are
// offered (resize28). Tasks: class of the left item, class of the right item (10 classes each).
// Pixels are scaled to [0, 1].
//
// Splits: training composites (train + validation) are built from the Fashion-MNIST training
// images, test composites from the t10k images; composite i takes the i-th item of a seeded
// permutation as its left item (wrapping when more composites than items are asked for) and a
// uniformly drawn partner. All draws come from one seeded core::Rng: a seed gives the same set.
#include "data/idx_reader.h"
#include "data/multi_task_dataset.h"

#include <cstdint>

namespace mtw::data {

struct MultiFashionOptions {
    int trainSamples = 60000; // composites for train + validation
    int testSamples = 10000;
    double validationFraction = 0.1; // of trainSamples
    bool resize28 = false; // nearest-neighbour 36 -> 28 as in Sener & Koltun's loader
    std::uint64_t seed = 0;
    std::string directory; // Fashion-MNIST directory; empty: the Debian package's
};

// The canvas of one composite (36 x 36 row-major, bytes).
void composeMultiFashion(const std::uint8_t* left, const std::uint8_t* right, std::uint8_t* canvas36);
// Nearest-neighbour resize of a square row-major image (PIL's NEAREST: source = floor((i + 0.5) * in / out)).
void resizeNearest(const std::uint8_t* in, int inSize, std::uint8_t* out, int outSize);

MultiTaskDataset makeMultiFashion(const MultiFashionOptions& options);
// Same from given images (tests use small synthetic sets).
MultiTaskDataset makeMultiFashion(
    const MultiFashionOptions& options, const LabelledImages& train, const LabelledImages& test);

} // namespace mtw::data

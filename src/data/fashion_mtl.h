#pragma once
// Attribute-style multi-task learning on single Fashion-MNIST items (Xiao, Rasul & Vollgraf 2017),
// in the spirit of the class + coarse-category task pairs used to study transfer on Fashion-MNIST:
// the 10-way class plus binary groupings of the classes, so that related pairs (class and
// footwear: the grouping is a function of the class) and weakly related pairs (footwear vs tops
// on a subset) both exist. Tasks (selectable, in the given order):
//   class        10-way classification (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
//                5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot)
//   footwear     binary, {5, 7, 9} vs rest
//   tops         binary, {0, 2, 4, 6} vs rest (upper-body garments)
//   bag          binary, {8} vs rest (accessories)
//   trousers     binary, {1} vs rest
//   noisy_class  the 10-way class with each item's label replaced, with probability label_noise
//                (0.5), by a uniformly drawn class (possibly its own), seeded by the data seed; on
//                every split, so the task is the noisy one: a harmful auxiliary for `class`, in
//                the spirit of the NoisyFashion task of Mueller, Dredze & Andrews (2024), whose
//                exact construction is not known (shared/reference/anchor-paper.md)
// Pixels in [0, 1], 28 x 28, one channel. Train/validation from the training file (the last
// validationFraction of a seeded subset), test from t10k.
//
// Spurious correlation (Hu et al. 2022, MT-CRL; Kulkarni et al. 2024, worst-group outcomes): with
// spuriousTask set (footwear, tops, bag or trousers: a binary grouping, trained or not), each
// item gets an attribute a in {0, 1}, drawn per item from its own seeded stream: on the training
// and validation items a equals the task's label y with probability spuriousStrength (0.5: no
// correlation, 1: a copies y), on the test items a is a fair coin, independent of y. a = 1 paints
// the image's 2-pixel border white (Fashion-MNIST borders are black): a feature a network can use
// in place of the garment's shape. The sample groups (MultiTaskDataset::groups) are 2 y + a, so
// the evaluations report the worst-group accuracy over (y, a): what relying on the border costs on
// the test items whose border disagrees with their label.
#include "data/idx_reader.h"
#include "data/multi_task_dataset.h"

namespace mtw::data {

struct FashionMtlOptions {
    std::vector<std::string> tasks = { "class", "footwear", "tops", "bag" };
    int trainSamples = 60000; // train + validation, at most 60000
    int testSamples = 10000; // at most 10000
    double validationFraction = 0.1;
    double labelNoise = 0.5; // noisy_class: probability of a random label
    std::string spuriousTask; // empty: no spurious attribute (above)
    double spuriousStrength = 0.9; // P(a = y) on the training and validation items
    std::uint64_t seed = 0;
    std::string directory;
};

const std::vector<std::string>& fashionMtlTaskNames();
// Splits "class,footwear" into names, checking each (std::invalid_argument names the bad one).
std::vector<std::string> parseFashionMtlTasks(const std::string& list);

MultiTaskDataset makeFashionMtl(const FashionMtlOptions& options);
MultiTaskDataset makeFashionMtl(
    const FashionMtlOptions& options, const LabelledImages& train, const LabelledImages& test);

} // namespace mtw::data

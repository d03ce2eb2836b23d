#include "data/fashion_mtl.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace mtw::data {

namespace {
bool inGroup(const std::string& task, int label)
{
    if (task == "footwear")
        return label == 5 || label == 7 || label == 9;
    if (task == "tops")
        return label == 0 || label == 2 || label == 4 || label == 6;
    if (task == "bag")
        return label == 8;
    return label == 1; // trousers
}
// The spurious attribute of the header: a white 2-pixel border on the items whose a is 1, and the
// groups 2 y + a.
void addSpuriousBorder(MultiTaskDataset& dataset, const FashionMtlOptions& options, const std::vector<int>& classes)
{
    const std::string& task = options.spuriousTask;
    if (task != "footwear" && task != "tops" && task != "bag" && task != "trousers")
        throw std::invalid_argument(
            "Fashion MTL: spurious_task must be a binary grouping (footwear, tops, bag, trousers), not '" + task + "'");
    if (!(options.spuriousStrength >= 0 && options.spuriousStrength <= 1))
        throw std::invalid_argument("Fashion MTL: spurious_strength must be in [0, 1]");
    core::Rng draws = core::Rng(options.seed).derive(0x7370757269ULL); // its own stream: "spuri"
    const Index width = dataset.width, height = dataset.height;
    dataset.groups.resize(classes.size());
    for (Index i = 0; i < dataset.sampleCount(); ++i) {
        const int y = inGroup(task, classes[static_cast<std::size_t>(i)]) ? 1 : 0;
        const bool test = i >= options.trainSamples;
        const double u = draws.uniform();
        const int a = test ? (u < 0.5 ? 1 : 0) : (u < options.spuriousStrength ? y : 1 - y);
        dataset.groups[static_cast<std::size_t>(i)] = 2 * y + a;
        if (a == 0)
            continue;
        for (Index row = 0; row < height; ++row)
            for (Index col = 0; col < width; ++col)
                if (row < 2 || col < 2 || row >= height - 2 || col >= width - 2)
                    dataset.features(row * width + col, i) = 1.0f;
    }
}

} // namespace

const std::vector<std::string>& fashionMtlTaskNames()
{
    static const std::vector<std::string> names = { "class", "footwear", "tops", "bag", "trousers", "noisy_class" };
    return names;
}

std::vector<std::string> parseFashionMtlTasks(const std::string& list)
{
    std::vector<std::string> tasks;
    std::stringstream stream(list);
    std::string item;
    while (std::getline(stream, item, ',')) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item.empty())
            continue;
        const auto& known = fashionMtlTaskNames();
        if (std::find(known.begin(), known.end(), item) == known.end())
            throw std::invalid_argument(
                "unknown Fashion MTL task '" + item + "' (expected class, footwear, tops, bag, trousers, noisy_class)");
        if (std::find(tasks.begin(), tasks.end(), item) != tasks.end())
            throw std::invalid_argument("Fashion MTL task '" + item + "' is listed twice");
        tasks.push_back(item);
    }
    if (tasks.empty())
        throw std::invalid_argument("Fashion MTL needs at least one task");
    return tasks;
}

MultiTaskDataset makeFashionMtl(
    const FashionMtlOptions& options, const LabelledImages& train, const LabelledImages& test)
{
    if (options.trainSamples < 2 || options.testSamples < 1)
        throw std::invalid_argument("Fashion MTL: at least 2 training and 1 test sample are needed");
    if (static_cast<std::size_t>(options.trainSamples) > train.count()
        || static_cast<std::size_t>(options.testSamples) > test.count())
        throw std::invalid_argument("Fashion MTL: more samples asked for than the files hold ("
            + std::to_string(train.count()) + " train, " + std::to_string(test.count()) + " test)");
    if (options.tasks.empty())
        throw std::invalid_argument("Fashion MTL needs at least one task");
    if (!(options.labelNoise >= 0 && options.labelNoise <= 1))
        throw std::invalid_argument("Fashion MTL: label_noise must be in [0, 1]");
    const std::vector<std::string>& names = options.tasks;
    MultiTaskDataset dataset;
    dataset.name = "fashion_mtl";
    dataset.channels = 1;
    dataset.height = train.rows;
    dataset.width = train.cols;
    const Index pixels = train.rows * train.cols;
    const Index total = options.trainSamples + options.testSamples;
    dataset.features.resize(pixels, total);
    std::vector<int> classes(static_cast<std::size_t>(total));
    core::Rng rng(options.seed);
    const std::vector<std::size_t> trainOrder = rng.permutation(train.count());
    const std::vector<std::size_t> testOrder = rng.permutation(test.count());
    for (Index i = 0; i < total; ++i) {
        const bool isTest = i >= options.trainSamples;
        const LabelledImages& source = isTest ? test : train;
        const std::size_t item = isTest ? testOrder[static_cast<std::size_t>(i - options.trainSamples)]
                                        : trainOrder[static_cast<std::size_t>(i)];
        for (Index p = 0; p < pixels; ++p)
            dataset.features(p, i)
                = static_cast<core::Scalar>(
                      source.pixels[item * static_cast<std::size_t>(pixels) + static_cast<std::size_t>(p)])
                / core::Scalar(255);
        classes[static_cast<std::size_t>(i)] = source.labels[item];
    }
    for (const std::string& name : names) {
        TaskTargets task;
        task.name = name;
        if (name == "class" || name == "noisy_class") {
            task.kind = TargetKind::Classification;
            task.classCount = 10;
            task.labels = classes;
            if (name == "noisy_class") {
                // Its own stream: the subset and the other tasks do not depend on the noise.
                core::Rng noise = core::Rng(options.seed).derive(0x6e6f697379ULL);
                for (int& label : task.labels)
                    if (noise.uniform() < options.labelNoise)
                        label = static_cast<int>(noise.index(10));
            }
        } else {
            task.kind = TargetKind::Binary;
            task.values.resize(1, total);
            for (Index i = 0; i < total; ++i)
                task.values(0, i) = inGroup(name, classes[static_cast<std::size_t>(i)]) ? 1.0f : 0.0f;
        }
        dataset.tasks.push_back(std::move(task));
    }
    if (!options.spuriousTask.empty())
        addSpuriousBorder(dataset, options, classes);
    splitInOrder(dataset, options.trainSamples, options.validationFraction);
    return dataset;
}

MultiTaskDataset makeFashionMtl(const FashionMtlOptions& options)
{
    return makeFashionMtl(
        options, readFashionMnist(false, options.directory), readFashionMnist(true, options.directory));
}

} // namespace mtw::data

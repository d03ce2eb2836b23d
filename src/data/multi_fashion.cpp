#include "data/multi_fashion.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtw::data {

namespace {
constexpr int itemSize = 28;
constexpr int canvasSize = 36;
constexpr int rightOffset = 6;

// Appends count composites drawn from source, writing features from column `column` on.
void compose(
    const LabelledImages& source, int count, bool resize28, core::Rng& rng, MultiTaskDataset& dataset, Index column)
{
    if (source.rows != itemSize || source.cols != itemSize)
        throw std::invalid_argument("MultiFashion needs 28 x 28 items");
    if (source.count() == 0)
        throw std::invalid_argument("MultiFashion: no source images");
    const std::size_t items = source.count();
    const std::size_t pixels = static_cast<std::size_t>(itemSize * itemSize);
    std::vector<std::size_t> order = rng.permutation(items);
    std::vector<std::uint8_t> canvas(canvasSize * canvasSize), small(itemSize * itemSize);
    for (int i = 0; i < count; ++i) {
        const std::size_t left = order[static_cast<std::size_t>(i) % items];
        const std::size_t right = rng.index(items);
        composeMultiFashion(&source.pixels[left * pixels], &source.pixels[right * pixels], canvas.data());
        const std::uint8_t* image = canvas.data();
        int size = canvasSize;
        if (resize28) {
            resizeNearest(canvas.data(), canvasSize, small.data(), itemSize);
            image = small.data();
            size = itemSize;
        }
        for (int p = 0; p < size * size; ++p)
            dataset.features(p, column + i) = static_cast<core::Scalar>(image[p]) / core::Scalar(255);
        dataset.tasks[0].labels[static_cast<std::size_t>(column + i)] = source.labels[left];
        dataset.tasks[1].labels[static_cast<std::size_t>(column + i)] = source.labels[right];
    }
}
} // namespace

void composeMultiFashion(const std::uint8_t* left, const std::uint8_t* right, std::uint8_t* canvas36)
{
    std::fill(canvas36, canvas36 + canvasSize * canvasSize, std::uint8_t(0));
    for (int y = 0; y < itemSize; ++y)
        for (int x = 0; x < itemSize; ++x)
            canvas36[y * canvasSize + x] = left[y * itemSize + x];
    for (int y = 0; y < itemSize; ++y)
        for (int x = 0; x < itemSize; ++x) {
            std::uint8_t& target = canvas36[(y + rightOffset) * canvasSize + x + rightOffset];
            target = std::max(target, right[y * itemSize + x]);
        }
}

void resizeNearest(const std::uint8_t* in, int inSize, std::uint8_t* out, int outSize)
{
    const double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
    for (int y = 0; y < outSize; ++y) {
        const int sy = std::min(inSize - 1, static_cast<int>(std::floor((y + 0.5) * scale)));
        for (int x = 0; x < outSize; ++x) {
            const int sx = std::min(inSize - 1, static_cast<int>(std::floor((x + 0.5) * scale)));
            out[y * outSize + x] = in[sy * inSize + sx];
        }
    }
}

MultiTaskDataset makeMultiFashion(
    const MultiFashionOptions& options, const LabelledImages& train, const LabelledImages& test)
{
    if (options.trainSamples < 2 || options.testSamples < 1)
        throw std::invalid_argument("MultiFashion: at least 2 training and 1 test composite are needed");
    if (options.validationFraction < 0 || options.validationFraction >= 1)
        throw std::invalid_argument("MultiFashion: validation fraction must be in [0, 1)");
    MultiTaskDataset dataset;
    dataset.name = options.resize28 ? "multi_fashion_28" : "multi_fashion";
    const int side = options.resize28 ? itemSize : canvasSize;
    dataset.channels = 1;
    dataset.height = side;
    dataset.width = side;
    const Index total = options.trainSamples + options.testSamples;
    dataset.features.resize(side * side, total);
    for (const char* name : { "left", "right" }) {
        TaskTargets task;
        task.name = name;
        task.kind = TargetKind::Classification;
        task.classCount = 10;
        task.labels.assign(static_cast<std::size_t>(total), 0);
        dataset.tasks.push_back(std::move(task));
    }
    core::Rng rng(options.seed);
    core::Rng trainRng = rng.derive(1);
    core::Rng testRng = rng.derive(2);
    compose(train, options.trainSamples, options.resize28, trainRng, dataset, 0);
    compose(test, options.testSamples, options.resize28, testRng, dataset, options.trainSamples);
    splitInOrder(dataset, options.trainSamples, options.validationFraction);
    return dataset;
}

MultiTaskDataset makeMultiFashion(const MultiFashionOptions& options)
{
    const LabelledImages train = readFashionMnist(false, options.directory);
    const LabelledImages test = readFashionMnist(true, options.directory);
    return makeMultiFashion(options, train, test);
}

} // namespace mtw::data

#include "problem/lenet_builder.h"

#include "core/activation.h"
#include "core/conv2d.h"
#include "core/linear.h"
#include "core/max_pool2d.h"

#include <stdexcept>

namespace mtw::problem {

core::Sequential buildLeNetTrunk(const data::MultiTaskDataset& dataset)
{
    if (dataset.channels < 1 || dataset.height < 1 || dataset.width < 1
        || static_cast<core::Index>(dataset.channels) * dataset.height * dataset.width != dataset.inputDimension())
        throw std::invalid_argument(
            "model.architecture 'cnn' needs image data (data set '" + dataset.name + "' has no image geometry)");
    const core::Index firstKernel = dataset.height == 36 && dataset.width == 36 ? 9 : 5;
    core::ImageShape shape { dataset.channels, dataset.height, dataset.width };
    if (shape.height < firstKernel + 10 || shape.width < firstKernel + 10)
        throw std::invalid_argument("model.architecture 'cnn': images of at least 16 x 16 pixels are needed");
    core::Sequential trunk;
    auto conv1 = std::make_unique<core::Conv2d>(shape, 10, firstKernel);
    shape = conv1->outputShape();
    trunk.add(std::move(conv1));
    auto pool1 = std::make_unique<core::MaxPool2d>(shape, 2);
    shape = pool1->outputShape();
    trunk.add(std::move(pool1));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, shape.size()));
    auto conv2 = std::make_unique<core::Conv2d>(shape, 20, 5);
    shape = conv2->outputShape();
    trunk.add(std::move(conv2));
    auto pool2 = std::make_unique<core::MaxPool2d>(shape, 2);
    shape = pool2->outputShape();
    trunk.add(std::move(pool2));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, shape.size()));
    trunk.add(std::make_unique<core::Linear>(shape.size(), lenetRepresentation));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, lenetRepresentation));
    return trunk;
}

} // namespace mtw::problem

// The direct convolution and its weight gradients (core/convolution_kernel.h), each built level on
// its own: against naive double-precision references over shapes that reach every register-block
// tail (filter counts, output widths and kernel rows that are not multiples of the blocks),
// strides, padding, partial groups of samples and leading dimensions above the column length;
// every sample's forward bits the same alone or in a group; the built and the v4 kernels alike in
// the bits. The factored landscape's pooled combinations likewise: against a double reference,
// MaxPool2d's own pool of the same pixels, and across the levels.
#include "common/compare.h"
#include "common/conv_reference.h"
#include "core/gemm_dispatch.h"
#include "core/pool_channel.h"
#include "core/rng.h"
#include "core/tensor.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mtw;
using core::ConvolutionShape;
using core::Index;
using core::Matrix;

namespace {

struct Case {
    ConvolutionShape shape;
    long samples;
};

ConvolutionShape shapeOf(long C, long H, long W, long F, long k, long s, long p)
{
    return { C, H, W, F, k, s, p, (H + 2 * p - k) / s + 1, (W + 2 * p - k) / s + 1 };
}

long imageSize(const ConvolutionShape& s)
{
    return s.channels * s.height * s.width;
}
long outputSize(const ConvolutionShape& s)
{
    return s.filters * s.outHeight * s.outWidth;
}
long taps(const ConvolutionShape& s)
{
    return s.channels * s.kernel * s.kernel;
}

Matrix random(Index rows, Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(rng.uniform(-1, 1));
    return m;
}

// Column b of the result, from the naive double convolution the layer tests use.
Eigen::MatrixXd reference(const ConvolutionShape& s, const Matrix& parameters, const Matrix& X)
{
    return test::convReference(parameters.col(0).cast<double>(), X.cast<double>(), { s.channels, s.height, s.width },
        s.filters, s.kernel, s.stride, s.padding);
}

// The weight gradients (Conv2d's layout: filter f's taps, then the biases) of the deltas dY of
// images X, in double: sum over samples and output positions of delta x input pixel.
Eigen::VectorXd gradientReference(const ConvolutionShape& s, const Eigen::MatrixXd& X, const Eigen::MatrixXd& dY)
{
    Eigen::VectorXd gradient = Eigen::VectorXd::Zero(taps(s) * s.filters + s.filters);
    for (Index b = 0; b < X.cols(); ++b)
        for (long f = 0; f < s.filters; ++f)
            for (long oy = 0; oy < s.outHeight; ++oy)
                for (long ox = 0; ox < s.outWidth; ++ox) {
                    const double delta = dY((f * s.outHeight + oy) * s.outWidth + ox, b);
                    gradient(taps(s) * s.filters + f) += delta;
                    for (long c = 0; c < s.channels; ++c)
                        for (long ky = 0; ky < s.kernel; ++ky)
                            for (long kx = 0; kx < s.kernel; ++kx) {
                                const long y = oy * s.stride + ky - s.padding, x = ox * s.stride + kx - s.padding;
                                if (y >= 0 && y < s.height && x >= 0 && x < s.width)
                                    gradient(f * taps(s) + (c * s.kernel + ky) * s.kernel + kx)
                                        += delta * X((c * s.height + y) * s.width + x, b);
                            }
                }
    return gradient;
}

const std::vector<Case>& cases()
{
    static const std::vector<Case> all {
        { shapeOf(3, 9, 13, 7, 3, 1, 0), 37 }, // 7 filters, 11 columns: both blocks' tails; 2 groups + 5
        { shapeOf(2, 10, 11, 5, 3, 2, 1), 16 }, // strided and padded, one full group
        { shapeOf(1, 36, 36, 10, 9, 1, 0), 33 }, // the MultiFashion LeNet's first layer
        { shapeOf(10, 14, 14, 20, 5, 1, 0), 20 }, // its second
        { shapeOf(1, 5, 5, 1, 5, 1, 2), 3 }, // a kernel as large as the image, padded; one filter
        { shapeOf(4, 7, 6, 9, 2, 3, 2), 17 }, // stride above the kernel: pixels no window reads
    };
    return all;
}

// The kernel of the data row's level (matchesTheReference_data), or null where it cannot run.
const core::ConvolutionKernel* kernelOfRow()
{
    QFETCH(int, level);
    return core::convolutionKernelOf(static_cast<core::GemmLevel>(level));
}

// Values in quarter steps: the combined pixels tie often, so the pools' first-of-equals is tested.
Matrix quarterSteps(Index rows, Index cols, std::uint64_t seed)
{
    Matrix m = random(rows, cols, seed);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = std::round(m.data()[i] * 4) / 4;
    return m;
}

bool sameBits(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

// One sample's three stored images and a point's step sizes.
struct Combination {
    const float *p0, *p1, *p2;
    float a, b;
};

// The 2 x 2, stride-2 max-pool of p0 + a p1 + b p2, in double.
Eigen::VectorXd combinedPoolInDouble(const core::ImageShape& image, const Combination& x)
{
    const Index outHeight = image.height / 2, outWidth = image.width / 2;
    Eigen::VectorXd pooled(image.channels * outHeight * outWidth);
    for (Index c = 0; c < image.channels; ++c)
        for (Index oy = 0; oy < outHeight; ++oy)
            for (Index ox = 0; ox < outWidth; ++ox) {
                double best = -1e300;
                for (Index i = 0; i < 4; ++i) {
                    const Index pixel = (c * image.height + 2 * oy + i / 2) * image.width + 2 * ox + i % 2;
                    best = std::max(best, double(x.p0[pixel]) + x.a * double(x.p1[pixel]) + x.b * double(x.p2[pixel]));
                }
                pooled((c * outHeight + oy) * outWidth + ox) = best;
            }
    return pooled;
}

// MaxPool2d's own pool of the same combined pixels, channel by channel.
Matrix layerPoolOf(const core::MaxPool2d& pool, const Combination& x)
{
    const core::ImageShape image = pool.inputShape();
    const Index inChannel = image.height * image.width, outChannel = pool.outputSize() / image.channels;
    Matrix pooled(pool.outputSize(), 1);
    for (Index c = 0; c < image.channels; ++c) {
        const Index at = c * inChannel;
        pool.poolChannelOf(core::pooling::CombinedPixels { x.p0 + at, x.p1 + at, x.p2 + at, x.a, x.b },
            pooled.data() + c * outChannel);
    }
    return pooled;
}
} // namespace

class TestConvolutionKernel : public QObject {
    Q_OBJECT
private slots:
    void matchesTheReference_data()
    {
        QTest::addColumn<int>("level");
        for (const auto level : { core::GemmLevel::Built, core::GemmLevel::X86_64_V4 })
            QTest::newRow(level == core::GemmLevel::Built ? "built" : "v4") << static_cast<int>(level);
    }
    void matchesTheReference()
    {
        const core::ConvolutionKernel* kernel = kernelOfRow();
        if (!kernel)
            QSKIP("this machine cannot run this kernel (no AVX-512, or not built in)");
        std::uint64_t seed = 1;
        for (const Case& c : cases()) {
            const ConvolutionShape& s = c.shape;
            const Matrix parameters = random(taps(s) * s.filters + s.filters, 1, seed++);
            const float* filters = parameters.data();
            const float* bias = filters + taps(s) * s.filters;
            // Inputs and outputs inside taller matrices: leading dimensions above the column length.
            const Matrix bigX = random(imageSize(s) + 3, c.samples, seed++);
            Matrix bigY = Matrix::Constant(outputSize(s) + 5, c.samples, 7.0f);
            kernel->forward(s, filters, bias, bigX.data(), bigX.rows(), c.samples, bigY.data(), bigY.rows());
            const Eigen::MatrixXd expected = reference(s, parameters, bigX.topRows(imageSize(s)));
            const double error = (bigY.topRows(outputSize(s)).cast<double>() - expected).cwiseAbs().maxCoeff();
            QVERIFY2(error < 1e-6 * double(taps(s)), qPrintable(QString("shape %1: error %2").arg(seed).arg(error)));
            QVERIFY(bigY.bottomRows(5).isConstant(7.0f)); // nothing written past the outputs
            // Each sample alone (a group of one: the scalar packing) gives the same bits.
            for (Index b : { Index(0), c.samples / 2, c.samples - 1 }) {
                Matrix alone(outputSize(s), 1);
                kernel->forward(s, filters, bias, bigX.col(b).data(), bigX.rows(), 1, alone.data(), alone.rows());
                QVERIFY2(alone.col(0) == bigY.col(b).head(outputSize(s)), qPrintable(QString::number(b)));
            }
        }
    }

    void weightGradientMatchesTheReference_data() { matchesTheReference_data(); }
    void weightGradientMatchesTheReference()
    {
        const core::ConvolutionKernel* kernel = kernelOfRow();
        if (!kernel)
            QSKIP("this machine cannot run this kernel (no AVX-512, or not built in)");
        std::uint64_t seed = 50;
        for (const Case& c : cases())
            for (const long count : { std::min(c.samples, core::convolutionLanes), 5L }) {
                const ConvolutionShape& s = c.shape;
                const Matrix bigX = random(imageSize(s) + 3, count, seed++);
                const Matrix bigDY = random(outputSize(s) + 2, count, seed++);
                const long parameters = taps(s) * s.filters + s.filters;
                core::Vector partial = core::Vector::Constant(parameters + 4, 7.0f);
                kernel->weightGradient(s, bigX.data(), bigX.rows(), bigDY.data(), bigDY.rows(), count, partial.data());
                const Eigen::VectorXd expected = gradientReference(
                    s, bigX.topRows(imageSize(s)).cast<double>(), bigDY.topRows(outputSize(s)).cast<double>());
                const double terms = double(count * s.outHeight * s.outWidth);
                const double error = (partial.head(parameters).cast<double>() - expected).cwiseAbs().maxCoeff();
                QVERIFY2(error < 1e-6 * terms, qPrintable(QString("case %1: error %2").arg(seed).arg(error)));
                QVERIFY(partial.tail(4).isConstant(7.0f)); // nothing written past the gradients
            }
    }

    void everyLevelGivesTheSameBits()
    {
        const core::ConvolutionKernel* v4 = core::convolutionKernelOf(core::GemmLevel::X86_64_V4);
        if (!v4)
            QSKIP("this machine cannot run the v4 kernel");
        // Each output is bias + one multiply-add per tap in the same order whatever the packet and
        // register block, and likewise each weight gradient: the kernels differ in speed only.
        const core::ConvolutionKernel* built = core::convolutionKernelOf(core::GemmLevel::Built);
        std::uint64_t seed = 100;
        for (const Case& c : cases()) {
            const ConvolutionShape& s = c.shape;
            const Matrix parameters = random(taps(s) * s.filters + s.filters, 1, seed++);
            const Matrix X = random(imageSize(s), c.samples, seed++);
            Matrix fromBuilt(outputSize(s), c.samples), fromV4(outputSize(s), c.samples);
            const float* bias = parameters.data() + taps(s) * s.filters;
            built->forward(
                s, parameters.data(), bias, X.data(), X.rows(), c.samples, fromBuilt.data(), fromBuilt.rows());
            v4->forward(s, parameters.data(), bias, X.data(), X.rows(), c.samples, fromV4.data(), fromV4.rows());
            QVERIFY(fromBuilt == fromV4);
            // The weight gradients: each lane sums the positions in order, then the lanes in order.
            const long count = std::min(c.samples, core::convolutionLanes);
            const Matrix dY = random(outputSize(s), count, seed++);
            core::Vector gradientBuilt(parameters.size()), gradientV4(parameters.size());
            built->weightGradient(s, X.data(), X.rows(), dY.data(), dY.rows(), count, gradientBuilt.data());
            v4->weightGradient(s, X.data(), X.rows(), dY.data(), dY.rows(), count, gradientV4.data());
            QVERIFY(gradientBuilt == gradientV4);
        }
    }

    void poolCombinationsAreMaxPoolsOfTheCombinedImages()
    {
        // Output widths 14 (the MultiFashion LeNet), 16, 17, 6, 2 and 1: 16-, 8- and 4-lane vectors,
        // overlapping last vectors and scalars; odd heights and widths drop their last row or column.
        const core::ImageShape images[]
            = { { 10, 28, 28 }, { 3, 32, 32 }, { 1, 7, 34 }, { 2, 9, 13 }, { 1, 5, 5 }, { 2, 3, 2 } };
        const float a[] = { 0.5f, -1.0f, 0.0f }, b[] = { 0.25f, 1.0f, -0.5f };
        const core::ConvolutionKernel* built = core::convolutionKernelOf(core::GemmLevel::Built);
        const core::ConvolutionKernel* v4 = core::convolutionKernelOf(core::GemmLevel::X86_64_V4);
        std::uint64_t seed = 300;
        for (const core::ImageShape& image : images) {
            const Index samples = 3, ld = image.size() + 5;
            const Matrix p0 = quarterSteps(ld, samples, seed++), p1 = quarterSteps(ld, samples, seed++),
                         p2 = quarterSteps(ld, samples, seed++);
            const core::MaxPool2d pool(image, 2);
            const auto run = [&](const core::ConvolutionKernel& kernel) {
                std::vector<Matrix> pooled(3, Matrix::Constant(pool.outputSize() + 3, samples, 9.0f));
                float* outputs[] = { pooled[0].data(), pooled[1].data(), pooled[2].data() };
                kernel.poolCombinations({ image.channels, image.height, image.width, p0.data(), p1.data(), p2.data(),
                    ld, samples, a, b, 3, outputs, pooled[0].rows() });
                return pooled;
            };
            const std::vector<Matrix> fromBuilt = run(*built);
            for (std::size_t k = 0; k < 3; ++k)
                for (Index j = 0; j < samples; ++j) {
                    QVERIFY(fromBuilt[k].col(j).tail(3).isConstant(9.0f)); // nothing past a sample's outputs
                    const auto column = fromBuilt[k].col(j).head(pool.outputSize());
                    const Combination combined { p0.col(j).data(), p1.col(j).data(), p2.col(j).data(), a[k], b[k] };
                    MTW_COMPARE_VECTORS(column, combinedPoolInDouble(image, combined), 1e-6, 0);
                    // The same bits as the layer's own pool of the same pixels (the evaluator's
                    // path for other pools).
                    QVERIFY(sameBits(column, layerPoolOf(pool, combined)));
                }
            if (v4) {
                const std::vector<Matrix> fromV4 = run(*v4);
                for (std::size_t k = 0; k < 3; ++k)
                    QVERIFY(sameBits(fromBuilt[k], fromV4[k]));
            }
        }
    }

    void theActiveKernelFollowsTheGemm()
    {
        QCOMPARE(&core::activeConvolutionKernel(), core::convolutionKernelOf(core::activeGemmLevel()));
    }
};

QTEST_GUILESS_MAIN(TestConvolutionKernel)
#include "tst_convolution_kernel.moc"

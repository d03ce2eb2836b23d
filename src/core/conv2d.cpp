#include "core/conv2d.h"

#include "core/parallel_gemm.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mtw::core {

namespace {
// Samples per im2col buffer (fixed, so results do not depend on the batch split).
constexpr Index chunk = 64;
} // namespace

Conv2d::Conv2d(ImageShape input, Index filters, Index kernel, Index stride, Index padding)
    : m_input(input)
    , m_filters(filters)
    , m_kernel(kernel)
    , m_stride(stride)
    , m_padding(padding)
{
    if (filters < 1 || kernel < 1 || stride < 1 || padding < 0 || input.channels < 1)
        throw std::invalid_argument("Conv2d: filters, kernel and stride must be >= 1 and padding >= 0");
    const Index h = input.height + 2 * padding - kernel;
    const Index w = input.width + 2 * padding - kernel;
    if (h < 0 || w < 0)
        throw std::invalid_argument("Conv2d: kernel larger than the padded input");
    m_outHeight = h / stride + 1;
    m_outWidth = w / stride + 1;
}

void Conv2d::initialize(Scalar* params, Rng& rng) const
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(patchSize()));
    for (Index i = 0; i < parameterCount(); ++i)
        params[i] = static_cast<Scalar>(rng.uniform(-bound, bound));
}

void Conv2d::im2col(const Eigen::Ref<const Matrix>& X, Matrix& col) const
{
    const Index P = m_outHeight * m_outWidth;
    const Index H = m_input.height, W = m_input.width, k = m_kernel;
    col.resize(patchSize(), X.cols() * P);
    tbb::parallel_for(Index(0), X.cols(), [&](Index b) {
        const Scalar* image = X.col(b).data();
        for (Index oy = 0; oy < m_outHeight; ++oy)
            for (Index ox = 0; ox < m_outWidth; ++ox) {
                Scalar* patch = col.col(b * P + oy * m_outWidth + ox).data();
                for (Index c = 0; c < m_input.channels; ++c)
                    for (Index ky = 0; ky < k; ++ky) {
                        const Index y = oy * m_stride + ky - m_padding;
                        for (Index kx = 0; kx < k; ++kx) {
                            const Index x = ox * m_stride + kx - m_padding;
                            const bool inside = y >= 0 && y < H && x >= 0 && x < W;
                            patch[(c * k + ky) * k + kx] = inside ? image[(c * H + y) * W + x] : Scalar(0);
                        }
                    }
            }
    });
}

void Conv2d::gatherDeltas(const Eigen::Ref<const Matrix>& dY, Matrix& dOut) const
{
    const Index P = m_outHeight * m_outWidth;
    dOut.resize(m_filters, dY.cols() * P);
    tbb::parallel_for(Index(0), dY.cols(), [&](Index j) {
        for (Index f = 0; f < m_filters; ++f)
            for (Index q = 0; q < P; ++q)
                dOut(f, j * P + q) = dY(f * P + q, j);
    });
}

void Conv2d::forward(const Scalar* params, const Matrix& X, Matrix& Y) const
{
    // Samples in fixed chunks bound the im2col buffer (k^2 times the input) whatever the batch.
    const Index P = m_outHeight * m_outWidth;
    ConstMatrixMap Wt(params, patchSize(), m_filters);
    ConstVectorMap bias(params + patchSize() * m_filters, m_filters);
    Y.resize(outputSize(), X.cols());
    Matrix col, out;
    for (Index start = 0; start < X.cols(); start += chunk) {
        const Index count = std::min(chunk, X.cols() - start);
        im2col(X.middleCols(start, count), col);
        out.resize(m_filters, col.cols());
        gemm(out, Wt, Transpose::Yes, col, Transpose::No);
        tbb::parallel_for(Index(0), count, [&](Index b) {
            for (Index f = 0; f < m_filters; ++f)
                for (Index q = 0; q < P; ++q)
                    Y(f * P + q, start + b) = out(f, b * P + q) + bias(f);
        });
    }
}

void Conv2d::backwardInput(const Scalar* params, const Matrix&, const Matrix&, const Matrix& dY, Matrix& dX) const
{
    const Index P = m_outHeight * m_outWidth;
    const Index H = m_input.height, W = m_input.width, k = m_kernel;
    ConstMatrixMap Wt(params, patchSize(), m_filters);
    dX.setZero(inputSize(), dY.cols());
    Matrix dOut, dcol;
    for (Index start = 0; start < dY.cols(); start += chunk) {
        const Index count = std::min(chunk, dY.cols() - start);
        gatherDeltas(dY.middleCols(start, count), dOut);
        dcol.resize(patchSize(), dOut.cols());
        gemm(dcol, Wt, Transpose::No, dOut, Transpose::No);
        // col2im: each patch entry adds back to the pixel it was read from (a fixed order per pixel).
        tbb::parallel_for(Index(0), count, [&](Index j) {
            Scalar* image = dX.col(start + j).data();
            for (Index oy = 0; oy < m_outHeight; ++oy)
                for (Index ox = 0; ox < m_outWidth; ++ox) {
                    const Scalar* patch = dcol.col(j * P + oy * m_outWidth + ox).data();
                    for (Index c = 0; c < m_input.channels; ++c)
                        for (Index ky = 0; ky < k; ++ky) {
                            const Index y = oy * m_stride + ky - m_padding;
                            if (y < 0 || y >= H)
                                continue;
                            for (Index kx = 0; kx < k; ++kx) {
                                const Index x = ox * m_stride + kx - m_padding;
                                if (x >= 0 && x < W)
                                    image[(c * H + y) * W + x] += patch[(c * k + ky) * k + kx];
                            }
                        }
                }
        });
    }
}

void Conv2d::parameterGradient(const Scalar*, const Matrix& X, const Matrix& dY, Scalar* dParams) const
{
    MatrixMap dWt(dParams, patchSize(), m_filters);
    VectorMap dBias(dParams + patchSize() * m_filters, m_filters);
    dWt.setZero();
    dBias.setZero();
    Matrix col, dOut;
    for (Index start = 0; start < X.cols(); start += chunk) {
        const Index count = std::min(chunk, X.cols() - start);
        im2col(X.middleCols(start, count), col);
        gatherDeltas(dY.middleCols(start, count), dOut);
        gemm(dWt, col, Transpose::No, dOut, Transpose::Yes, Scalar(1), Scalar(1));
        dBias += dOut.rowwise().sum();
    }
}

void Conv2d::jacobianRows(const Scalar*, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const
{
    // One im2col per sample chunk serves all tasks: dW_t^T += col dOut_t^T.
    const Index batch = X.cols();
    std::vector<Matrix> gradients(static_cast<std::size_t>(tasks), Matrix::Zero(patchSize(), m_filters));
    std::vector<Vector> biases(static_cast<std::size_t>(tasks), Vector::Zero(m_filters));
    Matrix col, dOut;
    for (Index start = 0; start < batch; start += chunk) {
        const Index count = std::min(chunk, batch - start);
        im2col(X.middleCols(start, count), col);
        for (Index t = 0; t < tasks; ++t) {
            gatherDeltas(dYstack.middleCols(t * batch + start, count), dOut);
            gemm(
                gradients[static_cast<std::size_t>(t)], col, Transpose::No, dOut, Transpose::Yes, Scalar(1), Scalar(1));
            biases[static_cast<std::size_t>(t)] += dOut.rowwise().sum();
        }
    }
    for (Index t = 0; t < tasks; ++t) {
        const Matrix& gradient = gradients[static_cast<std::size_t>(t)];
        for (Index i = 0; i < gradient.size(); ++i)
            J[t + i * ld] = gradient.data()[i];
        for (Index f = 0; f < m_filters; ++f)
            J[t + (gradient.size() + f) * ld] = biases[static_cast<std::size_t>(t)](f);
    }
}

void Conv2d::filterRange(Index filter, std::vector<Index>& indices) const
{
    indices.clear();
    for (Index j = 0; j < patchSize(); ++j)
        indices.push_back(filter * patchSize() + j);
    indices.push_back(patchSize() * m_filters + filter);
}

} // namespace mtw::core

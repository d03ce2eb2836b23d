#pragma once
// A layer of a feed-forward network: forward/backward over a slice of one flat parameter vector
// (the mlpack `Forward`/`Backward`/`Gradient` pattern). Layers hold no activations, so one
// layer object is safely shared by threads; the caller keeps inputs and outputs.
//
// Stacked deltas: backward and the per-task products take dY with k * B columns (k tasks' deltas
// side by side for the same input X with B columns). Everything the multi-task engine needs per
// layer -- input gradients for all tasks in one GEMM, per-task parameter gradients (rows of the
// task Jacobian) or only their Gramian -- works on that stacked layout.
#include "core/rng.h"
#include "core/tensor.h"

#include <Eigen/Dense>
#include <string>

namespace mtw::core {

class Layer {
public:
    virtual ~Layer() = default;
    virtual std::string name() const = 0;
    virtual Index inputSize() const = 0;
    virtual Index outputSize() const = 0;
    virtual Index parameterCount() const { return 0; }
    virtual void initialize(Scalar* /*params*/, Rng& /*rng*/) const { }

    // Y = f(X); Y is resized.
    virtual void forward(const Scalar* params, const Matrix& X, Matrix& Y) const = 0;

    // dX = dL/dX for stacked deltas dY (k * X.cols() columns); dX is resized.
    virtual void backwardInput(
        const Scalar* params, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const = 0;
    // Whether backwardInput may be given the same matrix as dY and dX: each entry of dX from the
    // same entry of dY alone (element-wise activations).
    virtual bool backwardInPlace() const { return false; }

    // dParams = dL/dparams for one delta dY (same columns as X); overwrites parameterCount() values.
    virtual void parameterGradient(
        const Scalar* /*params*/, const Matrix& /*X*/, const Matrix& /*dY*/, Scalar* /*dParams*/) const
    {
    }

    // Rows of the task Jacobian: row t of J (T x parameterCount(), J's leading dimension ld) gets
    // the parameter gradient for task t's delta, block t of the stacked dY.
    virtual void jacobianRows(
        const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const;

    // G(s, t) += <grad_s, grad_t> over this layer's parameters, without forming the gradients
    // where a cheaper route exists (Linear: the B x B input kernel).
    virtual void accumulateGramian(
        const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Eigen::MatrixXd& G) const;
    // Whether accumulateGramian forms the Jacobian rows (the default): then a caller that also
    // needs a combination of the task gradients can keep the rows and skip another pass.
    virtual bool gramianFormsJacobianRows() const { return parameterCount() > 0; }
    // G += rows rows^T, in float per entry and added in double (the default accumulateGramian's).
    static void addGramianOfRows(const Matrix& rows, Eigen::MatrixXd& G);

    // Whether forward(params, X) is linear in params for a fixed X (Linear and Conv2d: W X + b 1^T):
    // then the output at theta0 + a d1 + b d2 is forward(theta0) + a forward(d1) + b forward(d2),
    // which the factored landscape evaluator precomputes once per plane.
    virtual bool outputLinearInParameters() const { return false; }

    // Groups of parameters treated as one "filter" for filter-normalized directions
    // (Li et al. 2018): by default the whole layer is one group.
    virtual Index filterCount() const { return parameterCount() > 0 ? 1 : 0; }
    // Offsets (relative to the layer) of each filter's parameters, as [begin, end) pairs per entry.
    virtual void filterRange(Index filter, std::vector<Index>& indices) const;
};

} // namespace mtw::core

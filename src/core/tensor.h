#pragma once
// Numeric types of the compute core. Model data is single precision (the speed of float GEMM);
// Gramians, solvers and diagnostics use double (Eigen::VectorXd / MatrixXd) for exactness.
// Activations are stored features x batch (column-major): one sample per contiguous column.
#include <Eigen/Dense>

namespace mtw::core {

using Scalar = float;
using Index = Eigen::Index;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<Vector>;
using ConstVectorMap = Eigen::Map<const Vector>;

} // namespace mtw::core

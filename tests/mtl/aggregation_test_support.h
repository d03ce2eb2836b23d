#pragma once
// Shared helpers of the gradient-aggregation tests: seeded random Jacobians and Gramians.
#include "core/rng.h"

#include <Eigen/Dense>

namespace mtw::test {

inline Eigen::MatrixXd randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal();
    return m;
}

// G = J J^T for a random T x P Jacobian (rank-deficient when P < T).
inline Eigen::MatrixXd randomGramian(Eigen::Index tasks, Eigen::Index params, std::uint64_t seed)
{
    const Eigen::MatrixXd J = randomMatrix(tasks, params, seed);
    return J * J.transpose();
}

} // namespace mtw::test

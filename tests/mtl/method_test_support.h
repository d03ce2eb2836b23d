#pragma once
// Helpers shared by the method tests: run a method once on a given Jacobian and return the
// direction d (J^T w for weighted methods), as the engine would.
#include "mtl/method_registry.h"

#include <Eigen/Dense>

namespace mtw::test {

struct MethodResult {
    Eigen::VectorXd weights;
    Eigen::VectorXd direction; // double for the checks
    mtl::MethodOutput raw;
};

inline Eigen::VectorXd directionOf(const Eigen::MatrixXd& J, const mtl::MethodOutput& out)
{
    if (out.hasDirection)
        return out.direction.cast<double>();
    return J.transpose() * out.weights;
}

inline MethodResult runMethod(mtl::Method& method, const Eigen::MatrixXd& J, const Eigen::VectorXd& losses,
    std::uint64_t seed = 7, long long step = 0)
{
    const Eigen::MatrixXd G = J * J.transpose();
    const core::Matrix Jf = J.cast<core::Scalar>();
    core::Rng rng(seed);
    mtl::MethodInput input { G, losses, method.needsJacobian() ? &Jf : nullptr, step, 0, step == 0, rng };
    MethodResult result;
    method.compute(input, result.raw);
    result.weights = result.raw.weights;
    result.direction = directionOf(J, result.raw);
    return result;
}

inline MethodResult runMethod(const std::string& id, const std::map<std::string, core::ParameterValue>& params,
    const Eigen::MatrixXd& J, Eigen::VectorXd losses = {}, std::uint64_t seed = 7)
{
    if (losses.size() == 0)
        losses = Eigen::VectorXd::Ones(J.rows());
    auto method = mtl::MethodRegistry::instance().create(id, params, static_cast<int>(J.rows()));
    return runMethod(*method, J, losses, seed);
}

} // namespace mtw::test

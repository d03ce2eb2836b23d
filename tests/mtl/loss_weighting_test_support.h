#pragma once
// Helpers for the loss-weighting tests: drive one method through a sequence of steps (each with
// its own Jacobian, losses and epoch), as the engine would, keeping the method's state between
// steps.
#include "mtl/method_registry.h"

#include <Eigen/Dense>
#include <map>
#include <memory>
#include <string>

namespace mtw::test {

struct LossWeightingStep {
    Eigen::MatrixXd J;
    Eigen::VectorXd losses;
    int epoch = 0;
};

inline std::unique_ptr<mtl::Method> makeMethod(
    const std::string& id, int tasks, const std::map<std::string, core::ParameterValue>& params = {})
{
    return mtl::MethodRegistry::instance().create(id, params, tasks);
}

// Runs one step; the Jacobian is handed over only when the method asks for it.
inline mtl::MethodOutput runStep(mtl::Method& method, const LossWeightingStep& step, long long index = 0)
{
    const Eigen::MatrixXd G = step.J * step.J.transpose();
    const core::Matrix Jf = step.J.cast<core::Scalar>();
    core::Rng rng(3);
    mtl::MethodInput input { G, step.losses, method.needsJacobian() ? &Jf : nullptr, index, step.epoch, false, rng };
    mtl::MethodOutput output;
    method.compute(input, output);
    return output;
}

inline mtl::MethodOutput runStep(
    mtl::Method& method, const Eigen::MatrixXd& J, const Eigen::VectorXd& losses, int epoch = 0)
{
    return runStep(method, LossWeightingStep { J, losses, epoch });
}

inline Eigen::VectorXd vec(std::initializer_list<double> values)
{
    Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (double x : values)
        v(i++) = x;
    return v;
}

} // namespace mtw::test

#pragma once
// Problems with known answers for the analysis tests: a quadratic analytic problem (Hessians,
// gradients and look-ahead losses in closed form) and a small hard-sharing network on random
// data (a classification and a regression task, two chunks of the evaluation subset).
#include "core/activation.h"
#include "core/conv2d.h"
#include "core/linear.h"
#include "core/max_pool2d.h"
#include "core/rng.h"
#include "problem/analytic_problem.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"

#include <memory>

namespace mtw::test {

// L_t(x) = 0.5 x^T A_t x + b_t^T x + c_t, A_t symmetric.
class QuadraticProblem final : public problem::AnalyticProblem {
public:
    QuadraticProblem(std::vector<Eigen::MatrixXd> A, std::vector<Eigen::VectorXd> b, std::vector<double> c)
        : m_A(std::move(A))
        , m_b(std::move(b))
        , m_c(std::move(c))
    {
        for (std::size_t t = 0; t < m_A.size(); ++t) {
            // Appending (not "q" + ...) avoids GCC 12's false -Wrestrict on string operator+.
            std::string name = "q";
            name += std::to_string(t);
            m_tasks.push_back({ name, problem::TaskKind::Analytic, 0 });
        }
    }
    std::string name() const override { return "quadratic"; }
    const Eigen::MatrixXd& hessian(int task) const { return m_A[static_cast<std::size_t>(task)]; }
    const std::vector<problem::TaskInfo>& tasks() const override { return m_tasks; }
    core::Index parameterCount() const override { return m_A.front().rows(); }
    core::Vector initialParameters(core::Rng&) const override { return core::Vector::Zero(parameterCount()); }
    void value(const Eigen::VectorXd& x, Eigen::VectorXd& losses, Eigen::MatrixXd* jacobian) const override
    {
        const Eigen::Index T = static_cast<Eigen::Index>(m_A.size());
        losses.resize(T);
        if (jacobian)
            jacobian->resize(T, x.size());
        for (Eigen::Index t = 0; t < T; ++t) {
            const std::size_t k = static_cast<std::size_t>(t);
            losses(t) = 0.5 * x.dot(m_A[k] * x) + m_b[k].dot(x) + m_c[k];
            if (jacobian)
                jacobian->row(t) = (m_A[k] * x + m_b[k]).transpose();
        }
    }
    const Eigen::MatrixXd& A(int t) const { return m_A[static_cast<std::size_t>(t)]; }
    const Eigen::VectorXd& b(int t) const { return m_b[static_cast<std::size_t>(t)]; }
    double c(int t) const { return m_c[static_cast<std::size_t>(t)]; }

private:
    std::vector<Eigen::MatrixXd> m_A;
    std::vector<Eigen::VectorXd> m_b;
    std::vector<double> m_c;
    std::vector<problem::TaskInfo> m_tasks;
};

// 2 tasks (3-class classification, 2-output regression) on `samples` random inputs of `inputs`
// features.
inline std::shared_ptr<data::MultiTaskDataset> makeTestData(int samples, int inputs)
{
    core::Rng rng(7);
    auto data = std::make_shared<data::MultiTaskDataset>();
    data->name = "random";
    data->features.resize(inputs, samples);
    for (Eigen::Index i = 0; i < data->features.size(); ++i)
        data->features.data()[i] = static_cast<core::Scalar>(rng.normal());
    data::TaskTargets classes;
    classes.name = "classes";
    classes.kind = data::TargetKind::Classification;
    classes.classCount = 3;
    data::TaskTargets values;
    values.name = "values";
    values.kind = data::TargetKind::Regression;
    values.values.resize(2, samples);
    for (int s = 0; s < samples; ++s) {
        const float x0 = data->features(0, s), x1 = data->features(1, s);
        classes.labels.push_back(x0 + 0.5f * x1 > 0.3f ? 0 : (x0 - x1 > 0 ? 1 : 2));
        values.values(0, s) = x0 * x1 + 0.1f * static_cast<float>(rng.normal());
        values.values(1, s) = x0 - 2 * x1;
    }
    data->tasks = { classes, values };
    for (int s = 0; s < samples; ++s)
        data->train.push_back(s);
    return data;
}

// makeTestData's tasks with a trunk inputs -> 16 -> 12 (ReLU) and linear heads.
inline std::unique_ptr<problem::HardSharingNetwork> makeTestNetwork(
    int samples = 1500, int inputs = 20, int evaluationSamples = 1500, const std::string& activation = "relu")
{
    auto data = makeTestData(samples, inputs);
    core::Sequential trunk = problem::buildMlp(inputs, { 16, 12 }, activation);
    std::vector<core::Sequential> heads;
    heads.push_back(problem::buildHead(12, {}, activation, 3));
    heads.push_back(problem::buildHead(12, {}, activation, 2));
    return std::make_unique<problem::HardSharingNetwork>(
        "test-network", data, std::move(trunk), std::move(heads), 64, evaluationSamples);
}

// makeTestData's tasks on 1 x 4 x 17 "images" (68 features) with a convolutional trunk: conv
// 1 -> 16 filters k 2 (16 x 3 x 16 = 768 outputs per sample: wide enough that the factored
// landscape evaluator splits a chunk into blocks) - max-pool 2 (rows of 8 outputs: the pool's
// vector path, fused with the evaluator's combination) - ReLU - linear -> 12 - ReLU, linear heads.
inline std::unique_ptr<problem::HardSharingNetwork> makeTestConvNetwork(
    int samples = 1500, int evaluationSamples = 1500)
{
    auto data = makeTestData(samples, 68);
    data->channels = 1;
    data->height = 4;
    data->width = 17;
    auto conv = std::make_unique<core::Conv2d>(core::ImageShape { 1, 4, 17 }, 16, 2);
    auto pool = std::make_unique<core::MaxPool2d>(conv->outputShape(), 2);
    const core::Index pooled = pool->outputShape().size();
    core::Sequential trunk;
    trunk.add(std::move(conv));
    trunk.add(std::move(pool));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, pooled));
    trunk.add(std::make_unique<core::Linear>(pooled, 12));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, 12));
    std::vector<core::Sequential> heads;
    heads.push_back(problem::buildHead(12, {}, "relu", 3));
    heads.push_back(problem::buildHead(12, {}, "relu", 2));
    return std::make_unique<problem::HardSharingNetwork>(
        "test-conv-network", data, std::move(trunk), std::move(heads), 64, evaluationSamples);
}

} // namespace mtw::test

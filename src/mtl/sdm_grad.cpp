#include "mtl/sdm_grad.h"

#include "mtl/method_state_io.h"
#include "mtl/solvers/simplex_projection.h"

namespace mtw::mtl {

namespace {
constexpr double kMomentum = 0.5; // LibMTL's torch.optim.SGD(momentum=0.5)
} // namespace

SdmGrad::SdmGrad(double lambda, int iterations, double learningRate, int taskCount)
    : m_lambda(lambda)
    , m_iterations(iterations)
    , m_learningRate(learningRate)
    , m_w(VectorXd::Constant(taskCount, 1.0 / taskCount))
{
}

void SdmGrad::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    if (m_w.size() != tasks)
        m_w = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));
    const double scale = G.diagonal().cwiseMax(0.0).cwiseSqrt().mean();
    const MatrixXd A = G / (scale * scale + 1e-8);
    const VectorXd target = VectorXd::Constant(tasks, m_lambda / static_cast<double>(tasks));

    VectorXd momentum;
    for (int iteration = 0; iteration < m_iterations; ++iteration) {
        const VectorXd grad = A * (m_w + target);
        if (iteration == 0)
            momentum = grad;
        else
            momentum = kMomentum * momentum + grad;
        m_w = solvers::projectOntoSimplex(m_w - m_learningRate * momentum);
    }
    output.weights = (m_w + target) / (1.0 + m_lambda);
}

MethodState SdmGrad::state() const
{
    MethodState state;
    putVector(state, "w", m_w);
    return state;
}

void SdmGrad::setState(const MethodState& state)
{
    m_w = takeVector(state, "w", m_w.size());
}

} // namespace mtw::mtl

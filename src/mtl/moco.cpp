#include "mtl/moco.h"

#include "mtl/solvers/simplex_projection.h"

#include <cmath>
#include <stdexcept>

namespace mtw::mtl {

Moco::Moco(const Options& options, int taskCount)
    : m_options(options)
    , m_lambda(VectorXd::Constant(taskCount, 1.0 / taskCount)) { }

void Moco::compute(const MethodInput& input, MethodOutput& output) {
    if (!input.jacobian)
        throw std::invalid_argument("MoCo needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const Eigen::Index tasks = J.rows();
    if (m_y.rows() != tasks || m_y.cols() != J.cols()) {
        m_y = MatrixXd::Zero(tasks, J.cols());
        m_lambda = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));
        m_step = 0;
    }
    ++m_step;
    const double k = static_cast<double>(m_step);
    const double betaStep = m_options.beta / std::pow(k, m_options.betaSigma);
    const double gammaStep = m_options.gamma / std::pow(k, m_options.gammaSigma);

    for (Eigen::Index t = 0; t < tasks; ++t) {
        const Eigen::VectorXd g = J.row(t).transpose().cast<double>();
        const double scale = m_options.normalizeGradients ? input.losses(t) / (g.norm() + 1e-8) : 1.0;
        m_y.row(t) -= betaStep * (m_y.row(t) - scale * g.transpose());
    }
    MatrixXd YYt = m_y * m_y.transpose();
    YYt.diagonal().array() += m_options.rho;
    const VectorXd moved = m_lambda - gammaStep * (YYt * m_lambda);
    if (m_options.projectLambda) {
        m_lambda = solvers::projectOntoSimplex(moved);
    } else {
        const VectorXd e = (moved.array() - moved.maxCoeff()).exp();
        m_lambda = e / e.sum();
    }

    output.weights = m_lambda;
    output.direction = (m_y.transpose() * m_lambda).cast<core::Scalar>();
    output.hasDirection = true;
}

MethodState Moco::state() const {
    MethodState s;
    s["step"] = { static_cast<double>(m_step) };
    s["shape"] = { static_cast<double>(m_y.rows()), static_cast<double>(m_y.cols()) };
    s["y"] = std::vector<double>(m_y.data(), m_y.data() + m_y.size());
    s["lambda"] = std::vector<double>(m_lambda.data(), m_lambda.data() + m_lambda.size());
    return s;
}

void Moco::setState(const MethodState& state) {
    for (const char* key : { "step", "shape", "y", "lambda" })
        if (!state.count(key))
            throw std::invalid_argument(std::string("MoCo state needs '") + key + "'");
    const std::vector<double>& shape = state.at("shape");
    if (shape.size() != 2 || shape[0] < 0 || shape[1] < 0)
        throw std::invalid_argument("MoCo state 'shape' must be [T, P]");
    const auto rows = static_cast<Eigen::Index>(shape[0]);
    const auto cols = static_cast<Eigen::Index>(shape[1]);
    const std::vector<double>& y = state.at("y");
    const std::vector<double>& lambda = state.at("lambda");
    if (static_cast<Eigen::Index>(y.size()) != rows * cols)
        throw std::invalid_argument("MoCo state 'y' must hold T x P values");
    if (static_cast<Eigen::Index>(lambda.size()) != rows && rows != 0)
        throw std::invalid_argument("MoCo state 'lambda' must hold T values");
    m_step = static_cast<long long>(state.at("step").at(0));
    m_y = Eigen::Map<const MatrixXd>(y.data(), rows, cols);
    m_lambda = Eigen::Map<const VectorXd>(lambda.data(), static_cast<Eigen::Index>(lambda.size()));
}

} // namespace mtw::mtl

#include "mtl/moco.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_runs.h"

#include "mtl/method_state_io.h"
#include "mtl/solvers/simplex_projection.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace mtw::mtl {

Moco::Moco(const Options& options, int taskCount)
    : m_options(options)
    , m_lambda(VectorXd::Constant(taskCount, 1.0 / taskCount))
{
}

void Moco::compute(const MethodInput& input, MethodOutput& output)
{
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

    // J and Y are T x P column-major: every pass goes along the columns (a parameter's tasks side by
    // side) in flat runs (jacobian_runs.h), in fixed groups whose partial sums are added in order
    // (the same bits on any thread count).
    VectorXd scale = VectorXd::Ones(tasks);
    if (m_options.normalizeGradients) {
        const VectorXd squares
            = sumPerTask(tasks, J.cols(), [&](Eigen::Index offset, Eigen::Index length, double* out) {
                  Eigen::Map<Eigen::ArrayXd>(out, length) = runOf(J, offset, length).cast<double>().square();
              });
        scale = input.losses.array() / (squares.array().sqrt() + 1e-8);
    }
    // y_t <- y_t - beta (y_t - scale_t g_t), and Y Y^T from the updated columns.
    const Eigen::ArrayXd tiledScale = tiledOverRun<double>(scale);
    MatrixXd YYt = core::sumOverFixedGroups(J.cols(), jacobianColumnGroup, MatrixXd(MatrixXd::Zero(tasks, tasks)),
        [&](Eigen::Index begin, Eigen::Index end) -> MatrixXd {
            forRuns(tasks, begin, end, [&](Eigen::Index offset, Eigen::Index length) {
                auto y = runOf(m_y, offset, length);
                y -= betaStep * (y - tiledScale.head(length) * runOf(J, offset, length).cast<double>());
            });
            const auto y = m_y.middleCols(begin, end - begin);
            return y * y.transpose();
        });
    YYt.diagonal().array() += m_options.rho;
    const VectorXd moved = m_lambda - gammaStep * (YYt * m_lambda);
    if (m_options.projectLambda) {
        m_lambda = solvers::projectOntoSimplex(moved);
    } else {
        const VectorXd e = (moved.array() - moved.maxCoeff()).exp();
        m_lambda = e / e.sum();
    }

    output.weights = m_lambda;
    output.direction.resize(J.cols());
    core::forFixedGroups(J.cols(), jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        output.direction.segment(begin, end - begin)
            = (m_y.middleCols(begin, end - begin).transpose() * m_lambda).cast<core::Scalar>();
    });
    output.hasDirection = true;
}

MethodState Moco::state() const
{
    MethodState state;
    putScalar(state, "step", static_cast<double>(m_step));
    state["shape"] = { static_cast<double>(m_y.rows()), static_cast<double>(m_y.cols()) };
    putMatrix(state, "y", m_y);
    putVector(state, "lambda", m_lambda);
    return state;
}

void Moco::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_lambda.size();
    const std::vector<double>& shape = stateEntry(state, "shape", 2);
    // Y is empty before the first step and T x P after it.
    if (!((shape[0] == 0.0 && shape[1] == 0.0) || (shape[0] == static_cast<double>(tasks) && shape[1] >= 0.0)))
        throw std::invalid_argument("method state 'shape' is not [0, 0] or [" + std::to_string(tasks) + ", P]");
    const auto step = static_cast<long long>(takeScalar(state, "step"));
    MatrixXd y = takeMatrix(state, "y", static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
    VectorXd lambda = takeVector(state, "lambda", tasks);
    m_step = step;
    m_y = std::move(y);
    m_lambda = std::move(lambda);
}

} // namespace mtw::mtl

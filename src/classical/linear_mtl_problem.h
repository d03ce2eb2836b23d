#pragma once
// Regularized linear multi-task regression (Zhang & Yang 2021, "A Survey on Multi-Task Learning",
// TKDE, the regularized linear formulation with its feature-learning and low-rank regularizers;
// Baytas et al. 2016, "Asynchronous Multi-Task Learning", ICDM, its problem statement):
//   min_W F(W) = sum_t l_t(w_t) + lambda Omega(W),   l_t(w) = 1/(2 n_t) ||X_t w - y_t||^2,
// with W = [w_1 .. w_T] (d x T, one column per task), X_t (n_t x d) and y_t (n_t) the task's own
// samples (n_t may differ between tasks) and Omega the trace norm ||W||_* (a shared low-rank
// subspace, trace_norm.h) or the l2,1 norm ||W||_{2,1} (shared feature selection, l21_norm.h).
//
// The loss is separable over the columns, so its gradient is column by column,
//   grad l_t(w) = X_t^T (X_t w - y_t) / n_t,
// with Lipschitz constant L_t = lambda_max(X_t^T X_t) / n_t; the gradient of sum_t l_t in W is
// Lipschitz with L = max_t L_t (lipschitz()), so 1/L is the proximal gradient step.
// Optimality is measured by the prox-gradient residual ||W - prox_{eta lambda Omega}(W - eta
// grad f(W))||_F / eta, which is zero exactly at a minimiser.
//
// Parameters: the tasks (at least one, each with n_t >= 1 samples and the same d >= 1), the
// regularizer (no default) and lambda >= 0 (no default). Task losses are evaluated in parallel
// over tasks (oneTBB) and summed in task order, so results do not depend on the thread count.
#include <Eigen/Dense>

#include <optional>
#include <string>
#include <vector>

namespace mtw::classical {

enum class Regularizer { TraceNorm, L21 };

const char* regularizerName(Regularizer regularizer); // "trace", "l21"
std::optional<Regularizer> parseRegularizer(const std::string& name);

struct LinearTask {
    Eigen::MatrixXd x; // n_t x d
    Eigen::VectorXd y; // n_t
};

class LinearMtlProblem {
public:
    // Throws std::invalid_argument naming the task and the field when the data are inconsistent.
    LinearMtlProblem(std::vector<LinearTask> tasks, Regularizer regularizer, double lambda);

    int taskCount() const { return static_cast<int>(m_tasks.size()); }
    Eigen::Index features() const { return m_tasks.front().x.cols(); }
    const LinearTask& task(int t) const { return m_tasks[static_cast<std::size_t>(t)]; }
    Regularizer regularizer() const { return m_regularizer; }
    double lambda() const { return m_lambda; }

    double taskLoss(int t, const Eigen::Ref<const Eigen::VectorXd>& w) const;
    void taskGradient(int t, const Eigen::Ref<const Eigen::VectorXd>& w, Eigen::Ref<Eigen::VectorXd> out) const;
    double loss(const Eigen::MatrixXd& w) const; // sum_t l_t(w_t)
    void gradient(const Eigen::MatrixXd& w, Eigen::MatrixXd& out) const;
    double regularizerValue(const Eigen::MatrixXd& w) const; // Omega(W), without lambda
    double objective(const Eigen::MatrixXd& w) const; // F(W)
    // out = prox_{step lambda Omega}(v); out may not alias v.
    void prox(const Eigen::MatrixXd& v, double step, Eigen::MatrixXd& out) const;

    double taskLipschitz(int t) const { return m_taskLipschitz[static_cast<std::size_t>(t)]; }
    double lipschitz() const { return m_lipschitz; } // max_t L_t
    // ||W - prox(W - step grad f(W))||_F / step.
    double residual(const Eigen::MatrixXd& w, double step) const;

private:
    std::vector<LinearTask> m_tasks;
    Regularizer m_regularizer;
    double m_lambda;
    std::vector<double> m_taskLipschitz;
    double m_lipschitz = 0;
};

} // namespace mtw::classical

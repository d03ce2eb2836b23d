#pragma once
// Curvature factors of a task loss L_t (task >= 0) or of the total L = sum_t L_t (task = -1),
// from exact gradients on a fixed sample set (TaskGradientOracle), in double.
//
//  * Hessian-vector product by central differences of gradients (Pearlmutter 1994 gives the
//    exact R-operator; we have no second-order backward, and the difference is exact for
//    quadratics and O(eps^2) otherwise):
//        H v ~ (g(theta + eps v) - g(theta - eps v)) / (2 eps),  |v| = 1.
//    eps is absolute (parameter units), default 1e-2 for the power iteration: network parameters
//    and gradients are float, so much smaller steps drown in rounding, and on ReLU networks a
//    small eps makes H v jumpy (activation patterns flip) so the quotient wanders by ~1%.
//  * Top Hessian eigenvalue (largest magnitude) by power iteration on H v (as PyHessian,
//    Yao et al. 2020, "PyHessian: Neural Networks Through the Lens of the Hessian", Alg. 1:
//    maxIterations = 100, relative tolerance 1e-3); the start vector is N(0, I) from Rng(seed).
//    Converged when the Rayleigh quotient changes by <= tolerance (relative) in two successive
//    iterations (a single small change can happen by chance early on), or when the quotients
//    settle into a 2-cycle (cycling = true; the larger-magnitude member is reported): on ReLU
//    networks the difference quotient is not linear in v where activation patterns flip.
//    On ReLU networks the difference quotient also sees activation patterns that flip within
//    +-eps, so lambda depends on eps there (the exact Hessian ignores the kinks).
//  * Top-k Hessian eigenvalues (largest magnitude) by the Lanczos method with full
//    reorthogonalization (Lanczos 1950; Golub & Van Loan, "Matrix Computations", 4th ed.,
//    Alg. 10.1.1 and section 10.3.1; PyHessian computes its eigenvalue density with it): j
//    Hessian-vector products build the tridiagonal T_j = Q_j^T H Q_j of the Krylov space of the
//    start vector, whose top eigenvalues (Ritz values) converge much faster than power iteration
//    when the top eigenvalues are close (the C - 1 outliers of a C-class network). Converged when
//    every wanted Ritz pair's residual |H y - theta y| = beta_j |e_j^T s| is <= tolerance |theta|.
//    A start vector (e.g. the previous measurement's eigenvector along a trajectory) replaces the
//    random one: a good start converges in a few products.
//  * SAM sharpness (Foret et al. 2021, ICLR, "Sharpness-Aware Minimization", Eq. 2 with the
//    first-order maximiser eps* = rho g / |g|, Eq. 3): L(theta + rho g/|g|) - L(theta), rho 0.05.
//  * Mean task cosine: mean pairwise cosine of the task gradients over all parameters,
//    cos(g_s, g_t) averaged over s < t (0 for a single task; a pair with a zero gradient counts 0).
//    Not the gradient coherence of Chatterjee & Zielinski 2020, which is over per-example
//    gradients of one loss (analysis/gradient_factors.h).
#include "analysis/task_gradient_oracle.h"

#include <cstdint>

namespace mtw::analysis {

struct CurvatureOptions {
    int maxIterations = 100;
    double tolerance = 1e-3;
    double epsilon = 1e-2;
    std::uint64_t seed = 0;
    Eigen::VectorXd start; // Lanczos: start vector (empty: N(0, I) from Rng(seed))
    // Lanczos: forward differences H v ~ (g(theta + eps v) - g(theta)) / eps reuse g(theta), one
    // gradient per product instead of two; error <= (eps / 2) sup |D^3 L| (central: eps^2 / 6
    // sup |D^4 L|), and the quotient is not exactly symmetric, which Lanczos tolerates.
    bool forwardDifference = false;
};

struct HessianSpectrum {
    Eigen::VectorXd eigenvalues; // k, by decreasing magnitude
    Eigen::MatrixXd eigenvectors; // P x k, unit columns (the Ritz vectors)
    int products = 0; // Hessian-vector products used
    bool converged = false;
};

struct HessianEigen {
    double eigenvalue = 0;
    Eigen::VectorXd eigenvector; // unit norm
    int iterations = 0;
    bool converged = false;
    bool cycling = false; // converged to a 2-cycle (non-smooth loss within +-eps)
};

Eigen::VectorXd hessianVectorProduct(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task,
    const Eigen::VectorXd& v, double epsilon = 1e-2);

HessianEigen hessianTopEigenvalue(
    TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, const CurvatureOptions& options = {});

// The k largest-magnitude eigenvalues by Lanczos (k <= maxIterations; fewer when the Krylov space
// is exhausted first, e.g. k > P).
HessianSpectrum hessianTopEigenvalues(
    TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, int k, const CurvatureOptions& options = {});

double samSharpness(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, int task, double rho = 0.05);
// The same from the loss and gradient at theta already at hand (e.g. a row of evaluate(), or the
// rows' sum for the total): one forward pass instead of a gradient and a forward pass.
double samSharpness(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double loss,
    const Eigen::VectorXd& gradient, int task, double rho);

double meanTaskCosine(TaskGradientOracle& oracle, const Eigen::VectorXd& theta);

} // namespace mtw::analysis

#pragma once
// A new linear head on frozen features: multinomial logistic regression with an L2 penalty, the
// test-time adaptation of H. Wang, H. Zhao & B. Li (ICML 2021), "Bridging Multi-Task Learning and
// Meta-Learning: Towards Efficient Training and Effective Adaptation", Sec. 3 (fit the last layer
// on the support set with the body theta frozen). For features z_i (d) and labels y_i in 0..C-1:
//   minimise  F(W, b) = (1/n) sum_i [ logsumexp(W z_i + b) - (W z_i + b)_{y_i} ] + (lambda/2) ||W||_F^2
// over W (C x d) and b (C); the bias is not penalised. A binary task is the case C = 2.
// F is convex and, for lambda > 0, strictly convex in W; the bias is defined up to a constant added
// to every class (softmax is invariant to it). The solver starts from W = 0, b = 0 and moves only
// along gradients, whose bias part sums to zero, so the returned b sums to zero: the unique
// minimiser with that normalisation.
//
// Solver: L-BFGS (Nocedal & Wright 2006, Algorithm 7.4, memory m) with a backtracking Armijo line
// search from the unit step, in double, until ||grad F||_inf <= tolerance. Chosen over Newton
// because the Hessian has (C(d+1))^2 entries (1,290^2 for 10 classes on a 128-wide trunk) while a
// gradient costs one C x d x n product; with lambda > 0 the problem is well conditioned and
// converges in tens to a few hundred iterations.
//   l2 (lambda): 1e-2 by default, > 0 (the mean loss makes it independent of the support size n;
//     scikit-learn's C for the summed loss is 1 / (lambda n)).
//   tolerance: 1e-9 on the largest gradient entry; maxIterations: 2,000; memory: 10.
#include <Eigen/Dense>

#include <vector>

namespace mtw::analysis {

struct LogisticHeadOptions {
    double l2 = 1e-2;
    double tolerance = 1e-9;
    int maxIterations = 2000;
    int memory = 10;
};

struct LogisticHead {
    Eigen::MatrixXd weights; // C x d
    Eigen::VectorXd bias; // C, summing to 0
    double objective = 0; // F at the solution
    double gradientNorm = 0; // ||grad F||_inf at the solution
    int iterations = 0;
    bool converged = false;

    // Class scores W Z + b 1^T (C x n) and the arg-max class of each column.
    Eigen::MatrixXd scores(const Eigen::MatrixXd& features) const;
    std::vector<int> predict(const Eigen::MatrixXd& features) const;
    // Share of columns whose predicted class is the label.
    double accuracy(const Eigen::MatrixXd& features, const std::vector<int>& labels) const;
};

// F(W, b) on features (d x n) with labels (n, each in 0..classes-1); writes dF/dW and dF/db when
// the outputs are non-null. Exposed for the tests' finite differences.
double logisticHeadObjective(const Eigen::MatrixXd& weights, const Eigen::VectorXd& bias,
    const Eigen::MatrixXd& features, const std::vector<int>& labels, double l2, Eigen::MatrixXd* gradWeights = nullptr,
    Eigen::VectorXd* gradBias = nullptr);

// Throws std::invalid_argument for lambda <= 0, fewer than 2 classes, a label out of range, or a
// label count that differs from the feature columns.
LogisticHead fitLogisticHead(const Eigen::MatrixXd& features, const std::vector<int>& labels, int classes,
    const LogisticHeadOptions& options = {});

} // namespace mtw::analysis

#pragma once
// Learning functions of multi-task performance (Bettgenhäuser, Hedderich & Klakow 2020, "Learning
// Functions to Study the Benefit of Multitask Learning", arXiv 2006.05561): performance as a
// function of the number of tasks T, the samples per task n and the tasks' relatedness (their
// adjusted mutual information, AMI). The paper searches the formula by symbolic regression and
// finds terms in sqrt(n), sqrt(T) (the rates of Maurer et al. 2016's bounds) and sqrt(AMI). Here the
// terms are given and their coefficients fitted by ordinary least squares:
//   y ≈ sum_k c_k f_k(x),   c = argmin |F c - y|^2 (column-pivoted QR, in double),
// with each coefficient's standard error sqrt(s^2 [(F^T F)^-1]_kk), s^2 = RSS / (m - p), and
// R^2 = 1 - RSS / sum (y - mean y)^2. Symbolic search is not attempted: a fixed, readable basis is
// what a reader can compare with the paper's formulas and the bounds.
//
// A term is "1" or g(v): v a variable name (letters, digits, '_'), g one of
//   v | sqrt(v) | 1/sqrt(v) | log(v) | 1/v
// The default basis is the paper's: 1, sqrt(n), sqrt(T), sqrt(ami).
#include <Eigen/Dense>

#include <map>
#include <string>
#include <vector>

namespace mtw::analysis {

struct LearningTerm {
    enum class Form { Constant, Identity, Sqrt, InverseSqrt, Log, Inverse };
    Form form = Form::Constant;
    std::string variable; // empty for the constant
    std::string text() const; // "1", "sqrt(n)", ...
    double value(const std::map<std::string, double>& variables) const; // throws for a missing variable
};

// "1, sqrt(n), sqrt(T), sqrt(ami)" -> terms; std::invalid_argument names the bad term.
std::vector<LearningTerm> parseLearningTerms(const std::string& list);
std::string defaultLearningTerms();

struct LearningFunctionFit {
    std::vector<LearningTerm> terms;
    Eigen::VectorXd coefficients, standardErrors; // NaN errors with no residual degree of freedom
    Eigen::VectorXd fitted, residuals; // per point
    double rSquared = 0;
    double residualStd = 0; // s
    std::string formula() const; // "0.61 + 0.0042 sqrt(n) - ..."
    double predict(const std::map<std::string, double>& variables) const;
};

// points[i]: the variables of point i; y[i] its performance. Throws std::invalid_argument for fewer
// points than terms, a term whose value is not finite, or a rank-deficient basis (the message names
// the terms that cannot be told apart on these points, e.g. T constant over every run).
LearningFunctionFit fitLearningFunction(const std::vector<std::map<std::string, double>>& points,
    const std::vector<double>& y, const std::vector<LearningTerm>& terms);

} // namespace mtw::analysis

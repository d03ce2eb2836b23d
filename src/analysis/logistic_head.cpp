#include "analysis/logistic_head.h"

#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>

namespace mtw::analysis {

namespace {

// The flat parameter vector: W column-major (C x d), then b (C).
struct Layout {
    Eigen::Index classes = 0, dimension = 0;
    Eigen::Index size() const { return classes * (dimension + 1); }
};

double objectiveAt(const Eigen::VectorXd& x, const Layout& layout, const Eigen::MatrixXd& features,
    const std::vector<int>& labels, double l2, Eigen::VectorXd& gradient)
{
    const Eigen::Map<const Eigen::MatrixXd> weights(x.data(), layout.classes, layout.dimension);
    const Eigen::Map<const Eigen::VectorXd> bias(x.data() + layout.classes * layout.dimension, layout.classes);
    Eigen::MatrixXd gradWeights;
    Eigen::VectorXd gradBias;
    const double value = logisticHeadObjective(weights, bias, features, labels, l2, &gradWeights, &gradBias);
    gradient.resize(layout.size());
    gradient.head(layout.classes * layout.dimension) = gradWeights.reshaped();
    gradient.tail(layout.classes) = gradBias;
    return value;
}

} // namespace

Eigen::MatrixXd LogisticHead::scores(const Eigen::MatrixXd& features) const
{
    Eigen::MatrixXd result = weights * features;
    result.colwise() += bias;
    return result;
}

std::vector<int> LogisticHead::predict(const Eigen::MatrixXd& features) const
{
    const Eigen::MatrixXd s = scores(features);
    std::vector<int> classes(static_cast<std::size_t>(s.cols()));
    for (Eigen::Index i = 0; i < s.cols(); ++i) {
        Eigen::Index best = 0;
        s.col(i).maxCoeff(&best); // ties go to the lowest class index, the same on every run
        classes[static_cast<std::size_t>(i)] = static_cast<int>(best);
    }
    return classes;
}

double LogisticHead::accuracy(const Eigen::MatrixXd& features, const std::vector<int>& labels) const
{
    const std::vector<int> predicted = predict(features);
    if (predicted.empty())
        return 0;
    std::size_t correct = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i)
        correct += predicted[i] == labels[i] ? 1 : 0;
    return static_cast<double>(correct) / static_cast<double>(predicted.size());
}

double logisticHeadObjective(const Eigen::MatrixXd& weights, const Eigen::VectorXd& bias,
    const Eigen::MatrixXd& features, const std::vector<int>& labels, double l2, Eigen::MatrixXd* gradWeights,
    Eigen::VectorXd* gradBias)
{
    const Eigen::Index n = features.cols();
    Eigen::MatrixXd s = weights * features;
    s.colwise() += bias;
    double loss = 0;
    // s becomes dF/ds = (softmax - onehot) / n column by column (max-shifted for stability).
    for (Eigen::Index i = 0; i < n; ++i) {
        const double top = s.col(i).maxCoeff();
        s.col(i).array() = (s.col(i).array() - top).exp();
        const double total = s.col(i).sum();
        const int label = labels[static_cast<std::size_t>(i)];
        loss += std::log(total) - std::log(s(label, i)); // = lse - s_y, both shifted by the same top
        s.col(i) /= total;
        s(label, i) -= 1.0;
    }
    const double inverseN = n > 0 ? 1.0 / static_cast<double>(n) : 0.0;
    s *= inverseN;
    if (gradWeights)
        *gradWeights = s * features.transpose() + l2 * weights;
    if (gradBias)
        *gradBias = s.rowwise().sum();
    return loss * inverseN + 0.5 * l2 * weights.squaredNorm();
}

LogisticHead fitLogisticHead(
    const Eigen::MatrixXd& features, const std::vector<int>& labels, int classes, const LogisticHeadOptions& options)
{
    if (!(options.l2 > 0))
        throw std::invalid_argument("l2: the penalty lambda must be > 0, got " + std::to_string(options.l2));
    if (classes < 2)
        throw std::invalid_argument("a head needs at least 2 classes, got " + std::to_string(classes));
    if (static_cast<Eigen::Index>(labels.size()) != features.cols())
        throw std::invalid_argument("labels: " + std::to_string(labels.size()) + " labels for "
            + std::to_string(features.cols()) + " feature columns");
    for (int label : labels)
        if (label < 0 || label >= classes)
            throw std::invalid_argument(
                "labels: class " + std::to_string(label) + " outside 0.." + std::to_string(classes - 1));

    const Layout layout { classes, features.rows() };
    Eigen::VectorXd x = Eigen::VectorXd::Zero(layout.size());
    Eigen::VectorXd gradient, nextGradient, direction, nextX;
    double value = objectiveAt(x, layout, features, labels, options.l2, gradient);
    std::deque<Eigen::VectorXd> steps, changes; // s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k
    std::deque<double> rhos;
    LogisticHead head;
    int iteration = 0;
    for (; iteration < options.maxIterations && gradient.lpNorm<Eigen::Infinity>() > options.tolerance; ++iteration) {
        // Two-loop recursion: direction = -H_k grad, H_0 = gamma I with gamma = s^T y / y^T y.
        direction = -gradient;
        std::vector<double> alphas(steps.size());
        for (std::size_t k = steps.size(); k-- > 0;) {
            alphas[k] = rhos[k] * steps[k].dot(direction);
            direction -= alphas[k] * changes[k];
        }
        if (!steps.empty())
            direction *= steps.back().dot(changes.back()) / changes.back().squaredNorm();
        else
            direction /= std::max(1.0, gradient.lpNorm<1>()); // a cautious first step
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const double beta = rhos[k] * changes[k].dot(direction);
            direction += (alphas[k] - beta) * steps[k];
        }
        const double slope = gradient.dot(direction);
        // Backtracking Armijo from the unit step. Near the solution F's changes fall below its
        // rounding (|dF| ~ ||g||^2 / lambda ~ 1e-18): a step that keeps F within rounding and
        // shrinks the gradient is then accepted, so the gradient test above can still be met.
        double step = 1.0;
        double nextValue = 0;
        bool accepted = false;
        for (int trial = 0; trial < 60 && !accepted; ++trial, step *= 0.5) {
            nextX = x + step * direction;
            nextValue = objectiveAt(nextX, layout, features, labels, options.l2, nextGradient);
            const bool armijo = nextValue <= value + 1e-4 * step * slope;
            const bool withinRounding = std::abs(nextValue - value) <= 1e-14 * (1.0 + std::abs(value))
                && nextGradient.lpNorm<Eigen::Infinity>() < gradient.lpNorm<Eigen::Infinity>();
            accepted = armijo || withinRounding;
            if (accepted)
                break;
        }
        if (!accepted)
            break; // no progress possible in double: report what was reached
        Eigen::VectorXd s = nextX - x;
        Eigen::VectorXd y = nextGradient - gradient;
        const double curvature = s.dot(y);
        x.swap(nextX);
        gradient.swap(nextGradient);
        value = nextValue;
        if (curvature > 1e-300) { // always for lambda > 0 (strong convexity); guards rounding
            steps.push_back(std::move(s));
            changes.push_back(std::move(y));
            rhos.push_back(1.0 / curvature);
            if (static_cast<int>(steps.size()) > options.memory) {
                steps.pop_front();
                changes.pop_front();
                rhos.pop_front();
            }
        }
    }
    head.weights = Eigen::Map<const Eigen::MatrixXd>(x.data(), layout.classes, layout.dimension);
    head.bias = x.tail(layout.classes);
    head.objective = value;
    head.gradientNorm = gradient.lpNorm<Eigen::Infinity>();
    head.iterations = iteration;
    head.converged = head.gradientNorm <= options.tolerance;
    return head;
}

} // namespace mtw::analysis

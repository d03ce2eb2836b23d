// EMTL: w_t = 1 + 2 lambda (c_t - mean c) / ((T-1) |g_t|), c_t = L_t / |g_t|, against a hand-computed
// value and against central differences of the penalised objective with the norms held fixed.
#include "common/compare.h"
#include "loss_weighting_test_support.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

namespace {

// Three quadratic tasks on R^4, L_t(x) = 0.5 x^T A_t x + b_t^T x + k_t, of very different scales.
struct Quadratics {
    std::vector<MatrixXd> A;
    std::vector<VectorXd> b;
    std::vector<double> k { 1.5, 40.0, 0.2 };
    Quadratics()
    {
        const double scales[] = { 1.0, 30.0, 0.05 };
        for (int t = 0; t < 3; ++t) {
            MatrixXd M(4, 4);
            for (int i = 0; i < 16; ++i)
                M.data()[i] = std::sin(1.7 * i + 3.1 * t);
            A.push_back(scales[t] * (M * M.transpose() + MatrixXd::Identity(4, 4)));
            b.push_back(scales[t] * vec({ std::cos(t + 0.3), -0.5 * t, 0.7, std::sin(2.0 * t) }));
        }
    }
    VectorXd losses(const VectorXd& x) const
    {
        VectorXd L(3);
        for (int t = 0; t < 3; ++t)
            L(t) = 0.5 * x.dot(A[t] * x) + b[t].dot(x) + k[t];
        return L;
    }
    MatrixXd jacobian(const VectorXd& x) const
    {
        MatrixXd J(3, 4);
        for (int t = 0; t < 3; ++t)
            J.row(t) = (A[t] * x + b[t]).transpose();
        return J;
    }
};

double sampleVariance(const VectorXd& c)
{
    return (c.array() - c.mean()).square().sum() / static_cast<double>(c.size() - 1);
}

} // namespace

class TestEmtl : public QObject {
    Q_OBJECT
private slots:
    void handComputedTwoTasks()
    {
        // |g| = (3, 1), L = (6, 1): c = (2, 1), mean 1.5, Var = 0.5^2 + 0.5^2 = 0.5 (T - 1 = 1).
        // lambda 1: w = (1 + 2 * 0.5 / 3, 1 - 2 * 0.5 / 1) = (4/3, 0), d = J^T w = (4, 0).
        MatrixXd J(2, 2);
        J << 3, 0, 0, 1;
        const test::MethodResult result = test::runMethod("emtl", {}, J, vec({ 6, 1 }));
        MTW_COMPARE_VECTORS(result.weights, vec({ 4.0 / 3, 0 }), 1e-15, 0);
        MTW_COMPARE_VECTORS(result.direction, vec({ 4, 0 }), 1e-15, 0);
        QCOMPARE(result.raw.extras.at("contribution_0"), 2.0);
        QCOMPARE(result.raw.extras.at("contribution_1"), 1.0);
        QCOMPARE(result.raw.extras.at("contribution_variance"), 0.5);
        // lambda 0 is equal weighting.
        const test::MethodResult plain = test::runMethod("emtl", { { "lambda", 0.0 } }, J, vec({ 6, 1 }));
        MTW_COMPARE_VECTORS(plain.weights, vec({ 1, 1 }), 0, 0);
    }

    void directionIsTheGradientOfThePenalisedObjective()
    {
        // d = grad of sum_t L_t(x) + lambda Var_t(L_t(x) / n_t) with n_t = |g_t(x0)| held fixed,
        // by central differences in double.
        const Quadratics q;
        const VectorXd x0 = vec({ 0.3, -0.2, 0.5, 0.1 });
        const MatrixXd J = q.jacobian(x0);
        const VectorXd norms = J.rowwise().norm();
        const double lambda = 0.7;
        auto objective = [&](const VectorXd& x) {
            const VectorXd L = q.losses(x);
            return L.sum() + lambda * sampleVariance(L.cwiseQuotient(norms));
        };
        VectorXd expected(4);
        const double h = 1e-5;
        for (int i = 0; i < 4; ++i) {
            VectorXd up = x0, down = x0;
            up(i) += h;
            down(i) -= h;
            expected(i) = (objective(up) - objective(down)) / (2 * h);
        }
        const test::MethodResult result = test::runMethod("emtl", { { "lambda", lambda } }, J, q.losses(x0));
        MTW_COMPARE_VECTORS(result.direction, expected, 1e-6, 1e-6 * expected.norm());
        const VectorXd c = q.losses(x0).cwiseQuotient(norms);
        MTW_COMPARE_NEAR(result.raw.extras.at("contribution_variance"), sampleVariance(c), 1e-12, 0);
    }

    void penaltyGradientIgnoresPerTaskLossScales()
    {
        // L_t -> s_t L_t scales g_t by s_t and leaves c_t alone: the penalty's part of the step,
        // d - sum_t g_t, is the same for any positive scales.
        const Quadratics q;
        const VectorXd x0 = vec({ -0.4, 0.25, 0.0, 0.6 });
        const MatrixXd J = q.jacobian(x0);
        const VectorXd L = q.losses(x0);
        const VectorXd s = vec({ 1000.0, 0.01, 3.0 });
        const test::MethodResult base = test::runMethod("emtl", { { "lambda", 2.0 } }, J, L);
        const test::MethodResult scaled
            = test::runMethod("emtl", { { "lambda", 2.0 } }, MatrixXd(s.asDiagonal() * J), L.cwiseProduct(s));
        const VectorXd penalty = base.direction - J.colwise().sum().transpose();
        const VectorXd scaledPenalty = scaled.direction - (s.asDiagonal() * J).colwise().sum().transpose();
        QVERIFY(penalty.norm() > 1e-3);
        MTW_COMPARE_VECTORS(scaledPenalty, penalty, 1e-9, 1e-9 * penalty.norm());
    }

    void zeroGradientTaskIsLeftOut()
    {
        // Task 1 has no shared gradient: w_1 = 1, and the variance is over tasks 0 and 2 only:
        // c = (2, -, 1) as in the two-task case.
        MatrixXd J(3, 2);
        J << 3, 0, 0, 0, 0, 1;
        const test::MethodResult result = test::runMethod("emtl", {}, J, vec({ 6, 5, 1 }));
        MTW_COMPARE_VECTORS(result.weights, vec({ 4.0 / 3, 1, 0 }), 1e-15, 0);
        QCOMPARE(result.raw.extras.at("contribution_1"), 0.0);
        QCOMPARE(result.raw.extras.at("contribution_variance"), 0.5);
        // One task with a gradient: no variance, equal weights.
        MatrixXd single(2, 2);
        single << 3, 0, 0, 0;
        MTW_COMPARE_VECTORS(test::runMethod("emtl", {}, single, vec({ 6, 5 })).weights, vec({ 1, 1 }), 0, 0);
    }
};

QTEST_GUILESS_MAIN(TestEmtl)
#include "tst_emtl.moc"

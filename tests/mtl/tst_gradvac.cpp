// GradVac: the first step on g_1 = (1, 0), g_2 = (-1, 1) (targets 0, so a PCGrad projection) by
// hand, the second step with the EMA targets, the state round trip, and a direct Jacobian
// re-implementation (LibMTL's loop on vectors) with the same random order for 4 tasks.
#include "common/compare.h"
#include "method_test_support.h"
#include "mtl/grad_vac.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

MatrixXd twoTasks()
{
    MatrixXd J(2, 2);
    J << 1, 0, //
        -1, 1;
    return J;
}

std::unique_ptr<mtl::Method> create(int tasks, double beta = 0.5)
{
    return mtl::MethodRegistry::instance().create("gradvac", { { "beta", beta } }, tasks);
}

// Paper Algorithm 1 on explicit vectors, with the order drawn as the method draws it.
VectorXd referenceDirection(const MatrixXd& J, MatrixXd& targets, double beta, std::uint64_t seed)
{
    const Eigen::Index tasks = J.rows();
    core::Rng rng(seed);
    VectorXd sum = VectorXd::Zero(J.cols());
    for (Eigen::Index i = 0; i < tasks; ++i) {
        VectorXd gi = J.row(i).transpose();
        for (std::size_t k : rng.permutation(static_cast<std::size_t>(tasks - 1))) {
            const Eigen::Index j
                = static_cast<Eigen::Index>(k) < i ? static_cast<Eigen::Index>(k) : static_cast<Eigen::Index>(k) + 1;
            const VectorXd gj = J.row(j).transpose();
            const double phi = gi.dot(gj) / (gi.norm() * gj.norm() + 1e-8);
            const double target = targets(i, j);
            if (phi < target)
                gi += gi.norm() * (target * std::sqrt(1 - phi * phi) - phi * std::sqrt(1 - target * target))
                    / (gj.norm() * std::sqrt(1 - target * target) + 1e-8) * gj;
            targets(i, j) = (1 - beta) * target + beta * phi;
        }
        sum += gi;
    }
    return sum;
}

} // namespace

class TestGradVac : public QObject {
    Q_OBJECT
private slots:
    void firstStepIsProjection()
    {
        auto method = create(2);
        const test::MethodResult result = test::runMethod(*method, twoTasks(), VectorXd::Ones(2));
        // cos = -1/sqrt(2) < 0: g'_1 = g_1 + 0.5 g_2 = (0.5, 0.5), g'_2 = g_2 + g_1 = (0, 1).
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 2.0, 1.5).finished(), 1e-7, 1e-7);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.5, 1.5).finished(), 1e-7, 1e-7);
        const MatrixXd& targets = dynamic_cast<mtl::GradVac&>(*method).targets();
        MTW_COMPARE_NEAR(targets(0, 1), -0.5 / std::sqrt(2.0), 1e-7, 1e-9);
        MTW_COMPARE_NEAR(targets(1, 0), -0.5 / std::sqrt(2.0), 1e-7, 1e-9);
    }

    void secondStepUsesEmaTargets()
    {
        auto method = create(2);
        test::runMethod(*method, twoTasks(), VectorXd::Ones(2));
        const test::MethodResult second = test::runMethod(*method, twoTasks(), VectorXd::Ones(2), 7, 1);
        // Both cosines phi = -1/sqrt(2) are below their targets phihat = -1/(2 sqrt(2)), so Eq. 2
        // adds g_2 to g_1 with coefficient factor |g_1| / |g_2| and g_1 to g_2 with factor
        // |g_2| / |g_1|, where factor = (phihat sqrt(1 - phi^2) - phi sqrt(1 - phihat^2)) /
        // sqrt(1 - phihat^2); the weights are the column sums of the coefficients.
        const double phi = -1.0 / std::sqrt(2.0);
        const double target = -0.5 / std::sqrt(2.0);
        const double factor = (target * std::sqrt(1 - phi * phi) - phi * std::sqrt(1 - target * target))
            / std::sqrt(1 - target * target);
        const double c12 = 1.0 * factor / std::sqrt(2.0); // |g_1| / |g_2|
        const double c21 = std::sqrt(2.0) * factor / 1.0; // |g_2| / |g_1|
        MTW_COMPARE_VECTORS(second.weights, (VectorXd(2) << 1.0 + c21, c12 + 1.0).finished(), 1e-7, 1e-7);
    }

    void matchesVectorImplementation_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed-3") << quint64(3);
        QTest::newRow("seed-4") << quint64(4);
        QTest::newRow("seed-5") << quint64(5);
    }
    void matchesVectorImplementation()
    {
        QFETCH(quint64, seed);
        core::Rng data(seed + 100);
        MatrixXd J(4, 6);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = data.normal();
        auto method = create(4);
        MatrixXd targets = MatrixXd::Zero(4, 4);
        for (long long step = 0; step < 3; ++step) {
            const VectorXd expected = referenceDirection(J, targets, 0.5, seed + static_cast<std::uint64_t>(step));
            const test::MethodResult result
                = test::runMethod(*method, J, VectorXd::Ones(4), seed + static_cast<std::uint64_t>(step), step);
            MTW_COMPARE_VECTORS(result.direction, expected, 1e-5, 1e-6);
            MTW_COMPARE_VECTORS(dynamic_cast<mtl::GradVac&>(*method).targets(), targets, 1e-6, 1e-7);
        }
    }

    void stateRoundTrips()
    {
        MatrixXd J = MatrixXd::Random(3, 5);
        auto original = create(3);
        test::runMethod(*original, J, VectorXd::Ones(3), 1);
        auto restored = create(3);
        restored->setState(original->state());
        const test::MethodResult a = test::runMethod(*original, J, VectorXd::Ones(3), 2, 1);
        const test::MethodResult b = test::runMethod(*restored, J, VectorXd::Ones(3), 2, 1);
        MTW_COMPARE_VECTORS(a.weights, b.weights, 0, 0);
        QCOMPARE(restored->state(), original->state());
    }

    void invalidBetaIsRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("gradvac", { { "beta", -0.1 } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("beta") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGradVac)
#include "tst_gradvac.moc"

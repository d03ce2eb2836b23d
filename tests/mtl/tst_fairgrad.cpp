// FairGrad: closed-form roots of G w = w^{-1/alpha} for diagonal and symmetric 2 x 2 Gramians,
// the residual on random Jacobians for several alpha, alpha = 0, a zero task gradient, validation.
#include "common/compare.h"
#include "method_test_support.h"
#include "mtl/fair_grad.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Q_DECLARE_METATYPE(Eigen::MatrixXd)
Q_DECLARE_METATYPE(Eigen::VectorXd)

class TestFairGrad : public QObject {
    Q_OBJECT
private slots:
    void closedForm_data()
    {
        QTest::addColumn<MatrixXd>("J");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<VectorXd>("weights");
        MatrixXd diagonal(2, 2);
        diagonal << 2, 0, //
            0, 1;
        // G = diag(4, 1): 4 w_1 = w_1^{-1/alpha}, w_2 = w_2^{-1/alpha}.
        QTest::newRow("diagonal-alpha-1") << diagonal << 1.0 << VectorXd((VectorXd(2) << 0.5, 1.0).finished());
        QTest::newRow("diagonal-alpha-2")
            << diagonal << 2.0 << VectorXd((VectorXd(2) << std::pow(4.0, -2.0 / 3.0), 1.0).finished());
        QTest::newRow("diagonal-alpha-half")
            << diagonal << 0.5 << VectorXd((VectorXd(2) << std::pow(4.0, -1.0 / 3.0), 1.0).finished());
        // G = [[2, 1], [1, 2]]: by symmetry w_1 = w_2 = w with 3 w = 1/w.
        MatrixXd symmetric(2, 3);
        symmetric << 1, 1, 0, //
            0, 1, 1;
        QTest::newRow("symmetric-alpha-1") << symmetric << 1.0 << VectorXd(VectorXd::Constant(2, 1.0 / std::sqrt(3.0)));
    }
    void closedForm()
    {
        QFETCH(MatrixXd, J);
        QFETCH(double, alpha);
        QFETCH(VectorXd, weights);
        const test::MethodResult result = test::runMethod("fairgrad", { { "alpha", alpha } }, J);
        MTW_COMPARE_VECTORS(result.weights, weights, 1e-9, 1e-12);
    }

    void solvesTheFairnessEquation_data()
    {
        QTest::addColumn<double>("alpha");
        QTest::newRow("alpha-0.5") << 0.5;
        QTest::newRow("alpha-1") << 1.0;
        QTest::newRow("alpha-2") << 2.0;
        QTest::newRow("alpha-10") << 10.0;
    }
    void solvesTheFairnessEquation()
    {
        QFETCH(double, alpha);
        for (std::uint64_t seed : { 1u, 2u, 3u }) {
            core::Rng rng(seed);
            MatrixXd J(4, 6);
            for (Eigen::Index i = 0; i < J.size(); ++i)
                J.data()[i] = rng.normal();
            auto method = mtl::MethodRegistry::instance().create("fairgrad", { { "alpha", alpha } }, 4);
            const VectorXd w = test::runMethod(*method, J, VectorXd::Ones(4)).weights;
            QVERIFY(w.minCoeff() > 0);
            const VectorXd lhs = J * J.transpose() * w;
            MTW_COMPARE_VECTORS(lhs, VectorXd(w.array().pow(-1.0 / alpha)), 1e-9, 1e-12);
            QVERIFY(dynamic_cast<mtl::FairGrad&>(*method).lastIterations() < 50);
        }
    }

    void alphaZeroIsEqualWeighting()
    {
        MatrixXd J = MatrixXd::Random(3, 4);
        MTW_COMPARE_VECTORS(
            test::runMethod("fairgrad", { { "alpha", 0.0 } }, J).weights, VectorXd::Constant(3, 1.0 / 3.0), 0, 1e-15);
    }

    void zeroGradientTaskLeavesTheOthers()
    {
        // With g_2 = 0 the root is at w_2 = infinity; w_2 multiplies a zero row, and the others
        // solve the reduced problem G = diag(4, 1) on tasks 1 and 3.
        MatrixXd J(3, 2);
        J << 2, 0, //
            0, 0, //
            0, 1;
        const test::MethodResult result = test::runMethod("fairgrad", {}, J);
        QVERIFY(result.weights.allFinite());
        MTW_COMPARE_NEAR(result.weights(0), 0.5, 1e-6, 1e-9);
        MTW_COMPARE_NEAR(result.weights(2), 1.0, 1e-6, 1e-9);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 1.0, 1.0).finished(), 1e-6, 1e-9);
    }

    void scalesTheHeads() { QVERIFY(mtl::MethodRegistry::instance().create("fairgrad", {}, 2)->weightsHeads()); }

    void invalidAlphaIsRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("fairgrad", { { "alpha", -1.0 } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("alpha") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestFairGrad)
#include "tst_fairgrad.moc"

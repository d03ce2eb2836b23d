// Aligned-MTL: diagonal Gramian by hand (all three scale modes), a rank-deficient 3 x 2 Jacobian
// through the eigenvalue cut-off, and the alignment property |J^T w|^2 = lambda_min / T for a
// full-rank Jacobian.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Q_DECLARE_METATYPE(Eigen::VectorXd)

class TestAlignedMtl : public QObject {
    Q_OBJECT
private slots:
    void diagonalGramian_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<VectorXd>("weights");
        // G = diag(4, 1): B = sqrt(s) diag(1/2, 1), p = (1/2, 1/2). min and (lower) median: s = 1.
        QTest::newRow("min") << "min" << VectorXd((VectorXd(2) << 0.25, 0.5).finished());
        QTest::newRow("median") << "median" << VectorXd((VectorXd(2) << 0.25, 0.5).finished());
        // rmse: s = mean(4, 1) = 2.5.
        QTest::newRow("rmse") << "rmse" << VectorXd((VectorXd(2) << 0.25, 0.5).finished() * std::sqrt(2.5));
    }
    void diagonalGramian()
    {
        QFETCH(QString, mode);
        QFETCH(VectorXd, weights);
        MatrixXd J(2, 2);
        J << 2, 0, //
            0, 1;
        const test::MethodResult result = test::runMethod("aligned_mtl", { { "scale_mode", mode.toStdString() } }, J);
        MTW_COMPARE_VECTORS(result.weights, weights, 1e-12, 1e-14);
        // The aligned components have equal length: d = (0.5, 0.5) for "min".
        if (mode == "min")
            MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.5, 0.5).finished(), 1e-12, 1e-14);
    }

    void rankDeficientJacobian()
    {
        // Rows (1,0), (0,1), (1,1): G has eigenvalues 3, 1, 0 with eigenvectors (1,1,2)/sqrt(6),
        // (1,-1,0)/sqrt(2), (1,1,-1)/sqrt(3). The zero one is cut; p = 1/3 is orthogonal to
        // (1,-1,0), so w = sqrt(1) (1,1,2)/sqrt(6) * <(1,1,2)/sqrt(6), p> / sqrt(3)
        //   = (1,1,2) * 2 / (9 sqrt(3)).
        MatrixXd J(3, 2);
        J << 1, 0, //
            0, 1, //
            1, 1;
        const test::MethodResult result = test::runMethod("aligned_mtl", {}, J);
        const double c = 2.0 / (9.0 * std::sqrt(3.0));
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(3) << c, c, 2 * c).finished(), 1e-10, 1e-12);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 3 * c, 3 * c).finished(), 1e-10, 1e-12);
    }

    void alignedUpdateHasMinimalEigenvalueNorm()
    {
        core::Rng rng(4);
        MatrixXd J(3, 7);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal();
        const test::MethodResult result = test::runMethod("aligned_mtl", {}, J);
        // B G B = lambda_min I, so |J^T B p|^2 = lambda_min |p|^2 = lambda_min / 3.
        const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(J * J.transpose());
        MTW_COMPARE_NEAR(result.direction.squaredNorm(), eigen.eigenvalues()(0) / 3.0, 1e-9, 1e-12);
    }

    void zeroGramianGivesPreference()
    {
        const test::MethodResult result = test::runMethod("aligned_mtl", {}, MatrixXd::Zero(2, 3));
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(2, 0.5), 0, 1e-15);
    }

    void unknownScaleModeIsRejected()
    {
        const auto error
            = mtl::MethodRegistry::instance().check("aligned_mtl", { { "scale_mode", std::string("max") } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("scale_mode") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAlignedMtl)
#include "tst_aligned_mtl.moc"

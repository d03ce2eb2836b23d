// IMTL-G: TorchJD's example, equal projections on the unit gradients, dependent rows, zero sum.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"
#include "mtl/imtl_g.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestImtlG : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        // G = [[18, -22], [-22, 38]], G^-1 = [[38, 22], [22, 18]] / 200, v = G^-1 (sqrt 18, sqrt 38).
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const VectorXd v
            = (VectorXd(2) << 38 * std::sqrt(18.0) + 22 * std::sqrt(38.0), 22 * std::sqrt(18.0) + 18 * std::sqrt(38.0))
                  .finished();
        const test::MethodResult result = test::runMethod("imtl_g", {}, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd(v / v.sum()), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.0767, 1, 1).finished(), 0, 1e-4);
    }

    void equalProjectionsOnUnitGradients()
    {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd J = test::randomMatrix(4, 9, seed);
            const VectorXd d = test::runMethod("imtl_g", {}, J).direction;
            const VectorXd projections = (J * d).cwiseQuotient(J.rowwise().norm());
            MTW_COMPARE_VECTORS(projections, VectorXd::Constant(4, projections(0)), 1e-9, 1e-12);
            MTW_COMPARE_NEAR(test::runMethod("imtl_g", {}, J).weights.sum(), 1.0, 0, 1e-12);
        }
    }

    void linearlyDependentRows()
    {
        // g2 = 2 g1: the pseudo-inverse still gives equal projections (the generalized form).
        MatrixXd J(3, 3);
        J << 1, 2, 0, 2, 4, 0, 0, 1, 1;
        const test::MethodResult result = test::runMethod("imtl_g", {}, J);
        QVERIFY(result.weights.allFinite());
        const VectorXd projections = (J * result.direction).cwiseQuotient(J.rowwise().norm());
        MTW_COMPARE_VECTORS(projections, VectorXd::Constant(3, projections(0)), 1e-9, 1e-12);
    }

    void opposedGradientsGiveZero()
    {
        // pinv(G) (1, 1) = 0 for g2 = -g1: the weights' sum vanishes and the weights are 0.
        MatrixXd G(2, 2);
        G << 1, -1, -1, 1;
        MTW_COMPARE_VECTORS(mtl::imtlGradientWeights(G), VectorXd::Zero(2), 0, 0);
    }
};

QTEST_GUILESS_MAIN(TestImtlG)
#include "tst_imtl_g.moc"

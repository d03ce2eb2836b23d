// IMTL-L: w_t = e^s_t; one Adam step on s with dL/ds_t = e^s_t L_t - 1, by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestImtlL : public QObject {
    Q_OBJECT
private slots:
    void scalesMoveTowardsInverseLosses()
    {
        auto method = test::makeMethod("imtl_l", 2);
        const MatrixXd J = MatrixXd::Identity(2, 2);
        // s = 0: w = (1, 1). L = (2, 0.5): dL/ds = (1, -0.5): Adam's first step s = (-lr, +lr).
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 2, 0.5 })).weights, VectorXd::Ones(2), 0, 0);
        const VectorXd s = vec({ -0.025 * 1 / (1 + 1e-8), 0.025 * 0.5 / (0.5 + 1e-8) });
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 2, 0.5 }));
        MTW_COMPARE_VECTORS(out.weights, VectorXd(s.array().exp()), 1e-14, 0);
    }
    void converges()
    {
        // With fixed losses the optimum is e^s L = 1, i.e. w = 1/L.
        auto method = test::makeMethod("imtl_l", 2, { { "lr", 0.05 } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        mtl::MethodOutput out;
        for (int k = 0; k < 3000; ++k)
            out = test::runStep(*method, J, vec({ 4, 0.5 }));
        MTW_COMPARE_VECTORS(out.weights, vec({ 0.25, 2 }), 2e-2, 0);
    }
    void invalidParametersAreRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("imtl_l", { { "lr", 100.0 } }, 2);
        QVERIFY(error.has_value() && error->find("lr") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestImtlL)
#include "tst_imtl_l.moc"

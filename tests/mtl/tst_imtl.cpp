// Hybrid IMTL: w_t = c_t alpha_t with c = e^s (IMTL-L) and alpha the IMTL-G weights of the
// scaled gradients c_t g_t; s takes one Adam step on c_t L_t - s_t. Checked by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"
#include "mtl/imtl_g.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestImtl : public QObject {
    Q_OBJECT
private slots:
    void orthogonalGradientsByHand()
    {
        auto method = test::makeMethod("imtl", 2);
        MatrixXd J(2, 2);
        J << 2, 0, 0, 1; // G = diag(4, 1)
        const VectorXd losses = vec({ 2, 0.5 });
        // s = 0: alpha = pinv(G) (2, 1) normalised = (1/2, 1) / (3/2) = (1/3, 2/3); d = (2/3, 2/3) has
        // projection 2/3 on both unit gradients.
        const mtl::MethodOutput first = test::runStep(*method, J, losses);
        MTW_COMPARE_VECTORS(first.weights, vec({ 1.0 / 3, 2.0 / 3 }), 1e-14, 0);
        // dL/ds = c L - 1 = (1, -0.5): Adam's first step s = (-lr, +lr) (times |g| / (|g| + 1e-8)).
        const VectorXd c = vec({ std::exp(-0.025 / (1 + 1e-8)), std::exp(0.025 * 0.5 / (0.5 + 1e-8)) });
        // Scaled Gramian diag(4 c0^2, c1^2): alpha proportional to (1/(2 c0), 1/c1); w = c alpha.
        const double total = 1 / (2 * c(0)) + 1 / c(1);
        const mtl::MethodOutput second = test::runStep(*method, J, losses);
        MTW_COMPARE_VECTORS(second.weights, VectorXd(vec({ 0.5, 1 }) / total), 1e-13, 0);
        MTW_COMPARE_NEAR(second.extras.at("scale_0"), std::log(c(0)), 1e-14, 0);
    }
    void equalScalesMultiplyImtlG()
    {
        // With every s_t = s0, alpha(C G C) = alpha(G) (IMTL-G ignores a common scale), so w = e^s0 alpha(G).
        MatrixXd J(3, 3);
        J << 1, 2, 0, -1, 1, 1, 0.5, 0, 2;
        const MatrixXd G = J * J.transpose();
        auto method = test::makeMethod("imtl", 3, { { "init", 0.5 } });
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 1, 1, 1 }));
        MTW_COMPARE_VECTORS(out.weights, VectorXd(std::exp(0.5) * mtl::imtlGradientWeights(G)), 1e-12, 0);
        // The update has equal projections on the unit gradients.
        const VectorXd d = J.transpose() * out.weights;
        const VectorXd projections = (J * d).cwiseQuotient(G.diagonal().cwiseSqrt());
        MTW_COMPARE_VECTORS(projections, VectorXd::Constant(3, projections(0)), 1e-12, 1e-12);
    }
    void invalidParametersAreRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("imtl", { { "lr", -1.0 } }, 2);
        QVERIFY(error.has_value() && error->find("lr") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestImtl)
#include "tst_imtl.moc"

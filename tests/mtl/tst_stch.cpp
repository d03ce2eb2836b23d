// STCH: log-loss warm-up (w = 1/L), nadir = mean loss of the last warm-up epoch, then
// w_t = T softmax(log(L/z)/mu)_t / L_t.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestStch : public QObject {
    Q_OBJECT
private slots:
    void warmUpThenSmoothTchebycheff()
    {
        auto method = test::makeMethod("stch", 2, { { "warmup_epochs", 1LL } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        // Epochs 0 and 1: gradient of sum log L, w = 1 / L.
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 2, 4 }), 0).weights, vec({ 0.5, 0.25 }), 1e-15, 0);
        test::runStep(*method, J, vec({ 1, 2 }), 1);
        test::runStep(*method, J, vec({ 3, 2 }), 1);
        // Nadir z = (2, 2). L = (2, 4): log(L/z) = (0, log 2), softmax = (1/3, 2/3):
        // w = 2 (1/3 / 2, 2/3 / 4) = (1/3, 1/3).
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 2, 4 }), 2);
        MTW_COMPARE_VECTORS(out.weights, vec({ 1.0 / 3, 1.0 / 3 }), 1e-14, 0);
        MTW_COMPARE_NEAR(out.extras.at("nadir_1"), 2.0, 1e-15, 0);
    }
    void smallMuApproachesTheMax()
    {
        auto method = test::makeMethod("stch", 2, { { "warmup_epochs", 0LL }, { "mu", 0.01 } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        test::runStep(*method, J, vec({ 1, 1 }), 0);
        // Nadir (1, 1); task 1 has the larger normalised loss and takes (nearly) all the weight:
        // w -> (0, T / L_1).
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 1, 2 }), 1);
        MTW_COMPARE_VECTORS(out.weights, vec({ 0, 1 }), 0, 1e-12);
    }
    void invalidParametersAreRejected()
    {
        auto error = mtl::MethodRegistry::instance().check("stch", { { "mu", 0.0 } }, 2);
        QVERIFY(error.has_value() && error->find("mu") != std::string::npos);
        error = mtl::MethodRegistry::instance().check("stch", { { "warmup_epochs", -1LL } }, 2);
        QVERIFY(error.has_value() && error->find("warmup_epochs") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestStch)
#include "tst_stch.moc"

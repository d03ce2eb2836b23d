// DWA: w = T softmax(r / temperature), r = epoch-mean loss ratio; ones in epochs 0 and 1.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestDwa : public QObject {
    Q_OBJECT
private slots:
    void weightsFromEpochMeanRatios_data()
    {
        QTest::addColumn<double>("temperature");
        QTest::newRow("default-temperature") << 2.0;
        QTest::newRow("temperature-half") << 0.5;
    }
    void weightsFromEpochMeanRatios()
    {
        QFETCH(double, temperature);
        auto method = test::makeMethod("dwa", 2, { { "temperature", temperature } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        // Epoch 0: means (2, 2). Epoch 1: means (1, 2). Both epochs use w = 1.
        for (const auto& [losses, epoch] : { std::pair { vec({ 1, 2 }), 0 }, std::pair { vec({ 3, 2 }), 0 },
                 std::pair { vec({ 1, 1 }), 1 }, std::pair { vec({ 1, 3 }), 1 } })
            MTW_COMPARE_VECTORS(test::runStep(*method, J, losses, epoch).weights, VectorXd::Ones(2), 0, 0);
        // Epoch 2: r = (1/2, 2/2) = (0.5, 1): w = 2 softmax(r / temperature), whatever this step's loss.
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 10, 10 }), 2);
        const double a = std::exp(0.5 / temperature);
        const double b = std::exp(1.0 / temperature);
        MTW_COMPARE_VECTORS(out.weights, vec({ 2 * a / (a + b), 2 * b / (a + b) }), 1e-14, 0);
        // The task whose loss fell more slowly gets the larger weight.
        QVERIFY(out.weights(1) > out.weights(0));
    }
    void skippedEpochsFallBackToEqualWeights()
    {
        auto method = test::makeMethod("dwa", 2);
        const MatrixXd J = MatrixXd::Identity(2, 2);
        test::runStep(*method, J, vec({ 1, 2 }), 0);
        test::runStep(*method, J, vec({ 1, 1 }), 1);
        // Epoch 3: epoch 2's mean is unknown.
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 1, 1 }), 3).weights, VectorXd::Ones(2), 0, 0);
    }
    void invalidTemperatureIsRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("dwa", { { "temperature", 0.0 } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("temperature") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDwa)
#include "tst_dwa.moc"

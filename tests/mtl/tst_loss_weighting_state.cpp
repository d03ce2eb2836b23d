// Checks shared by every method of the loss-weighting family: heads are weighted, and a method
// restored from state() continues bit for bit like the original (checkpoint + resume).
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Parameters that make each method leave its initial regime within the test's few epochs.
std::map<std::string, core::ParameterValue> paramsFor(const std::string& id)
{
    if (id == "stch")
        return { { "warmup_epochs", 1LL } };
    if (id == "excess_mtl_scalar")
        return { { "preconditioner", std::string("scalar") } };
    return {};
}

std::string methodIdOf(const std::string& row)
{
    return row == "excess_mtl_scalar" ? "excess_mtl" : row;
}

std::vector<test::LossWeightingStep> steps(int tasks)
{
    std::vector<test::LossWeightingStep> result;
    core::Rng rng(17);
    for (int k = 0; k < 10; ++k) {
        MatrixXd J(tasks, 5);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal();
        VectorXd losses(tasks);
        for (int t = 0; t < tasks; ++t)
            losses(t) = rng.uniform(0.2, 3.0);
        result.push_back({ J, losses, k / 2 }); // two steps per epoch
    }
    return result;
}

} // namespace

class TestLossWeightingState : public QObject {
    Q_OBJECT
private slots:
    void restoredMethodContinuesIdentically_data()
    {
        QTest::addColumn<QString>("row");
        for (const char* id : { "gls", "uw", "dwa", "gradnorm", "ema_lw", "gn_scaling", "famo", "db_mtl", "stch",
                 "excess_mtl", "excess_mtl_scalar", "imtl_l", "imtl" })
            QTest::newRow(id) << QString(id);
    }
    void restoredMethodContinuesIdentically()
    {
        QFETCH(QString, row);
        const std::string id = methodIdOf(row.toStdString());
        const int tasks = 3;
        const auto params = paramsFor(row.toStdString());
        const std::vector<test::LossWeightingStep> sequence = steps(tasks);
        auto original = test::makeMethod(id, tasks, params);
        QVERIFY(original->weightsHeads());
        const std::size_t split = 5;
        for (std::size_t k = 0; k < split; ++k)
            test::runStep(*original, sequence[k], static_cast<long long>(k));
        auto restored = test::makeMethod(id, tasks, params);
        restored->setState(original->state());
        for (std::size_t k = split; k < sequence.size(); ++k) {
            const mtl::MethodOutput a = test::runStep(*original, sequence[k], static_cast<long long>(k));
            const mtl::MethodOutput b = test::runStep(*restored, sequence[k], static_cast<long long>(k));
            MTW_COMPARE_VECTORS(b.weights, a.weights, 0, 0);
            QCOMPARE(b.hasDirection, a.hasDirection);
            if (a.hasDirection)
                MTW_COMPARE_VECTORS(b.direction, a.direction, 0, 0);
            QVERIFY(a.weights.allFinite());
        }
        const bool stateful = mtl::MethodRegistry::instance().find(id)->properties.stateful;
        QCOMPARE(!original->state().empty(), stateful);
    }

    void stateOfAnotherTaskCountIsRefused()
    {
        for (const char* id : { "uw", "dwa", "gradnorm", "ema_lw", "famo", "stch", "excess_mtl", "imtl_l", "imtl" }) {
            auto two = test::makeMethod(id, 2);
            test::runStep(*two, steps(2)[0]);
            auto three = test::makeMethod(id, 3);
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, three->setState(two->state()));
        }
    }
};

QTEST_GUILESS_MAIN(TestLossWeightingState)
#include "tst_loss_weighting_state.moc"

// The joint step's backward path: loss-only methods (weights from the losses alone) take one
// backward of the weighted loss on steps without diagnostics and the per-task backward on
// recorded and matrix steps; methods that need G or J always take the per-task backward. The
// single backward trains like the per-task one (float tolerance, the rounding differs) and keeps
// the same bits with 1 and 2 threads.
#include "common/compare.h"
#include "engine/trainer.h"
#include "problem/hard_sharing_network.h"
#include "synthetic_experiment.h"

#include <QTest>

using namespace mtw;

namespace {

long long trunkBackwardDeltas(const engine::Trainer& trainer)
{
    const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&trainer.problem());
    return network ? network->trunkBackwardDeltas() : -1;
}

// Diagnostics every `recordEvery` steps and no conflict matrices; long enough that the last-step
// record never falls inside the steps the tests take.
engine::Experiment experiment(const std::string& method, long long recordEvery, int threads = 1)
{
    engine::Experiment e = test::syntheticExperiment(method, 3, threads);
    e.recordEvery = recordEvery;
    e.matrixEvery = 0;
    e.evaluateEvery = 0;
    e.steps = 1000;
    return e;
}

} // namespace

class TestJointStep : public QObject {
    Q_OBJECT
private slots:
    void backwardPathFollowsTheMethodAndTheDiagnostics_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("lossOnly");
        QTest::newRow("ew") << "ew" << true;
        QTest::newRow("fixed") << "fixed" << true;
        QTest::newRow("rlw") << "rlw" << true;
        QTest::newRow("uw") << "uw" << true;
        QTest::newRow("dwa") << "dwa" << true;
        QTest::newRow("gls") << "gls" << true;
        QTest::newRow("mgda-needs-the-gramian") << "mgda" << false;
        QTest::newRow("graddrop-needs-the-jacobian") << "graddrop" << false;
        QTest::newRow("gradnorm-needs-the-norms") << "gradnorm" << false;
    }
    void backwardPathFollowsTheMethodAndTheDiagnostics()
    {
        QFETCH(QString, method);
        QFETCH(bool, lossOnly);
        engine::Trainer trainer(experiment(method.toStdString(), 5));
        QVERIFY(trainer.advance(20).empty());
        // Steps 0, 5, 10, 15 are recorded: 3 task deltas each; the other 16 steps 1 or 3.
        const long long expected = lossOnly ? 4 * 3 + 16 * 1 : 20 * 3;
        QCOMPARE(trunkBackwardDeltas(trainer), expected);
    }

    void matrixStepsTakeThePerTaskBackward()
    {
        engine::Experiment e = experiment("ew", 1000);
        e.matrixEvery = 4;
        engine::Trainer trainer(e);
        QVERIFY(trainer.advance(8).empty());
        // Step 0 is recorded and a matrix step, step 4 a matrix step: 3 deltas each, 6 steps 1 each.
        QCOMPARE(trunkBackwardDeltas(trainer), 2 * 3 + 6 * 1LL);
    }

    void singleBackwardTrainsLikePerTaskBackward_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("ew") << "ew";
        QTest::newRow("fixed") << "fixed";
        QTest::newRow("uw") << "uw";
        QTest::newRow("dwa") << "dwa";
    }
    void singleBackwardTrainsLikePerTaskBackward()
    {
        QFETCH(QString, method);
        // Recording every step forces the per-task backward on every step.
        engine::Trainer perTask(experiment(method.toStdString(), 1));
        engine::Trainer single(experiment(method.toStdString(), 1000));
        QVERIFY(perTask.advance(30).empty());
        QVERIFY(single.advance(30).empty());
        QCOMPARE(trunkBackwardDeltas(perTask), 30 * 3LL);
        QCOMPARE(trunkBackwardDeltas(single), 3 + 29LL);
        const core::Vector& a = perTask.parameters();
        const core::Vector& b = single.parameters();
        QVERIFY(a != b); // the rounding differs, so the test would notice a path that is not taken
        MTW_COMPARE_VECTORS(b, a, 1e-3, 1e-4);
        MTW_COMPARE_VECTORS(single.problem().lossesAt(b), perTask.problem().lossesAt(a), 1e-4, 1e-6);
    }

    void singleBackwardSameBitsWithOneOrTwoThreads_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("ew") << "ew";
        QTest::newRow("rlw") << "rlw";
    }
    void singleBackwardSameBitsWithOneOrTwoThreads()
    {
        QFETCH(QString, method);
        engine::Trainer one(experiment(method.toStdString(), 7, 1));
        engine::Trainer two(experiment(method.toStdString(), 7, 2));
        QVERIFY(one.advance(40).empty());
        QVERIFY(two.advance(40).empty());
        QVERIFY(one.parameters() == two.parameters()); // bit for bit
    }
};

QTEST_GUILESS_MAIN(TestJointStep)
#include "tst_joint_step.moc"

// The trainer: losses fall on the toy and on the synthetic family with every registered method;
// a seed gives bit-identical results with 1 and 2 threads; NaN data and divergence end the run
// with a clear reason; stop, pause and single steps work; observers see every recorded step.
#include "data/synthetic_task_family.h"
#include "engine/trainer.h"
#include "mtl/method_registry.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"
#include "synthetic_experiment.h"

#include <QTest>
#include <thread>

using namespace mtw;

namespace {

engine::Experiment syntheticExperiment(const std::string& method, int threads)
{
    return test::syntheticExperiment(method, 3, threads);
}

class CountingObserver final : public engine::Observer {
public:
    void onSnapshot(const engine::SnapshotPtr& snapshot) override
    {
        records += static_cast<long long>(snapshot->steps.size());
        last = snapshot;
    }
    long long records = 0;
    engine::SnapshotPtr last;
};

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void toyLossesFall()
    {
        engine::Experiment e = engine::demoExperiment("ew");
        e.steps = 3000;
        engine::Trainer trainer(e);
        const Eigen::VectorXd initial = trainer.problem().lossesAt(trainer.parameters());
        const engine::RunOutcome outcome = trainer.run();
        QCOMPARE(outcome.status, engine::RunStatus::Finished);
        QCOMPARE(outcome.steps, 3000LL);
        QVERIFY(outcome.finalLosses.sum() < initial.sum());
    }

    void syntheticFamilyTrainsWithEveryMethod_data()
    {
        QTest::addColumn<QString>("method");
        for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
            QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }
    void syntheticFamilyTrainsWithEveryMethod()
    {
        QFETCH(QString, method);
        engine::Experiment e = syntheticExperiment(method.toStdString(), 0);
        engine::Trainer trainer(e);
        const double initial = trainer.problem().lossesAt(trainer.parameters()).mean();
        const engine::RunOutcome outcome = trainer.run();
        QVERIFY2(outcome.status == engine::RunStatus::Finished, outcome.message.c_str());
        const double final = outcome.finalLosses.mean();
        QVERIFY2(
            final < 0.6 * initial, qPrintable(QString("%1: mean loss %2 -> %3").arg(method).arg(initial).arg(final)));
    }

    void sameSeedSameBitsWithOneOrTwoThreads_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("ew") << "ew";
        QTest::newRow("rlw") << "rlw";
    }
    void sameSeedSameBitsWithOneOrTwoThreads()
    {
        QFETCH(QString, method);
        engine::Experiment one = syntheticExperiment(method.toStdString(), 1);
        engine::Experiment two = syntheticExperiment(method.toStdString(), 2);
        one.steps = two.steps = 60;
        const engine::RunOutcome a = engine::Trainer(one).run();
        const engine::RunOutcome b = engine::Trainer(two).run();
        const engine::RunOutcome c = engine::Trainer(two).run();
        QCOMPARE(a.finalParameters.size(), b.finalParameters.size());
        QVERIFY(a.finalParameters == b.finalParameters); // bit for bit
        QVERIFY(b.finalParameters == c.finalParameters);
        engine::Experiment other = two;
        other.seed = 12;
        QVERIFY(engine::Trainer(other).run().finalParameters != b.finalParameters);
    }

    void nanInDataEndsTheRunWithAReason()
    {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = 2;
        options.samples = 100;
        options.features = 4;
        data::MultiTaskDataset dataset = data::makeSyntheticTaskFamily(options);
        for (core::Index i : dataset.train)
            dataset.features(1, i) = std::numeric_limits<float>::quiet_NaN();
        auto shared = std::make_shared<const data::MultiTaskDataset>(std::move(dataset));
        std::vector<core::Sequential> heads;
        heads.push_back(problem::buildHead(8, {}, "relu", 1));
        heads.push_back(problem::buildHead(8, {}, "relu", 1));
        auto network = std::make_unique<problem::HardSharingNetwork>(
            "nan", shared, problem::buildMlp(4, { 8 }, "relu"), std::move(heads), 16);
        engine::Experiment e = syntheticExperiment("ew", 1);
        engine::Trainer trainer(e, std::move(network));
        const engine::RunOutcome outcome = trainer.run();
        QCOMPARE(outcome.status, engine::RunStatus::Failed);
        QVERIFY2(
            QString::fromStdString(outcome.message).contains("non-finite loss at step 0"), outcome.message.c_str());
        QVERIFY(QString::fromStdString(outcome.message).contains("task1"));
    }

    void divergenceEndsTheRunWithAReason()
    {
        engine::Experiment e = syntheticExperiment("ew", 1);
        e.optimizer.type = "sgd";
        e.optimizer.learningRate = 1e4;
        e.divergenceThreshold = 1e6;
        CountingObserver observer;
        engine::Trainer trainer(e);
        trainer.setObserver(&observer);
        const engine::RunOutcome outcome = trainer.run();
        QCOMPARE(outcome.status, engine::RunStatus::Failed);
        const QString message = QString::fromStdString(outcome.message);
        QVERIFY2(message.contains("diverged") || message.contains("non-finite"), outcome.message.c_str());
        // What was recorded before the failure still reached the observer.
        QVERIFY(observer.records > 0);
        QCOMPARE(observer.last->status, engine::RunStatus::Failed);
    }

    void stopBeforeTheFirstStep()
    {
        engine::Experiment e = engine::demoExperiment("ew");
        engine::RunControl control;
        control.requestStop();
        engine::Trainer trainer(e);
        trainer.setControl(&control);
        const engine::RunOutcome outcome = trainer.run();
        QCOMPARE(outcome.status, engine::RunStatus::Stopped);
        QCOMPARE(outcome.steps, 0LL);
    }

    void pauseAndSingleSteps()
    {
        engine::Experiment e = engine::demoExperiment("ew");
        engine::RunControl control;
        control.setPaused(true);
        CountingObserver observer;
        engine::Trainer trainer(e);
        trainer.setControl(&control);
        trainer.setObserver(&observer);
        engine::RunOutcome outcome;
        std::thread worker([&] { outcome = trainer.run(); });
        for (int i = 0; i < 3; ++i)
            control.requestSingleStep();
        QTRY_COMPARE_WITH_TIMEOUT(trainer.stepsDone(), 3LL, 5000);
        QTest::qWait(50);
        QCOMPARE(trainer.stepsDone(), 3LL); // paused: no more steps
        control.requestStop();
        worker.join();
        QCOMPARE(outcome.status, engine::RunStatus::Stopped);
        QCOMPARE(outcome.steps, 3LL);
    }

    void observerSeesEveryRecordedStep()
    {
        engine::Experiment e = engine::demoExperiment("ew");
        e.steps = 2000;
        e.recordEvery = 7;
        CountingObserver observer;
        engine::Trainer trainer(e);
        trainer.setObserver(&observer);
        trainer.run();
        // Steps 0, 7, ..., 1995 (286 of them) plus the last step 1999.
        QCOMPARE(observer.records, 287LL);
        QCOMPARE(observer.last->status, engine::RunStatus::Finished);
        QCOMPARE(observer.last->parameters.size(), Eigen::Index(2));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"

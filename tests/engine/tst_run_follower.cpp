// Stored runs read back as the snapshots a live run sends (issue 12): every series, matrix and
// evaluation equal to the live ones, a run followed while it is written ending equal to reading
// it afterwards, and damaged, foreign or newer stores refused with the reason.
#include "engine/run_follower.h"
#include "engine/run_job.h"
#include "engine/run_store.h"
#include "synthetic_experiment.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <sqlite3.h>
#include <thread>
#include <tuple>

using namespace mtw;

namespace {

class Collector : public engine::Observer {
public:
    void onSnapshot(const engine::SnapshotPtr& snapshot) override
    {
        std::lock_guard<std::mutex> lock(mutex);
        snapshots.push_back(snapshot);
    }
    std::mutex mutex;
    std::vector<engine::SnapshotPtr> snapshots;
};

// Everything a run recorded, concatenated from its snapshots in order.
struct Records {
    std::vector<engine::StepRecord> steps;
    std::vector<engine::MatrixRecord> matrices;
    std::vector<engine::EvaluationRecord> evaluations;
    std::vector<engine::FactorRecord> factors;
    void add(const engine::Snapshot& s)
    {
        steps.insert(steps.end(), s.steps.begin(), s.steps.end());
        matrices.insert(matrices.end(), s.matrices.begin(), s.matrices.end());
        evaluations.insert(evaluations.end(), s.evaluations.begin(), s.evaluations.end());
        factors.insert(factors.end(), s.factors.begin(), s.factors.end());
    }
};

// Equal, or both non-finite (the store writes NaN and infinities as NULL, read back as NaN).
bool same(double a, double b)
{
    return a == b || (!std::isfinite(a) && !std::isfinite(b));
}

// The factor records in the store's order (step, task, name); live ones come in measuring order.
std::vector<engine::FactorRecord> sortedFactors(std::vector<engine::FactorRecord> records)
{
    std::sort(records.begin(), records.end(), [](const engine::FactorRecord& a, const engine::FactorRecord& b) {
        return std::tie(a.step, a.task, a.name) < std::tie(b.step, b.task, b.name);
    });
    return records;
}

// Bitwise equality with NaN equal to NaN (the store writes non-finite values as NULL).
bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return false;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        if (!(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i]))))
            return false;
    return true;
}

QString differenceBetween(const Records& live, const Records& stored)
{
    if (live.steps.size() != stored.steps.size())
        return QString("steps: %1 live, %2 stored").arg(live.steps.size()).arg(stored.steps.size());
    for (std::size_t i = 0; i < live.steps.size(); ++i) {
        const engine::StepRecord &a = live.steps[i], &b = stored.steps[i];
        const bool equal = a.step == b.step && a.epoch == b.epoch && a.learningRate == b.learningRate
            && same(a.losses, b.losses) && same(a.weights, b.weights) && same(a.gradientNorms, b.gradientNorms)
            && same(a.alignment, b.alignment) && same(a.slowdown, b.slowdown) && a.directionNorm == b.directionNorm
            && a.conflictFraction == b.conflictFraction && a.nonConflicting == b.nonConflicting
            && same(a.point, b.point) && a.extras == b.extras && same(a.magnitudeSimilarity, b.magnitudeSimilarity);
        if (!equal)
            return QString("step record %1 differs").arg(a.step);
    }
    if (live.matrices.size() != stored.matrices.size())
        return QString("matrices: %1 live, %2 stored").arg(live.matrices.size()).arg(stored.matrices.size());
    for (std::size_t i = 0; i < live.matrices.size(); ++i)
        if (live.matrices[i].step != stored.matrices[i].step
            || !same(live.matrices[i].cosine, stored.matrices[i].cosine))
            return QString("matrix %1 differs").arg(i);
    if (live.evaluations.size() != stored.evaluations.size())
        return QString("evaluations: %1 live, %2 stored").arg(live.evaluations.size()).arg(stored.evaluations.size());
    for (std::size_t i = 0; i < live.evaluations.size(); ++i) {
        const engine::EvaluationRecord &a = live.evaluations[i], &b = stored.evaluations[i];
        if (a.step != b.step || a.split != b.split || a.tasks.size() != b.tasks.size())
            return QString("evaluation %1 differs in step, split or size").arg(i);
        for (std::size_t t = 0; t < a.tasks.size(); ++t)
            if (a.tasks[t].loss != b.tasks[t].loss || a.tasks[t].metric != b.tasks[t].metric
                || a.tasks[t].metricName != b.tasks[t].metricName
                || a.tasks[t].higherIsBetter != b.tasks[t].higherIsBetter)
                return QString("evaluation %1 task %2 differs").arg(i).arg(t);
    }
    const std::vector<engine::FactorRecord> a = sortedFactors(live.factors), b = sortedFactors(stored.factors);
    if (a.size() != b.size())
        return QString("factors: %1 live, %2 stored").arg(a.size()).arg(b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].step != b[i].step || a[i].task != b[i].task || a[i].name != b[i].name || !same(a[i].value, b[i].value))
            return QString("factor %1 (%2 of task %3 at step %4) differs")
                .arg(i)
                .arg(QString::fromStdString(a[i].name))
                .arg(a[i].task)
                .arg(a[i].step);
    return {};
}

Records readAll(engine::RunFollower& follower, long long chunk, engine::SnapshotPtr* last = nullptr)
{
    Records records;
    do {
        const engine::SnapshotPtr snapshot = follower.poll(chunk);
        if (!snapshot)
            break;
        records.add(*snapshot);
        if (last)
            *last = snapshot;
    } while (follower.hasMore());
    return records;
}

QString refusal(const std::string& directory)
{
    try {
        engine::RunFollower follower(directory);
    } catch (const engine::RunStoreError& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

void execute(const std::string& database, const char* sql)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(database.c_str(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

std::string writeRun(
    const QTemporaryDir& root, const QString& name, const engine::Experiment& e, Records* live = nullptr)
{
    const std::string directory = root.filePath(name).toStdString();
    Collector collector;
    engine::RunJob job(e, directory, {});
    if (job.run(&collector, nullptr).status != engine::RunStatus::Finished)
        return {};
    if (live)
        for (const engine::SnapshotPtr& s : collector.snapshots)
            live->add(*s);
    return directory;
}

} // namespace

class TestRunFollower : public QObject {
    Q_OBJECT
private slots:
    void storedNetworkRunEqualsItsLiveSnapshots()
    {
        QTemporaryDir root;
        engine::Experiment e = test::syntheticExperiment("pcgrad");
        e.steps = 120;
        e.matrixEvery = 7;
        e.evaluateEvery = 25;
        // Factors too (a small sample and few power iterations keep it quick).
        e.factors.every = 40;
        e.factors.samples = 96;
        e.factors.batchSize = 32;
        e.factors.sharpnessIterations = 4;
        e.factors.samRho = { 0.05, 0.1 };
        Records live;
        const std::string directory = writeRun(root, "run", e, &live);
        QVERIFY(!directory.empty());
        QVERIFY(!live.evaluations.empty() && !live.matrices.empty());
        // Steps 0, 1, 2, 4, 8, 16, 32, 40, 80, 120; per step loss, sharpness, its product count and
        // two SAM values per task and total, and Fisher, coherence, noise scale, gradient norm and
        // cosine per task, and the two 3 x 3 look-ahead affinities.
        QCOMPARE(live.factors.size(), std::size_t(10 * (5 * 4 + 3 * 5 + 2 * 3 * 3)));
        for (long long chunk : { 17LL, 5000LL }) { // chunked reads join up to the same records
            engine::RunFollower follower(directory);
            engine::SnapshotPtr last;
            const Records stored = readAll(follower, chunk, &last);
            const QString difference = differenceBetween(live, stored);
            QVERIFY2(difference.isEmpty(), qPrintable(difference));
            QCOMPARE(last->status, engine::RunStatus::Finished);
            QCOMPARE(last->step, 120LL);
            QCOMPARE(follower.taskNames().size(), std::size_t(3));
            QCOMPARE(follower.finalLosses().size(), std::size_t(3));
            QVERIFY(!follower.poll()); // nothing new
        }
    }

    void storedToyRunKeepsItsTrajectoryAndFinalPoint()
    {
        QTemporaryDir root;
        engine::Experiment e = engine::demoExperiment();
        e.steps = 200;
        Records live;
        Collector collector;
        const std::string directory = root.filePath("toy").toStdString();
        engine::RunJob job(e, directory, {});
        const engine::RunOutcome outcome = job.run(&collector, nullptr);
        for (const engine::SnapshotPtr& s : collector.snapshots)
            live.add(*s);
        engine::RunFollower follower(directory);
        engine::SnapshotPtr last;
        const Records stored = readAll(follower, 64, &last);
        const QString difference = differenceBetween(live, stored);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(stored.steps.front().point.size(), Eigen::Index(2));
        QVERIFY2(same(last->parameters, outcome.finalParameters.cast<double>()),
            qPrintable(
                QString("%1 %2 vs %3 %4")
                    .arg(last->parameters.size())
                    .arg(last->parameters.size() ? last->parameters(0) : 0.0, 0, 'g', 17)
                    .arg(outcome.finalParameters.size())
                    .arg(outcome.finalParameters.size() ? double(outcome.finalParameters(0)) : 0.0, 0, 'g', 17)));
    }

    void runFollowedWhileWrittenEndsEqualToReadingItAfterwards()
    {
        QTemporaryDir root;
        engine::Experiment e = test::syntheticExperiment("mgda");
        e.steps = 400;
        e.snapshotMilliseconds = 5;
        const std::string directory = root.filePath("live").toStdString();
        engine::RunControl control;
        control.setPaused(true);
        auto job = std::make_unique<engine::RunJob>(e, directory, engine::RunJobOptions {});
        std::thread writer([&] { job->run(nullptr, &control); });
        engine::RunFollower follower(directory);
        Records followed;
        engine::SnapshotPtr first = follower.poll(50);
        QVERIFY(first);
        QCOMPARE(first->status, engine::RunStatus::Running); // the writer holds the lock
        followed.add(*first);
        control.setPaused(false);
        int polls = 1;
        engine::RunStatus status = engine::RunStatus::Running;
        QElapsedTimer clock;
        clock.start();
        while ((status == engine::RunStatus::Running || follower.hasMore()) && clock.elapsed() < 120000) {
            if (const engine::SnapshotPtr s = follower.poll(50)) {
                followed.add(*s);
                status = s->status;
                ++polls;
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        }
        writer.join();
        job.reset();
        QCOMPARE(status, engine::RunStatus::Finished);
        QVERIFY2(polls > 3, "the follower saw the run only once");
        engine::RunFollower afterwards(directory);
        const Records stored = readAll(afterwards, 5000);
        const QString difference = differenceBetween(stored, followed);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QCOMPARE(stored.steps.size(), std::size_t(400));
    }

    void damagedForeignAndNewerStoresAreRefusedWithTheReason()
    {
        QTemporaryDir root;
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 10;
        const std::string directory = writeRun(root, "run", e);
        QVERIFY(!directory.empty());
        const std::string database = directory + "/run.sqlite";

        QVERIFY(refusal(root.filePath("missing").toStdString()).contains("is not a directory"));
        QVERIFY(refusal(root.path().toStdString()).contains("not a run directory"));

        QDir().mkpath(root.filePath("copy"));
        const auto copyRun = [&](const QString& name) {
            const QString target = root.filePath(name);
            QDir().mkpath(target);
            QFile::copy(QString::fromStdString(directory + "/experiment.json"), target + "/experiment.json");
            QFile::copy(QString::fromStdString(database), target + "/run.sqlite");
            return target.toStdString();
        };
        // Garbage in place of the database.
        const std::string garbage = copyRun("garbage");
        {
            QFile file(QString::fromStdString(garbage + "/run.sqlite"));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray(8192, 'x'));
        }
        QString reason = refusal(garbage);
        QVERIFY2(reason.contains("run.sqlite") && (reason.contains("not a database") || reason.contains("damaged")),
            qPrintable(reason));
        // A truncated database (the header page only).
        const std::string truncated = copyRun("truncated");
        QVERIFY(QFile::resize(QString::fromStdString(truncated + "/run.sqlite"), 1024));
        reason = refusal(truncated);
        QVERIFY2(reason.contains("run.sqlite"), qPrintable(reason));
        // A missing table.
        const std::string noTasks = copyRun("no-tasks");
        execute(noTasks + "/run.sqlite", "DROP TABLE tasks;");
        reason = refusal(noTasks);
        QVERIFY2(reason.contains("damaged or not a run database") && reason.contains("tasks"), qPrintable(reason));
        // A newer format and a foreign SQLite file.
        const std::string newer = copyRun("newer");
        execute(newer + "/run.sqlite", "UPDATE meta SET value = 'mtw-run/2' WHERE key = 'schema';");
        reason = refusal(newer);
        QVERIFY2(reason.contains("mtw-run/2") && reason.contains("newer"), qPrintable(reason));
        const std::string foreign = copyRun("foreign");
        execute(foreign + "/run.sqlite", "DELETE FROM meta;");
        reason = refusal(foreign);
        QVERIFY2(reason.contains("not an MTL Workbench run store"), qPrintable(reason));
        // A broken steps table is reported by poll(), not a crash.
        const std::string noSteps = copyRun("no-steps");
        execute(noSteps + "/run.sqlite", "DROP TABLE steps;");
        engine::RunFollower follower(noSteps);
        try {
            follower.poll();
            QFAIL("a store without its steps table was read");
        } catch (const engine::RunStoreError& error) {
            QVERIFY2(QString(error.what()).contains("steps"), error.what());
        }
    }

    void runWithoutSummaryOrWriterIsInterrupted()
    {
        QTemporaryDir root;
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 10;
        const std::string directory = writeRun(root, "run", e);
        QVERIFY(QFile::remove(QString::fromStdString(directory + "/summary.json")));
        engine::RunFollower follower(directory);
        const engine::SnapshotPtr s = follower.poll();
        QCOMPARE(s->status, engine::RunStatus::Stopped);
        QVERIFY(QString::fromStdString(s->message).contains("interrupted"));
        QCOMPARE(s->steps.size(), std::size_t(10));
    }
};

QTEST_GUILESS_MAIN(TestRunFollower)
#include "tst_run_follower.moc"

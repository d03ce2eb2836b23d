// The run job (issue 9): one run per directory, one writer at a time, resume refusing changed input
// files, input paths stored absolute, a checkpoint from the start so any killed run can be resumed.
#include "engine/checkpoint.h"
#include "engine/run_job.h"
#include "synthetic_experiment.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <unistd.h>

using namespace mtw;

namespace {

void writeCsv(const QString& path, int rows, double scale = 1.0)
{
    std::ofstream out(path.toStdString(), std::ios::trunc);
    out << "x1,x2,x3,y,c\n";
    for (int i = 0; i < rows; ++i) {
        const double a = std::sin(0.37 * i) * scale, b = std::cos(0.11 * i), c = (i % 7) / 7.0;
        out << a << "," << b << "," << c << "," << (a + 2 * b - c) << "," << (a > 0 ? 1 : 0) << "\n";
    }
}

engine::Experiment csvExperiment(const std::string& path)
{
    engine::Experiment e;
    e.name = "csv-job";
    e.problem = "csv";
    e.problemParams = { { "path", path }, { "targets", std::string("y:regression,c:classification") } };
    e.modelParams = { { "trunk", std::vector<long long> { 8 } } };
    e.steps = 30;
    e.batchSize = 16;
    e.threads = 1;
    e.evaluateEvery = 10;
    return e;
}

QString errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const std::exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestRunJob : public QObject {
    Q_OBJECT
private slots:
    // Finding 1: a second run into a used directory mixed two runs silently.
    void usedDirectoryIsRefusedAndForceReplacesOnlyARun()
    {
        QTemporaryDir root;
        const std::string directory = root.filePath("run").toStdString();
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 20;
        {
            engine::RunJob job(e, directory, {});
            QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
        }
        const QByteArray summary = contents(root.filePath("run/summary.json"));
        const QString refused = errorOf([&] { engine::RunJob again(e, directory, {}); });
        QVERIFY2(refused.contains("is not empty") && refused.contains("--force"), qPrintable(refused));
        QCOMPARE(contents(root.filePath("run/summary.json")), summary); // nothing touched

        engine::RunJobOptions force;
        force.use = engine::RunDirectoryUse::ReplaceRun;
        {
            engine::Experiment other = e;
            other.seed = 5;
            engine::RunJob job(other, directory, force);
            QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
        }
        QCOMPARE(engine::loadExperiment(directory + "/experiment.json").seed, 5ULL);

        // --force never deletes what is not a run's.
        QFile foreign(root.filePath("run/notes.txt"));
        QVERIFY(foreign.open(QIODevice::WriteOnly));
        foreign.close();
        const QString kept = errorOf([&] { engine::RunJob job(e, directory, force); });
        QVERIFY2(kept.contains("notes.txt") && kept.contains("not a run's"), qPrintable(kept));
        QVERIFY(QFile::exists(root.filePath("run/notes.txt")));
        QVERIFY(QFile::exists(root.filePath("run/run.sqlite")));
    }

    // Finding 2: two writers on one directory were never refused.
    void secondWriterIsRefusedWithTheHoldersPid()
    {
        QTemporaryDir root;
        const std::string directory = root.filePath("run").toStdString();
        const engine::Experiment e = test::syntheticExperiment("ew");
        engine::RunJob first(e, directory, {});
        const QString refused = errorOf([&] { engine::RunJob second(e, directory, {}); });
        QVERIFY2(refused.contains("in use by process " + QString::number(::getpid())), qPrintable(refused));
        engine::RunJobOptions resume;
        resume.use = engine::RunDirectoryUse::ContinueRun;
        QVERIFY(errorOf([&] { engine::RunJob third(e, directory, resume); }).contains("in use"));
    }

    // Finding 3: a resume after the CSV changed crashed (shrunk) or trained on other data silently.
    void changedDataIsRefusedOnResume()
    {
        QTemporaryDir root;
        const QString csv = root.filePath("data.csv");
        writeCsv(csv, 200);
        const std::string directory = root.filePath("run").toStdString();
        {
            engine::RunJob job(csvExperiment(csv.toStdString()), directory, {});
            QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
        }
        const QByteArray summary = contents(root.filePath("run/summary.json"));
        engine::RunJobOptions resume;
        resume.use = engine::RunDirectoryUse::ContinueRun;
        const engine::Experiment stored = engine::loadExperiment(directory + "/experiment.json");

        writeCsv(csv, 200, 1.5); // same rows, other values
        QString refused = errorOf([&] { engine::RunJob job(stored, directory, resume); });
        QVERIFY2(refused.contains("training data changed") && refused.contains("data.csv")
                && refused.contains("--allow-changed-data"),
            qPrintable(refused));

        writeCsv(csv, 60); // shrank: the sampler's indices would point past the rows
        refused = errorOf([&] { engine::RunJob job(stored, directory, resume); });
        QVERIFY2(refused.contains("changed (was"), qPrintable(refused));
        resume.allowChangedData = true;
        refused = errorOf([&] { engine::RunJob job(stored, directory, resume); });
        QVERIFY2(refused.contains("outside the data set"), qPrintable(refused)); // refused, not a crash
        QCOMPARE(contents(root.filePath("run/summary.json")), summary); // the finished run is intact

        writeCsv(csv, 200);
        resume.allowChangedData = false;
        engine::Experiment longer = stored;
        longer.steps = 40;
        engine::RunJob job(longer, directory, resume);
        QCOMPARE(job.trainer().stepsDone(), 30LL);
        QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
    }

    // Finding 3: a relative CSV path broke `resume` from another working directory.
    void inputPathsAreStoredAbsolute()
    {
        QTemporaryDir root;
        writeCsv(root.filePath("data.csv"), 120);
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(root.path()));
        {
            engine::RunJob job(csvExperiment("data.csv"), root.filePath("run").toStdString(), {});
            QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
        }
        QVERIFY(QDir::setCurrent(QDir::tempPath()));
        const engine::Experiment stored = engine::loadExperiment(root.filePath("run/experiment.json").toStdString());
        const std::string path = std::get<std::string>(stored.problemParams.at("path"));
        QCOMPARE(QString::fromStdString(path), QDir(root.path()).absoluteFilePath("data.csv"));
        engine::RunJobOptions resume;
        resume.use = engine::RunDirectoryUse::ContinueRun;
        const QString error = errorOf([&] { engine::RunJob job(stored, root.filePath("run").toStdString(), resume); });
        QDir::setCurrent(previous);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // Found by the SIGKILL test: the end-of-run checkpoint was written before the last records, so
    // a run killed between the two resumed at its end with those records missing for good.
    void lastRecordsReachTheStoreBeforeTheFinalCheckpoint()
    {
        QTemporaryDir root;
        const std::string directory = root.filePath("run").toStdString();
        engine::Experiment e = test::syntheticExperiment("ew");
        e.snapshotMilliseconds = 60000; // everything after the start arrives in the final snapshot
        struct FinalSnapshot : engine::Observer {
            std::string path;
            double checkpointStepAtFinalRecords = -1;
            void onSnapshot(const engine::SnapshotPtr& snapshot) override
            {
                if (snapshot->status == engine::RunStatus::Finished && checkpointStepAtFinalRecords < 0)
                    checkpointStepAtFinalRecords = engine::Checkpoint::read(path).vector("step").at(0);
            }
        } observer;
        observer.path = engine::checkpointPathIn(directory);
        engine::RunJob job(e, directory, {});
        QCOMPARE(job.run(&observer, nullptr).status, engine::RunStatus::Finished);
        QCOMPARE(observer.checkpointStepAtFinalRecords, 0.0); // still the start's checkpoint
        QCOMPARE(engine::Checkpoint::read(observer.path).vector("step").at(0), 300.0);
    }

    // Finding 7: a run killed before its first checkpoint could not be resumed.
    void checkpointIsWrittenAtTheStart()
    {
        QTemporaryDir root;
        const std::string directory = root.filePath("run").toStdString();
        engine::Experiment e = test::syntheticExperiment("ew");
        struct FirstSnapshot : engine::Observer {
            std::string path;
            bool sawCheckpointAfterStart = false;
            int snapshots = 0;
            void onSnapshot(const engine::SnapshotPtr&) override
            {
                // The first flush precedes the start checkpoint (records first); by the second it exists.
                if (++snapshots == 2)
                    sawCheckpointAfterStart = QFile::exists(QString::fromStdString(path));
            }
        } observer;
        observer.path = engine::checkpointPathIn(directory);
        e.snapshotMilliseconds = 1;
        {
            engine::RunJob job(e, directory, {});
            QCOMPARE(job.run(&observer, nullptr).status, engine::RunStatus::Finished);
        }
        QVERIFY(observer.sawCheckpointAfterStart);

        // A directory with an experiment but no checkpoint (killed during set-up) starts over.
        QVERIFY(QFile::remove(QString::fromStdString(engine::checkpointPathIn(directory))));
        engine::RunJobOptions resume;
        resume.use = engine::RunDirectoryUse::ContinueRun;
        const engine::Experiment stored = engine::loadExperiment(directory + "/experiment.json");
        engine::RunJob again(stored, directory, resume);
        QVERIFY(QString::fromStdString(again.resumeNote()).contains("starts again from step 0"));
        QCOMPARE(again.trainer().stepsDone(), 0LL);
    }
};

QTEST_GUILESS_MAIN(TestRunJob)
#include "tst_run_job.moc"

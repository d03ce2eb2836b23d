// The run store: a run's directory holds the experiment, a SQLite database with every recorded
// step, matrix and evaluation, and a summary; unwritable locations are clear errors; names are
// safe path components; a busy database is waited for; a resume drops records after its checkpoint;
// the meta table names the kernels that computed the run.
#include "engine/run_store.h"
#include "engine/trainer.h"

#include "core/kernel_info.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <sqlite3.h>
#include <thread>

using namespace mtw;

namespace {
long long count(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    long long value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}
} // namespace

class TestRunStore : public QObject {
    Q_OBJECT
private slots:
    void runWritesEverything()
    {
        QTemporaryDir root;
        engine::Experiment e = engine::demoExperiment("ew");
        e.steps = 500;
        e.recordEvery = 1;
        e.matrixEvery = 100;
        e.evaluateEvery = 250;
        const std::string directory = root.filePath("run").toStdString();
        engine::Trainer trainer(e);
        {
            engine::RunStore store(directory, e, trainer.taskNames());
            trainer.setRunStore(&store);
            const engine::RunOutcome outcome = trainer.run();
            QCOMPARE(outcome.status, engine::RunStatus::Finished);
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2((directory + "/run.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM steps"), 500LL);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM task_steps"), 1000LL);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM matrices"), 6LL); // steps 0, 100, ..., 400 and the last, 499
        QCOMPARE(count(db, "SELECT COUNT(*) FROM evaluations WHERE step = 0"), 2LL);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM evaluations WHERE step = 500"), 2LL);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM tasks"), 2LL);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM steps WHERE x1 IS NOT NULL"), 500LL);
        QCOMPARE(count(db, "SELECT MAX(step) FROM steps"), 499LL);
        // The kernels that computed the run: a seed's bits depend on them (core/gemm_dispatch.h).
        sqlite3_stmt* kernels = nullptr;
        QCOMPARE(
            sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'kernels'", -1, &kernels, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(kernels), SQLITE_ROW);
        const std::string recorded = reinterpret_cast<const char*>(sqlite3_column_text(kernels, 0));
        sqlite3_finalize(kernels);
        QCOMPARE(recorded, core::kernelDescription());
        QVERIFY2(recorded.find("matrix products: ") != std::string::npos, recorded.c_str());
        sqlite3_close(db);

        QFile summary(QString::fromStdString(directory + "/summary.json"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(summary.readAll()).object();
        QCOMPARE(json["status"].toString(), QString("finished"));
        QCOMPARE(json["steps"].toInt(), 500);
        QCOMPARE(engine::loadExperiment(directory + "/experiment.json").steps, 500LL);
    }

    void unwritableLocationIsAClearError()
    {
        QTemporaryDir root;
        QFile blocker(root.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where a directory should go
        blocker.close();
        try {
            engine::RunStore store(root.filePath("file/run").toStdString(), engine::demoExperiment("ew"), { "a", "b" });
            QFAIL("no error");
        } catch (const engine::RunStoreError& error) {
            QVERIFY2(QString(error.what()).contains("cannot create run directory"), error.what());
        }
    }

    void newRunDirectoriesAreUnique()
    {
        QTemporaryDir root;
        const std::string a = engine::RunStore::newRunDirectory(root.path().toStdString(), "x");
        QVERIFY(QDir(QString::fromStdString(a)).exists()); // created, so no other run can take it
        const std::string b = engine::RunStore::newRunDirectory(root.path().toStdString(), "x");
        QVERIFY(a != b);
    }

    // Issue 9, finding 4: a 240-character name aborted `run`; "../" wrote outside the root.
    void experimentNamesBecomeOneSafeComponent()
    {
        QTemporaryDir root;
        const QString rootPath = QDir(root.path()).canonicalPath();
        for (const std::string& name : { std::string(300, 'a'), std::string("../../escape"), std::string("a/b\nc"),
                 std::string(".."), std::string("") }) {
            const QString made
                = QString::fromStdString(engine::RunStore::newRunDirectory(rootPath.toStdString(), name));
            const QFileInfo info(made);
            QVERIFY2(info.isDir(), qPrintable(made));
            QCOMPARE(QDir(info.absolutePath()).canonicalPath(), rootPath); // directly under the root
            QVERIFY2(info.fileName().size() <= 100, qPrintable(made));
        }
    }

    // Issue 9, finding 5: another process holding the write lock for a moment must not kill the run.
    void busyDatabaseIsWaitedFor()
    {
        QTemporaryDir root;
        const std::string directory = root.filePath("run").toStdString();
        engine::Experiment e = engine::demoExperiment("ew");
        e.steps = 50;
        engine::Trainer trainer(e);
        engine::RunStore store(directory, e, trainer.taskNames());
        sqlite3* other = nullptr;
        QCOMPARE(sqlite3_open((directory + "/run.sqlite").c_str(), &other), SQLITE_OK);
        QCOMPARE(sqlite3_exec(other, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr), SQLITE_OK);
        std::thread holder([other] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            sqlite3_exec(other, "COMMIT;", nullptr, nullptr, nullptr);
        });
        engine::Snapshot snapshot;
        engine::StepRecord record;
        record.step = 0;
        record.losses = Eigen::VectorXd::Ones(2);
        record.weights = Eigen::VectorXd::Ones(2);
        record.gradientNorms = record.alignment = record.slowdown = Eigen::VectorXd::Zero(2);
        snapshot.steps.push_back(record);
        bool written = true;
        try {
            store.append(snapshot);
        } catch (const engine::RunStoreError&) {
            written = false;
        }
        holder.join();
        sqlite3_close(other);
        QVERIFY(written);
    }

    // Resume drops the records a killed run made after its checkpoint.
    void discardFromDropsLaterRecords()
    {
        QTemporaryDir root;
        engine::Experiment e = engine::demoExperiment("ew");
        e.steps = 100;
        e.recordEvery = 1;
        e.evaluateEvery = 25;
        const std::string directory = root.filePath("run").toStdString();
        engine::Trainer trainer(e);
        {
            engine::RunStore store(directory, e, trainer.taskNames());
            trainer.setRunStore(&store);
            QCOMPARE(trainer.run().status, engine::RunStatus::Finished);
            store.discardFrom(50);
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2((directory + "/run.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        QCOMPARE(count(db, "SELECT MAX(step) FROM steps"), 49LL);
        QCOMPARE(count(db, "SELECT MAX(step) FROM task_steps"), 49LL);
        QCOMPARE(count(db, "SELECT MAX(step) FROM evaluations"), 50LL); // made before a checkpoint at 50
        sqlite3_close(db);
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_run_store.moc"

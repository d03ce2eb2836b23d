// One run folder is one run (issue 9), end to end through mtw-cli: a used --out is refused (and
// --force replaces a run), a second writer is refused naming the holder's PID, a run SIGKILLed at
// random moments with default settings resumes to the uninterrupted run bit for bit, resume accepts
// another thread count, long or path-like names stay one directory under runs/.
#include "cli_test_support.h"

#include <QDir>
#include <QRandomGenerator>

using namespace mtw::test;

namespace {

const QByteArray toyExperiment = R"({"name": "toy", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
  "training": {"steps": 2000}, "diagnostics": {"record_every": 10}})";

// A small network with a stateful method (Adam moments, sampler position, UW's log-variances):
// about two seconds of training on one core.
const QByteArray networkExperiment = R"({"name": "net", "problem": {"type": "synthetic_family",
  "params": {"tasks": 3, "samples": 600, "features": 16}}, "model": {"trunk": [32, 16]},
  "method": {"name": "uw"}, "training": {"steps": 6000, "batch_size": 64, "threads": 1},
  "evaluation": {"every": 500}, "diagnostics": {"record_every": 5, "matrix_every": 250, "snapshot_ms": 30}})";

QByteArray everyRecord(const QString& run)
{
    const QString db = run + "/run.sqlite";
    return exactRows(db, "SELECT * FROM steps ORDER BY step")
        + exactRows(db, "SELECT * FROM task_steps ORDER BY step, task")
        + exactRows(db, "SELECT * FROM extras ORDER BY step, name")
        + exactRows(db, "SELECT * FROM matrices ORDER BY step, kind")
        + exactRows(db, "SELECT * FROM evaluations ORDER BY step, split, task");
}

QByteArray finalLosses(const QString& run)
{
    QFile summary(run + "/summary.json");
    summary.open(QIODevice::ReadOnly);
    const QByteArray text = summary.readAll();
    const auto start = text.indexOf("final_losses");
    return start < 0 ? QByteArray() : text.mid(start, text.indexOf("}", start) - start);
}

} // namespace

class TestCliRunFolder : public QObject {
    Q_OBJECT
private slots:
    // Finding 1: `run --out` into a used folder exited 0 and mixed two runs.
    void usedOutIsRefused()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "toy.json", toyExperiment);
        const QString out = dir.filePath("a");
        QCOMPARE(runCli({ "run", file, "--out", out, "--quiet" }).code, 0);
        QFile summaryFile(out + "/summary.json");
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const QByteArray summary = summaryFile.readAll();
        summaryFile.close();
        const Result again = runCli({ "run", file, "--out", out, "--quiet", "--seed", "5", "--steps", "100" });
        QCOMPARE(again.code, 2);
        QVERIFY2(again.err.contains("is not empty") && again.err.contains("--force"), qPrintable(again.err));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        QCOMPARE(summaryFile.readAll(), summary);
        QCOMPARE(countRows(out + "/run.sqlite", "SELECT COUNT(*) FROM steps"), 201LL);
        const Result forced
            = runCli({ "run", file, "--out", out, "--quiet", "--seed", "5", "--steps", "100", "--force" });
        QCOMPARE(forced.code, 0);
        QCOMPARE(countRows(out + "/run.sqlite", "SELECT COUNT(*) FROM steps"), 11LL); // only the new run's rows
    }

    // Finding 2: two processes on one --out were never refused.
    void secondWriterIsRefused()
    {
        QTemporaryDir dir;
        const QByteArray endless = R"({"problem": {"type": "cagrad_toy"}, "training": {"steps": 100000000}})";
        const QString file = writeFile(dir, "long.json", endless);
        const QString out = dir.filePath("busy");
        QProcess first;
        first.start(MTW_CLI_PATH, { "run", file, "--out", out, "--quiet" });
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(out + "/checkpoint.mtwck"), 60000);
        const qint64 holder = first.processId();
        const Result second = runCli({ "run", file, "--out", out, "--quiet", "--force" });
        const Result resume = runCli({ "resume", out, "--quiet" });
        first.kill(); // SIGKILL
        first.waitForFinished();
        QCOMPARE(second.code, 2);
        QVERIFY2(second.err.contains("in use by process " + QString::number(holder)), qPrintable(second.err));
        QCOMPARE(resume.code, 2);
        QVERIFY2(resume.err.contains("in use by process"), qPrintable(resume.err));
        // The kernel dropped the killed holder's lock: the run can now be resumed.
        QVERIFY(QFile::exists(out + "/run.lock"));
    }

    // Findings 7 and 8, the issue's crash-safety test: SIGKILL at 10 random moments with default
    // settings; each resume (with another thread count) ends bit for bit where the uninterrupted run
    // ends, every stored record included.
    void killedAtRandomMomentsResumesBitIdentically()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "net.json", networkExperiment);
        const QString straight = dir.filePath("straight");
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(runCli({ "run", file, "--out", straight, "--quiet" }).code, 0);
        const qint64 runMs = clock.elapsed();
        const QByteArray expected = everyRecord(straight);
        QVERIFY(expected.count('\n') > 1000);
        QRandomGenerator random(20261204);
        int resumedRuns = 0;
        for (int k = 0; k < 10; ++k) {
            const QString out = dir.filePath(QString("killed-%1").arg(k));
            QProcess process;
            process.start(MTW_CLI_PATH, { "run", file, "--out", out, "--quiet" });
            QVERIFY(process.waitForStarted());
            QTest::qWait(static_cast<int>(random.bounded(runMs + 1)));
            process.kill(); // SIGKILL; never ::kill(processId()): 0 once it has exited, which kills our process group
            process.waitForFinished();
            if (!QFile::exists(out + "/experiment.json"))
                continue; // killed before it wrote anything: nothing to resume, nothing lost
            const Result resumed = runCli({ "resume", out, "--quiet", "--threads", "2" });
            QVERIFY2(resumed.code == 0, qPrintable(QString("kill %1: %2").arg(k).arg(resumed.err)));
            QCOMPARE(finalLosses(out), finalLosses(straight));
            QVERIFY2(everyRecord(out) == expected, qPrintable(QString("kill %1: records differ").arg(k)));
            ++resumedRuns;
        }
        qInfo("%d of 10 killed runs had started writing and were resumed (the run takes %lld ms)", resumedRuns, runMs);
        QVERIFY(resumedRuns >= 5);
    }

    // Finding 4: a long name aborted `run`; "../" in a name wrote outside runs/.
    void namesStayOneDirectoryUnderRuns()
    {
        QTemporaryDir dir;
        const QByteArray longName = "{\"name\": \"" + QByteArray(250, 'n')
            + "\", \"problem\": {\"type\": \"cagrad_toy\"}, "
              "\"training\": {\"steps\": 20}}";
        const QByteArray escaping
            = R"({"name": "../../escape", "problem": {"type": "cagrad_toy"}, "training": {"steps": 20}})";
        QProcess process;
        process.setWorkingDirectory(dir.path());
        for (const QByteArray& experiment : { longName, escaping }) {
            process.start(MTW_CLI_PATH, { "run", writeFile(dir, "e.json", experiment), "--quiet" });
            QVERIFY(process.waitForFinished(60000));
            QCOMPARE(process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(process.exitCode(), 0);
        }
        QCOMPARE(QDir(dir.filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 2);
        QVERIFY(!QDir(dir.filePath("escape")).exists() && !QFileInfo::exists(dir.filePath("../escape")));
    }
};

QTEST_GUILESS_MAIN(TestCliRunFolder)
#include "tst_cli_run_folder.moc"

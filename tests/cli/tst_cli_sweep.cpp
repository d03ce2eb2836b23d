// `mtw-cli sweep` end to end (issue 13): plan (table and JSON, located errors), a local sweep with
// a diverging combination (exit code, status and reason, logs), rerunning it (completed runs kept,
// a killed run resumed, failed ones only with --retry-failed), another sweep refused in the same
// directory, the summary table against the run databases, and the Slurm side with stand-in
// `sbatch` and `scontrol` programs (the job script, states such as TIMEOUT and OUT_OF_MEMORY with
// their reasons, and --resubmit-failed submitting only those). The real Slurm test is
// tests/slurm/sweep_slurm_test.sh.
#include "cli_test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace mtw::test;

namespace {

// Four toy runs: two learning rates x two methods; SGD at lr 1e5 diverges (threshold 1e3).
const QByteArray sweepFile = R"({"name": "grid", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
  "optimizer": {"type": "sgd", "lr": 0.01}, "training": {"steps": 300, "threads": 1},
  "evaluation": {"every": 100}, "diagnostics": {"record_every": 10, "divergence_threshold": 1000},
  "sweep": {"axes": [{"key": "method.name", "values": ["ew", "mgda"]},
                     {"key": "optimizer.lr", "values": [0.001, 100000]}]}})";

Result runWithPath(const QStringList& arguments, const QString& binDirectory)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("PATH", binDirectory + ":" + environment.value("PATH"));
    environment.insert("SLURM_CONF", "/nonexistent/slurm.conf"); // never the machine's own cluster
    process.setProcessEnvironment(environment);
    process.start(MTW_CLI_PATH, arguments);
    process.waitForFinished(120000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

QString writeProgram(const QTemporaryDir& dir, const QString& name, const QByteArray& script)
{
    const QString path = writeFile(dir, "bin/" + name, "#!/bin/sh\n" + script);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

QJsonObject statusJson(const QString& directory, const QString& bin = {})
{
    const Result r = bin.isEmpty() ? runCli({ "sweep", "status", directory, "--json" })
                                   : runWithPath({ "sweep", "status", directory, "--json" }, bin);
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

QStringList statesOf(const QJsonObject& status)
{
    QStringList states;
    for (const QJsonValue& run : status["runs"].toArray())
        states << run.toObject()["state"].toString();
    return states;
}

} // namespace

class TestCliSweep : public QObject {
    Q_OBJECT
private slots:
    void planListsEveryCombination()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "sweep.json", sweepFile);
        const Result table = runCli({ "sweep", "plan", file });
        QCOMPARE(table.code, 0);
        QVERIFY2(table.out.contains("3      mgda-lr100000  mgda         100000"), qPrintable(table.out));
        QVERIFY(table.out.contains("total: 4 combinations of grid"));
        const QJsonObject json
            = QJsonDocument::fromJson(runCli({ "sweep", "plan", file, "--json" }).out.toUtf8()).object();
        QCOMPARE(json["total"].toInt(), 4);
        QCOMPARE(json["combinations"].toArray()[1].toObject()["name"].toString(), QString("ew-lr100000"));
        QCOMPARE(
            json["combinations"].toArray()[1].toObject()["values"].toObject()["optimizer.lr"].toDouble(), 100000.0);

        const Result bad = runCli(
            { "sweep", "plan", writeFile(dir, "bad.json", QByteArray(sweepFile).replace("\"mgda\"", "\"mgdaa\"")) });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("sweep combination 2 'mgdaa-lr1e-3' (method.name=mgdaa, optimizer.lr=0.001): method"),
            qPrintable(bad.err));
        const Result asRun = runCli({ "run", file, "--out", dir.filePath("run") });
        QCOMPARE(asRun.code, 2);
        QVERIFY(asRun.err.contains("sweep: this file describes a sweep of runs"));
    }

    void localSweepRunsResumesAndRetries()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "sweep.json", sweepFile);
        const QString out = dir.filePath("out");
        const Result first = runCli({ "sweep", "run", file, "--out", out, "--jobs", "2" });
        QCOMPARE(first.code, 1); // two combinations diverge
        QVERIFY2(first.err.contains("failed: 1 ew-lr100000: diverged at step"), qPrintable(first.err));
        QVERIFY(first.err.contains("sweep: 2/4 completed, 0 running, 2 failed, 0 queued"));
        QVERIFY(QFileInfo::exists(out + "/sweep.json"));
        QVERIFY(QFileInfo::exists(out + "/logs/ew-lr1e-3.log"));
        QCOMPARE(countRows(out + "/ew-lr1e-3/run.sqlite", "SELECT COUNT(*) FROM steps WHERE step = 299"), 1LL);

        QJsonObject status = statusJson(out);
        QCOMPARE(statesOf(status), (QStringList { "completed", "failed", "completed", "failed" }));
        QVERIFY(status["runs"].toArray()[3].toObject()["reason"].toString().contains("diverged"));
        QCOMPARE(runCli({ "sweep", "status", out }).code, 1);

        // A killed writer leaves no summary: the rerun resumes it and keeps the completed run as it was.
        const QByteArray before = exactRows(out + "/mgda-lr1e-3/run.sqlite", "SELECT * FROM steps ORDER BY step");
        QVERIFY(QFile::remove(out + "/ew-lr1e-3/summary.json"));
        QCOMPARE(statesOf(statusJson(out))[0], QString("stopped"));
        const Result again = runCli({ "sweep", "run", file, "--out", out });
        QCOMPARE(again.code, 1); // the failed ones are not retried
        QVERIFY(again.err.contains("(rerun with --retry-failed)"));
        QCOMPARE(statesOf(statusJson(out)), (QStringList { "completed", "failed", "completed", "failed" }));
        QCOMPARE(exactRows(out + "/mgda-lr1e-3/run.sqlite", "SELECT * FROM steps ORDER BY step"), before);
        QFile log(out + "/logs/mgda-lr1e-3.log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(log.readAll().count("sweep grid: combination 2"), qsizetype(1)); // not run twice

        const Result retry = runCli({ "sweep", "run", file, "--out", out, "--retry-failed", "--quiet" });
        QCOMPARE(retry.code, 1); // they diverge again, from the start
        QVERIFY(retry.err.contains("failed: 3 mgda-lr100000: diverged"));

        QVERIFY(runCli({ "sweep", "run", file, "--out", out, "--jobs", "64" }).err.contains("--oversubscribe"));

        QFile changed(file);
        QVERIFY(changed.open(QIODevice::WriteOnly));
        changed.write(QByteArray(sweepFile).replace("100000", "1000"));
        changed.close();
        const Result other = runCli({ "sweep", "run", file, "--out", out });
        QCOMPARE(other.code, 2);
        QVERIFY2(
            other.err.contains("holds another sweep: combination 1 is 'ew-lr100000' there, 'ew-lr1000' in this file"),
            qPrintable(other.err));
    }

    // What a Slurm time limit does: SIGTERM to the task. The run stops at its next step with a
    // checkpoint, `status` calls it stopped, and running the index again resumes it (the steps
    // before the stop are kept; that a resume gives the same bits as a run never stopped is
    // tst_cli's resume test).
    void aTerminatedRunIsStoppedAndResumed()
    {
        QTemporaryDir dir;
        const QByteArray file
            = R"({"name": "long", "problem": {"type": "synthetic_family", "params": {"tasks": 2, "samples": 1000}},
          "model": {"architecture": "mlp", "trunk": [32]}, "method": {"name": "ew"}, "optimizer": {"type": "adam", "lr": 0.001},
          "training": {"steps": 60000, "batch_size": 32, "threads": 1}, "evaluation": {"every": 10000},
          "diagnostics": {"record_every": 10, "matrix_every": 100},
          "sweep": {"axes": [{"key": "method.name", "values": ["mgda"]}]}})";
        const QString path = writeFile(dir, "long.json", file);
        const QString out = dir.filePath("out");
        QCOMPARE(runCli({ "sweep", "submit", path, "--out", out, "--slurm", "--no-submit" }).code, 0);
        QProcess task;
        task.start(MTW_CLI_PATH, { "sweep", "run-index", out, "0", "--quiet" });
        QVERIFY(task.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(countRows(out + "/mgda/run.sqlite", "SELECT COUNT(*) FROM steps") > 20, 60000);
        task.terminate(); // SIGTERM
        QVERIFY(task.waitForFinished(60000));
        const QJsonObject stopped = statusJson(out)["runs"].toArray()[0].toObject();
        QCOMPARE(stopped["state"].toString(), QString("stopped"));
        const int stoppedAt = stopped["steps"].toInt();
        QVERIFY2(stoppedAt > 0 && stoppedAt < 60000, qPrintable(QString::number(stoppedAt)));
        const QByteArray sql
            = "SELECT * FROM steps WHERE step < " + QByteArray::number(stoppedAt - 10) + " ORDER BY step";
        const QByteArray before = exactRows(out + "/mgda/run.sqlite", sql.constData());

        const Result resumed = runCli({ "sweep", "run-index", out, "0" });
        QCOMPARE(resumed.code, 0);
        QVERIFY2(resumed.err.contains("combination 0 'mgda' (method.name=mgda), resumed"), qPrintable(resumed.err));
        QCOMPARE(statesOf(statusJson(out)), QStringList { "completed" });
        QCOMPARE(exactRows(out + "/mgda/run.sqlite", sql.constData()), before);
        QCOMPARE(countRows(out + "/mgda/run.sqlite", "SELECT COUNT(*) FROM steps WHERE step = 59999"), 1LL);
    }

    void summaryHoldsEveryRun()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("out");
        QCOMPARE(runCli({ "sweep", "run", writeFile(dir, "sweep.json", sweepFile), "--out", out, "--quiet" }).code, 1);
        const Result r = runCli({ "sweep", "summarize", out });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("4 runs (2 completed)"));
        QFile file(out + "/summary.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonArray rows = summary["rows"].toArray();
        QCOMPARE(rows.size(), 4);
        const QJsonObject mgda = rows[2].toObject();
        QCOMPARE(mgda["name"].toString(), QString("mgda-lr1e-3"));
        QCOMPARE(mgda["method.name"].toString(), QString("mgda"));
        QCOMPARE(mgda["status"].toString(), QString("completed"));
        QCOMPARE(mgda["steps"].toInt(), 300);
        // The final losses are those of the run's last recorded step, bit for bit.
        const double l1 = mgda["final.loss.L1"].toDouble();
        quint64 bits = 0;
        std::memcpy(&bits, &l1, sizeof bits);
        QCOMPARE(
            exactRows(out + "/mgda-lr1e-3/run.sqlite", "SELECT loss FROM task_steps WHERE step = 299 AND task = 0"),
            QByteArray::number(bits, 16) + ",\n");
        QVERIFY(mgda.contains("series.conflict_fraction.mean"));
        QVERIFY(rows[1].toObject()["final.loss.L1"].isNull() || rows[1].toObject()["status"].toString() == "failed");
        QFile csv(out + "/summary.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines[0].startsWith("index,name,status,reason,steps,seconds,method.name,optimizer.lr,"));
        QVERIFY(lines[3].startsWith("2,mgda-lr1e-3,completed,finished 300 steps,300,"));
    }

    void slurmScriptStatesAndResubmission()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "sweep.json", sweepFile);
        const QString out = dir.filePath("out");
        const QString bin = dir.filePath("bin");
        QDir().mkpath(bin);
        // sbatch records its arguments and the array line of the script, and answers a job id.
        writeProgram(dir, "sbatch",
            "echo \"$@\" >> " + dir.filePath("sbatch.calls").toUtf8() + "\ngrep '^#SBATCH --array' \"$2\" >> "
                + dir.filePath("sbatch.calls").toUtf8() + "\necho 4242\n");
        const Result submitted
            = runWithPath({ "sweep", "submit", file, "--out", out, "--slurm", "--time", "00:10:00", "--cpus-per-task",
                              "1", "--array-limit", "2", "--sbatch-arg=--exclusive" },
                bin);
        QCOMPARE(submitted.code, 0);
        QVERIFY2(submitted.out.contains("submitted: job 4242, 4 array task(s) (0-3%2)"),
            qPrintable(submitted.out + submitted.err));
        QFile script(out + "/slurm/submit-1.sbatch");
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray text = script.readAll();
        QVERIFY(text.contains("#SBATCH --array=0-3%2\n"));
        QVERIFY(text.contains("#SBATCH --time=00:10:00\n"));
        QVERIFY(text.contains("#SBATCH --exclusive\n"));
        QVERIFY(text.contains(
            "sweep run-index '" + out.toUtf8() + "' \"$SLURM_ARRAY_TASK_ID\" --threads \"${SLURM_CPUS_PER_TASK:-1}\""));

        // Slurm's word on each task: 0 ran, 1 timed out after a stop, 2 pending, 3 out of memory.
        QCOMPARE(runCli({ "sweep", "run-index", out, "0", "--quiet" }).code, 0);
        writeFile(dir, "out/slurm/4242_3.out", "error: std::bad_alloc while building the model\n");
        writeProgram(dir, "scontrol",
            "echo 'JobId=4243 ArrayJobId=4242 ArrayTaskId=0 JobState=COMPLETED Reason=None ExitCode=0:0'\n"
            "echo 'JobId=4244 ArrayJobId=4242 ArrayTaskId=1 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15'\n"
            "echo 'JobId=4242 ArrayJobId=4242 ArrayTaskId=2%2 JobState=PENDING Reason=Resources ExitCode=0:0'\n"
            "echo 'JobId=4245 ArrayJobId=4242 ArrayTaskId=3 JobState=OUT_OF_MEMORY Reason=OutOfMemory "
            "ExitCode=0:125'\n");
        const QJsonObject status = statusJson(out, bin);
        QCOMPARE(statesOf(status), (QStringList { "completed", "failed", "pending", "failed" }));
        const QJsonArray runs = status["runs"].toArray();
        QCOMPARE(runs[1].toObject()["reason"].toString(), QString("Slurm: TIMEOUT (TimeLimit): exit code 0:15"));
        QCOMPARE(runs[3].toObject()["reason"].toString(),
            QString("Slurm: OUT_OF_MEMORY (OutOfMemory): std::bad_alloc while building the model"));
        QCOMPARE(runs[3].toObject()["slurm_state"].toString(), QString("OUT_OF_MEMORY"));
        QCOMPARE(runs[2].toObject()["reason"].toString(), QString("Resources"));

        // Only the failed ones go again, with the first submission's options.
        const Result again = runWithPath({ "sweep", "submit", out, "--slurm", "--resubmit-failed" }, bin);
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains("submitted: job 4242, 2 array task(s) (1,3%2)"), qPrintable(again.out + again.err));
        QFile second(out + "/slurm/submit-2.sbatch");
        QVERIFY(second.open(QIODevice::ReadOnly));
        QVERIFY(second.readAll().contains("#SBATCH --time=00:10:00\n"));
        QFile jobs(out + "/slurm/jobs.json");
        QVERIFY(jobs.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(jobs.readAll()).array().size(), 2);

        // A refused submission reports sbatch's own words.
        QTemporaryDir refusing;
        QDir().mkpath(refusing.filePath("bin"));
        writeProgram(refusing, "sbatch",
            "echo 'sbatch: error: Batch job submission failed: More processors requested than permitted' >&2\nexit "
            "1\n");
        const Result refused = runWithPath(
            { "sweep", "submit", file, "--out", dir.filePath("out2"), "--slurm", "--cpus-per-task", "64" },
            refusing.filePath("bin"));
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(
                     "(exit 1): sbatch: error: Batch job submission failed: More processors requested than permitted"),
            qPrintable(refused.err));
    }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"

// mtw-cli end to end: exit codes (0 ok, 1 failed run, 2 bad input), `methods`, `aggregate`
// against hand-computed weights, `run` writing a run directory, and a run killed with SIGKILL
// keeping everything it committed.
#include "cli_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace mtw::test;

namespace {

const QByteArray toyExperiment = R"({"name": "toy", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
  "training": {"steps": 2000}, "diagnostics": {"record_every": 10}})";

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void validateExitCodes()
    {
        QTemporaryDir dir;
        QCOMPARE(runCli({ "validate", writeFile(dir, "ok.json", toyExperiment) }).code, 0);
        const Result bad = runCli({ "validate",
            writeFile(dir, "bad.json", R"({"problem": {"type": "cagrad_toy"}, "optimizer": {"lr": "fast"}})") });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("bad.json: optimizer.lr: must be a number"), qPrintable(bad.err));
        QCOMPARE(runCli({ "validate", dir.filePath("missing.json") }).code, 2);
        // Issue 9, finding 9: a missing CSV file or an unknown column was "valid".
        writeFile(dir, "data.csv", "a,b,y\n1,2,3\n4,5,6\n");
        const QByteArray csv
            = R"({"problem": {"type": "csv", "params": {"path": "PATH", "targets": "TARGET:regression"}}})";
        const auto validateCsv = [&](const QString& path, const QString& target) {
            QByteArray text = csv;
            text.replace("PATH", path.toUtf8()).replace("TARGET", target.toUtf8());
            return runCli({ "validate", writeFile(dir, "csv.json", text) });
        };
        QCOMPARE(validateCsv(dir.filePath("data.csv"), "y").code, 0);
        const Result missingCsv = validateCsv(dir.filePath("gone.csv"), "y");
        QVERIFY2(missingCsv.code == 2 && missingCsv.err.contains("problem.params.path: ")
                && missingCsv.err.contains("gone.csv"),
            qPrintable(missingCsv.err));
        const Result unknownColumn = validateCsv(dir.filePath("data.csv"), "z");
        QVERIFY2(unknownColumn.code == 2 && unknownColumn.err.contains("problem.params.targets: unknown column 'z'"),
            qPrintable(unknownColumn.err));
        QCOMPARE(runCli({ "no-such-command" }).code, 2);
    }

    void methodsListsEveryMethodWithDefaults()
    {
        const Result result = runCli({ "methods", "--json" });
        QCOMPARE(result.code, 0);
        const QJsonArray methods = QJsonDocument::fromJson(result.out.toUtf8()).array();
        QCOMPARE(methods.size(), 33);
        bool sawEw = false;
        for (const QJsonValue& method : methods) {
            QVERIFY(!method["paper"].toString().isEmpty());
            sawEw = sawEw || method["id"].toString() == "ew";
            // Issue 10: UPGrad's claim holds only with reg_eps = 0; the listing says so.
            if (method["id"].toString() == "upgrad")
                QVERIFY(method["properties"]["non_conflicting_condition"].toString().contains("reg_eps = 0"));
        }
        QVERIFY(sawEw);
        QVERIFY(runCli({ "methods" }).out.contains("non-conflicting(when reg_eps = 0"));
    }

    void aggregateComputesWeightsAndDirection()
    {
        const Result result = runCli({ "aggregate", "--method", "ew" }, R"({"jacobian": [[1, 0, 2], [3, 4, 0]]})");
        QCOMPARE(result.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(json["weights"].toArray().at(0).toDouble(), 0.5);
        QCOMPARE(json["direction"].toArray().at(1).toDouble(), 2.0);
        const Result fixed
            = runCli({ "aggregate", "--method", "fixed", "--param", "weights=[2, 0]" }, "[[1, 1], [5, 5]]");
        QCOMPARE(QJsonDocument::fromJson(fixed.out.toUtf8()).object()["direction"].toArray().at(0).toDouble(), 2.0);
        QCOMPARE(runCli({ "aggregate", "--method", "ew" }, "[[1, 2], [3]]").code, 2);
        // Issue 9, finding 9: 1e308 printed null with exit 0; wrong-typed losses gave unclear errors.
        const Result huge = runCli({ "aggregate", "--method", "mgda" }, "[[1e308, 1e308], [1, 0]]");
        QCOMPARE(huge.code, 2);
        QVERIFY2(huge.err.contains("jacobian: entries too large") && !huge.out.contains("null"),
            qPrintable(huge.err + huge.out));
        const Result badLoss
            = runCli({ "aggregate", "--method", "ew" }, R"({"jacobian": [[1, 0], [0, 1]], "losses": [1, "x"]})");
        QCOMPARE(badLoss.code, 2);
        QVERIFY2(badLoss.err.contains("losses[1]: must be a finite number"), qPrintable(badLoss.err));
        const Result duplicate = runCli({ "aggregate", "--method", "ew" }, R"({"jacobian": [[1]], "jacobian": [[2]]})");
        QVERIFY2(
            duplicate.code == 2 && duplicate.err.contains("stdin: jacobian: duplicate key"), qPrintable(duplicate.err));
        const Result badParam = runCli({ "aggregate", "--method", "ew", "--param", "c=1" }, "[[1]]");
        QCOMPARE(badParam.code, 2);
        QVERIFY(badParam.err.contains("unknown key"));
    }

    void runWritesARunDirectory()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("run");
        const Result result
            = runCli({ "run", writeFile(dir, "toy.json", toyExperiment), "--out", out, "--quiet", "--seed", "4" });
        QCOMPARE(result.code, 0);
        QVERIFY(result.out.contains("status: finished"));
        QCOMPARE(countRows(out + "/run.sqlite", "SELECT COUNT(*) FROM steps"), 201LL); // 0, 10, ..., 1990 and 1999
        QVERIFY(QFile::exists(out + "/summary.json"));
        QVERIFY(QFile(out + "/experiment.json").open(QIODevice::ReadOnly));
    }

    void failedRunExitsOne()
    {
        QTemporaryDir dir;
        const QByteArray diverging = R"({"problem": {"type": "synthetic_family", "params": {"samples": 200}},
            "optimizer": {"type": "sgd", "lr": 100000}, "training": {"steps": 200, "batch_size": 32},
            "diagnostics": {"divergence_threshold": 1e6}})";
        const Result result
            = runCli({ "run", writeFile(dir, "div.json", diverging), "--out", dir.filePath("r"), "--quiet" });
        QCOMPARE(result.code, 1);
        QVERIFY2(result.out.contains("status: failed"), qPrintable(result.out));
        QVERIFY(QFile::exists(dir.filePath("r/summary.json")));
    }

    void baselinesAndTransfer()
    {
        QTemporaryDir dir;
        const QByteArray experiment = R"({"name": "syn", "problem": {"type": "synthetic_family",
            "params": {"tasks": 2, "samples": 600, "rho": 0.8}}, "model": {"trunk": [16]},
            "training": {"steps": 120, "batch_size": 32}, "evaluation": {"every": 40}})";
        const QString root = dir.filePath("runs");
        const Result baselines = runCli(
            { "baselines", writeFile(dir, "syn.json", experiment), "--root", root, "--with-multi", "--quiet" });
        QCOMPARE(baselines.code, 0);
        QVERIFY(baselines.out.contains("syn-st-task2"));
        // Dense early evaluation: steps 0, 1, 2, 4, 8, 16, 32, 40, 80 and the last (120), per split and task.
        QCOMPARE(countRows(root + "/syn-mt/run.sqlite", "SELECT COUNT(DISTINCT step) FROM evaluations"), 10LL);
        const QString csv = dir.filePath("gap.csv");
        const Result transfer = runCli({ "transfer", "--multi", root + "/syn-mt", "--single", root + "/syn-st-task1",
            "--single", root + "/syn-st-task2", "--csv", csv });
        QCOMPARE(transfer.code, 0);
        QVERIFY(transfer.out.contains("Delta-m% (lower is better"));
        QVERIFY(transfer.out.contains("Delta-p% (higher is better"));
        QVERIFY(transfer.out.contains("GG("));
        QVERIFY2(transfer.out.contains("Measured slow-down") && transfer.out.contains("loss ratio "),
            qPrintable(transfer.out));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().count('\n') > 50);
        // A multi-task run is not a baseline.
        const Result wrong = runCli({ "transfer", "--multi", root + "/syn-mt", "--single", root + "/syn-mt" });
        QCOMPARE(wrong.code, 2);
        QVERIFY(wrong.err.contains("not a single-task run"));
    }

    void paretoOfOutcomes()
    {
        // Three runs' final validation losses (classification tasks): the points are the stored
        // last evaluations, the front and the hypervolume follow from them, IGD against a one-point
        // reference set is the distance from it to the nearest front point.
        QTemporaryDir dir;
        const QByteArray experiment = R"({"name": "syn", "problem": {"type": "synthetic_family",
            "params": {"tasks": 2, "samples": 400, "kind": "classification"}}, "model": {"trunk": [8]},
            "training": {"steps": 30, "batch_size": 32},
            "evaluation": {"every": 10}})";
        const QString root = dir.filePath("runs");
        QCOMPARE(
            runCli({ "baselines", writeFile(dir, "syn.json", experiment), "--root", root, "--with-multi", "--quiet" })
                .code,
            0);
        const QString reference = writeFile(dir, "front.csv", "task2,task1\n0.1,0.2\n");
        const Result result = runCli(
            { "pareto", root, "--objective", "final.validation.loss", "--reference-front", reference, "--json" });
        QVERIFY2(result.code == 0, qPrintable(result.err));
        const QJsonObject out = QJsonDocument::fromJson(result.out.toUtf8()).object();
        const QJsonArray points = out["points"].toArray();
        QCOMPARE(points.size(), 3);
        double igd = 1e300;
        for (const QJsonValue& p : points) {
            const QJsonObject point = p.toObject();
            const QString run = point["run"].toString();
            const QJsonArray v = point["values"].toArray();
            for (int t = 0; t < 2; ++t) {
                const QString sql = QString(
                    "SELECT loss FROM evaluations WHERE split = 'validation' AND task = %1 ORDER BY step DESC LIMIT 1")
                                        .arg(t);
                QCOMPARE(v[t].toDouble(), exactDouble(run + "/run.sqlite", sql.toUtf8().constData()));
            }
            if (point["non_dominated"].toBool())
                igd = std::min(igd, std::hypot(v[0].toDouble() - 0.2, v[1].toDouble() - 0.1));
        }
        QVERIFY(out["hypervolume"].toDouble() > 0);
        QVERIFY(std::abs(out["igd"].toDouble() - igd) < 1e-12);
        // AUC and F1 of the classification tasks enter as 1 - value, named on the axes.
        const Result auc = runCli({ "pareto", root, "--objective", "final.test.auc", "--json" });
        QVERIFY2(auc.code == 0, qPrintable(auc.err));
        const QJsonObject aucOut = QJsonDocument::fromJson(auc.out.toUtf8()).object();
        QCOMPARE(aucOut["points"].toArray().size(), 3);
        for (const QJsonValue& p : aucOut["points"].toArray()) {
            const QJsonObject point = p.toObject();
            const QString sql = "SELECT value FROM evaluation_metrics WHERE split = 'test' AND task = 0 AND name = "
                                "'auc' ORDER BY step DESC LIMIT 1";
            QCOMPARE(point["values"].toArray()[0].toDouble(),
                1.0 - exactDouble(point["run"].toString() + "/run.sqlite", sql.toUtf8().constData()));
        }
        QVERIFY2(auc.out.contains("1 - auc (test)"), qPrintable(auc.out));
        const Result f1 = runCli({ "pareto", root, "--objective", "final.validation.f1" });
        QVERIFY2(f1.code == 0 && f1.out.contains("1 - f1 (validation)") && f1.out.contains("(0 skipped)"),
            qPrintable(f1.out + f1.err));
        // Bad input: an unknown objective, a task the runs lack, a malformed reference file.
        const Result objective = runCli({ "pareto", root, "--objective", "final.best" });
        QCOMPARE(objective.code, 2);
        QVERIFY(objective.err.contains("unknown objective 'final.best'"));
        const Result task = runCli({ "pareto", root, "--tasks", "task1,nope" });
        QCOMPARE(task.code, 0); // every run is skipped, with the reason
        QVERIFY(task.out.contains("skipped") && task.out.contains("no task 'nope'"));
        const QString bad = writeFile(dir, "bad.csv", "task1,task2\n0.1,x\n");
        const Result malformed = runCli({ "pareto", root, "--reference-front", bad });
        QCOMPARE(malformed.code, 2);
        QVERIFY2(malformed.err.contains("bad.csv:2:task2: 'x' is not a finite number"), qPrintable(malformed.err));
    }

    void factorsArePrintedAndListed()
    {
        // A run with trajectory factors: `factors` prints them as CSV per (step, task), the
        // look-ahead affinities as one column per target task (the row is the source task).
        QTemporaryDir dir;
        const QByteArray experiment = R"({"name": "syn", "problem": {"type": "synthetic_family",
            "params": {"tasks": 2, "samples": 300}}, "model": {"trunk": [8]}, "training": {"steps": 20, "batch_size": 32},
            "diagnostics": {"factors": {"every": 10, "samples": 64, "sharpness_iterations": 4}}})";
        const QString out = dir.filePath("run");
        QCOMPARE(runCli({ "run", writeFile(dir, "syn.json", experiment), "--out", out, "--quiet" }).code, 0);
        const Result all = runCli({ "factors", out, "--task", "task1" });
        QCOMPARE(all.code, 0);
        const QStringList lines = all.out.trimmed().split('\n');
        for (const char* column :
            { "sharpness", "coherence", "tag_affinity>task1", "tag_affinity>task2", "tag_optimizer>task2" })
            QVERIFY2(lines.first().split(',').contains(column), qPrintable(lines.first()));
        QCOMPARE(lines.size(), 1 + 7); // steps 0, 1, 2, 4, 8, 10, 20
        QVERIFY(lines[1].startsWith("0,task1,"));
        const Result one = runCli({ "factors", out, "--factor", "tag_affinity>task2" });
        QCOMPARE(one.code, 0);
        QCOMPARE(one.out.trimmed().split('\n').size(), 1 + 7 * 2); // both source tasks
        const Result none = runCli({ "factors", out, "--factor", "tag_affinity>nope" });
        QCOMPARE(none.code, 2);
        QVERIFY(none.err.contains("no trajectory factors named 'tag_affinity>nope'"));
        const Result list = runCli({ "run", "--list-diagnostics" });
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.contains("tag_affinity><t>") && list.out.contains("Wang, Pan & Yu 2024"));
    }

    void modesListsTheTrainingModes()
    {
        const Result result = runCli({ "modes", "--json" });
        QCOMPARE(result.code, 0);
        for (const char* id : { "joint", "alternating", "selective_groups", "task_sam" })
            QVERIFY2(result.out.contains(id), id);
        QVERIFY(runCli({ "modes" }).out.contains("--param rho=0.05"));
        // toy-report runs a mode too; an unknown one is bad input.
        const Result toy
            = runCli({ "toy-report", "--mode", "alternating", "--methods", "ew", "--steps", "200", "--jobs", "1" });
        QCOMPARE(toy.code, 0);
        QVERIFY2(toy.out.contains("mode alternating"), qPrintable(toy.out));
        QCOMPARE(runCli({ "toy-report", "--mode", "nope" }).code, 2);
    }

    void versionNamesTheKernels()
    {
        const Result result = runCli({ "--version" });
        QCOMPARE(result.code, 0);
        QVERIFY2(result.out.startsWith("mtw-cli "), qPrintable(result.out));
        QVERIFY2(result.out.contains("kernels: Eigen 3.4"), qPrintable(result.out));
        const QString level = MTW_X86_64_LEVEL_NAME;
        if (level == "baseline") {
            QVERIFY2(result.out.contains("(built for the x86-64 baseline)"), qPrintable(result.out));
            return;
        }
        QVERIFY2(result.out.contains("(built for x86-64-" + level + ")"), qPrintable(result.out));
        QVERIFY2(result.out.contains("cpu check: passed at start"), qPrintable(result.out));
        if (level != "v3")
            return;
        QVERIFY2(result.out.contains("other kernels: AVX2 + FMA, 8 floats per packet"), qPrintable(result.out));
        // The matrix products take the x86-64-v4 kernel exactly where the CPU has AVX-512.
        __builtin_cpu_init();
        const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq")
            && __builtin_cpu_supports("avx512vl");
        QVERIFY2(result.out.contains(avx512 ? "matrix products: AVX-512 + FMA, 16 floats per packet (x86-64-v4 kernel"
                                            : "matrix products: AVX2 + FMA, 8 floats per packet (the build's level"),
            qPrintable(result.out));
        // MTW_GEMM=built keeps the build's kernel (the bits of a machine without AVX-512).
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("MTW_GEMM", "built");
        process.setProcessEnvironment(environment);
        process.start(MTW_CLI_PATH, { "--version" });
        QVERIFY(process.waitForFinished(60000));
        const QString built = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(built.contains("matrix products: AVX2 + FMA, 8 floats per packet (the build's level: MTW_GEMM=built)"),
            qPrintable(built));
        environment.insert("MTW_GEMM", "avx9");
        process.setProcessEnvironment(environment);
        process.start(MTW_CLI_PATH, { "--version" });
        QVERIFY(process.waitForFinished(60000));
        const QString wrong = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(wrong.contains("MTW_GEMM='avx9' is not auto, built or v4"), qPrintable(wrong));
    }

    void killedRunResumesBitIdentically()
    {
        QTemporaryDir dir;
        // A stateful aggregator (GradVac's EMA targets) inside per-task SAM, ~5 s of training.
        const QByteArray experiment = R"({"problem": {"type": "cagrad_toy"}, "method": {"name": "gradvac"},
            "mode": {"name": "task_sam", "params": {"rho": 0.02}},
            "training": {"steps": 300000}, "diagnostics": {"snapshot_ms": 20, "record_every": 50}})";
        const QString file = writeFile(dir, "long.json", experiment);
        // Killed mid-run (SIGKILL: no chance to write anything at the end) after a checkpoint.
        const QString killed = dir.filePath("killed");
        QProcess process;
        process.start(MTW_CLI_PATH, { "run", file, "--out", killed, "--quiet", "--checkpoint-every", "20000" });
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(killed + "/checkpoint.mtwck"), 90000);
        process.kill(); // SIGKILL; never ::kill(processId()): 0 once it has exited, which kills our process group
        process.waitForFinished();
        const Result resumed = runCli({ "resume", killed, "--quiet" });
        QCOMPARE(resumed.code, 0);
        QVERIFY2(resumed.out.contains("steps: 300000"), qPrintable(resumed.out));
        const QString straight = dir.filePath("straight");
        QCOMPARE(runCli({ "run", file, "--out", straight, "--quiet" }).code, 0);
        const auto losses = [](const QString& run) {
            QFile summary(run + "/summary.json");
            summary.open(QIODevice::ReadOnly);
            const QByteArray text = summary.readAll();
            return text.mid(text.indexOf("final_losses"), text.indexOf("}") - text.indexOf("final_losses"));
        };
        QVERIFY(!losses(straight).isEmpty());
        QCOMPARE(losses(killed), losses(straight));
        QCOMPARE(countRows(killed + "/run.sqlite", "SELECT COUNT(*) FROM steps"),
            countRows(straight + "/run.sqlite", "SELECT COUNT(*) FROM steps"));
        // A run directory without a checkpoint is refused with the file named.
        const Result missing = runCli({ "resume", dir.filePath("nothing") });
        QCOMPARE(missing.code, 2);
    }

    void killedRunKeepsWhatItCommitted()
    {
        QTemporaryDir dir;
        const QByteArray longRun = R"({"problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
            "training": {"steps": 100000000}, "diagnostics": {"snapshot_ms": 20}})";
        const QString out = dir.filePath("killed");
        QProcess process;
        process.start(MTW_CLI_PATH, { "run", writeFile(dir, "long.json", longRun), "--out", out, "--quiet" });
        QVERIFY(process.waitForStarted());
        const QString database = out + "/run.sqlite";
        QTRY_VERIFY_WITH_TIMEOUT(countRows(database, "SELECT COUNT(*) FROM steps") > 1000, 90000);
        process.kill(); // SIGKILL; never ::kill(processId()): 0 once it has exited, which kills our process group
        process.waitForFinished();
        const long long rows = countRows(database, "SELECT COUNT(*) FROM steps");
        QVERIFY(rows > 1000);
        // Every committed step has its per-task rows: batches are whole transactions.
        QCOMPARE(countRows(database, "SELECT COUNT(*) FROM task_steps"), 2 * rows);
        QCOMPARE(countRows(database, "SELECT COUNT(*) FROM steps WHERE step >= 0"), rows);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

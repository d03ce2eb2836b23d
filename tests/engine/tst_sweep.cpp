// Sweeps (issue 13): axis expansion (lists, linear and log ranges, seed counts), zip groups,
// overrides, stable row-major indices and readable names, validation errors naming the combination
// and the key path, sweep.json claimed once and compared on rerun, and each run's state read from
// its run directory.
#include "engine/experiment_error.h"
#include "engine/run_job.h"
#include "engine/sweep_directory.h"
#include "engine/sweep_plan.h"
#include "engine/sweep_status.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;
using nlohmann::json;

namespace {

const char* base = R"("name": "grid", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
    "optimizer": {"type": "adam", "lr": 0.001}, "training": {"steps": 20}, "evaluation": {"every": 10})";

// The experiment file of `base` with the sweep block `sweep`.
std::string sweepFile(const std::string& sweep)
{
    std::string text = "{";
    text += base;
    text += ", \"sweep\": ";
    text += sweep;
    text += "}";
    return text;
}

engine::SweepPlan plan(const std::string& sweep)
{
    return engine::planSweepFromText(sweepFile(sweep));
}

// The error text of planning `sweep`, or "" when it plans.
QString planError(const std::string& sweep)
{
    try {
        plan(sweep);
    } catch (const engine::ExperimentError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

std::vector<std::string> names(const engine::SweepPlan& p)
{
    std::vector<std::string> result;
    for (const engine::SweepCombination& c : p.combinations)
        result.push_back(c.name);
    return result;
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void crossProductIsRowMajorWithReadableNames()
    {
        const engine::SweepPlan p = plan(R"({"axes": [{"key": "method.name", "values": ["ew", "nash_mtl"]},
            {"key": "optimizer.lr", "values": [0.001, 0.01]}, {"seeds": 2}]})");
        QCOMPARE(p.combinations.size(), std::size_t(8));
        QCOMPARE(names(p),
            (std::vector<std::string> { "ew-lr1e-3-s0", "ew-lr1e-3-s1", "ew-lr0.01-s0", "ew-lr0.01-s1",
                "nash_mtl-lr1e-3-s0", "nash_mtl-lr1e-3-s1", "nash_mtl-lr0.01-s0", "nash_mtl-lr0.01-s1" }));
        const engine::SweepCombination& c = p.combinations[6];
        QCOMPARE(c.index, std::size_t(6));
        QCOMPARE(c.experiment.method, std::string("nash_mtl"));
        QCOMPARE(c.experiment.optimizer.learningRate, 0.01);
        QCOMPARE(c.experiment.seed, std::uint64_t(0));
        QCOMPARE(c.experiment.name, std::string("grid-nash_mtl-lr0.01-s0"));
        QCOMPARE(c.experiment.steps, 20LL); // the rest of the file is kept
        QCOMPARE(c.describe(), std::string("method.name=nash_mtl, optimizer.lr=0.01, training.seed=0"));
        // The same file gives the same indices and names.
        QCOMPARE(names(plan(R"({"axes": [{"key": "method.name", "values": ["ew", "nash_mtl"]},
            {"key": "optimizer.lr", "values": [0.001, 0.01]}, {"seeds": 2}]})")),
            names(p));
    }

    void rangesLogRangesAndSeedCounts()
    {
        const engine::SweepPlan lin
            = plan(R"({"axes": [{"key": "optimizer.beta1", "range": {"from": 0.1, "to": 0.5, "count": 3}}],
            "overrides": []})");
        QCOMPARE(lin.combinations[2].experiment.optimizer.beta1, 0.5);
        QCOMPARE(names(lin), (std::vector<std::string> { "beta10.1", "beta10.3", "beta10.5" }));
        QCOMPARE(lin.axes[0].values.size(), std::size_t(3));
        QCOMPARE(lin.axes[0].values[0].get<double>(), 0.1);
        QVERIFY(lin.axes[0].values[1].get<double>() == 0.3); // rounded to 12 digits, not 0.30000000000000004
        QCOMPARE(lin.axes[0].values[2].get<double>(), 0.5); // the end point exactly
        // Integer end points a whole step apart stay integers ("training.steps" must be one).
        const engine::SweepPlan steps
            = plan(R"({"axes": [{"key": "training.steps", "range": {"from": 100, "to": 300, "count": 3}}]})");
        QVERIFY(steps.axes[0].values[1].is_number_integer());
        QCOMPARE(steps.combinations[1].experiment.steps, 200LL);
        QCOMPARE(names(steps), (std::vector<std::string> { "steps100", "steps200", "steps300" }));
        // Log ranges: 1e-4, 1e-3, 1e-2 as written, not 0.0009999999999999998.
        const engine::SweepPlan log
            = plan(R"({"axes": [{"key": "optimizer.lr", "log_range": {"from": 1e-4, "to": 1e-2, "count": 3}}]})");
        QCOMPARE(log.combinations[0].experiment.optimizer.learningRate, 1e-4);
        QVERIFY(log.combinations[1].experiment.optimizer.learningRate == 1e-3); // exactly
        QCOMPARE(log.combinations[2].experiment.optimizer.learningRate, 1e-2);
        QCOMPARE(names(log), (std::vector<std::string> { "lr1e-4", "lr1e-3", "lr0.01" }));
        const engine::SweepPlan seeds = plan(R"({"axes": [{"seeds": {"count": 3, "from": 10}, "prefix": "seed"}]})");
        QCOMPARE(seeds.combinations[2].experiment.seed, std::uint64_t(12));
        QCOMPARE(names(seeds), (std::vector<std::string> { "seed10", "seed11", "seed12" }));
    }

    void zipGroupsMoveTogether()
    {
        const engine::SweepPlan p = plan(R"({"axes": [
            {"key": "optimizer.lr", "values": [0.1, 0.01], "zip": "schedule"},
            {"key": "method.name", "values": ["ew", "mgda", "cagrad"]},
            {"key": "training.steps", "values": [10, 40], "zip": "schedule"}]})");
        QCOMPARE(p.combinations.size(), std::size_t(6)); // 2 (zipped) x 3, not 2 x 3 x 2
        QCOMPARE(p.combinations[4].experiment.optimizer.learningRate, 0.01);
        QCOMPARE(p.combinations[4].experiment.steps, 40LL);
        QCOMPARE(p.combinations[4].experiment.method, std::string("mgda"));
        QCOMPARE(p.combinations[4].name, std::string("lr0.01-mgda-steps40"));
        QVERIFY(planError(R"({"axes": [{"key": "optimizer.lr", "values": [0.1, 0.01], "zip": "g"},
            {"key": "training.steps", "values": [10, 20, 30], "zip": "g"}]})")
                    .contains("sweep.axes[1].zip: axes of zip group 'g' must have equal lengths"));
    }

    void overridesApplyOnlyWhereTheyMatch()
    {
        const engine::SweepPlan p = plan(R"({"axes": [{"key": "method.name", "values": ["ew", "cagrad"]}],
            "overrides": [{"when": {"method.name": "cagrad"}, "set": {"method.params.c": 0.25}}]})");
        QVERIFY(p.combinations[0].experiment.methodParams.empty());
        QCOMPARE(std::get<double>(p.combinations[1].experiment.methodParams.at("c")), 0.25);
        // Whole objects as values, named by their "name".
        const engine::SweepPlan objects = plan(R"({"axes": [{"key": "method", "values": [{"name": "ew"},
            {"name": "cagrad", "params": {"c": 0.1}}]}]})");
        QCOMPARE(names(objects), (std::vector<std::string> { "ew", "cagrad" }));
        QCOMPARE(std::get<double>(objects.combinations[1].experiment.methodParams.at("c")), 0.1);
        // Lists are labelled by their elements.
        QCOMPARE(engine::sweepValueLabel(json::parse("[0, 2]")), std::string("0+2"));
    }

    void invalidSweepsAreLocated_data()
    {
        QTest::addColumn<QString>("sweep");
        QTest::addColumn<QString>("expected");
        QTest::newRow("combination")
            << R"({"axes": [{"key": "method.name", "values": ["ew", "cagrad"]},
            {"key": "method.params.c", "values": [0.1]}]})"
            << "sweep combination 0 'ew-c0.1' (method.name=ew, method.params.c=0.1): method.params.c: unknown key";
        QTest::newRow("range value") << R"({"axes": [{"key": "optimizer.lr", "values": [0.1, -1]}]})"
                                     << "sweep combination 1 'lr-1' (optimizer.lr=-1): optimizer.lr: must be in";
        QTest::newRow("no source") << R"({"axes": [{"key": "optimizer.lr"}]})"
                                   << "sweep.axes[0]: needs exactly one of";
        QTest::newRow("log range <= 0")
            << R"({"axes": [{"key": "optimizer.lr", "log_range": {"from": 0, "to": 1, "count": 2}}]})"
            << "sweep.axes[0].log_range: a log range needs from > 0";
        QTest::newRow("same label") << R"({"axes": [{"key": "optimizer.lr", "values": [0.1, 0.1]}]})"
                                    << "sweep.axes[0].values: two values have the label '0.1'";
        QTest::newRow("same key twice") << R"({"axes": [{"seeds": 2}, {"key": "training.seed", "values": [5]}]})"
                                        << "sweep.axes[1].key: 'training.seed' is swept by two axes";
        QTest::newRow("key inside key") << R"({"axes": [{"key": "method", "values": [{"name": "ew"}]},
            {"key": "method.params.c", "values": [0.1]}]})"
                                        << "'method.params.c' lies inside the swept 'method'";
        QTest::newRow("override of no axis")
            << R"({"axes": [{"seeds": 2}], "overrides": [{"when": {"method.name": "ew"},
            "set": {"optimizer.lr": 0.1}}]})"
            << "sweep.overrides[0].when.method.name: is not a swept key";
        QTest::newRow("unknown key") << R"({"axes": [{"seeds": 2}], "grid": 1})"
                                     << "sweep.grid: unknown key";
        QTest::newRow("object without name") << R"({"axes": [{"key": "optimizer", "values": [{"lr": 0.1}]}]})"
                                             << "sweep.axes[0].values[0]: has no automatic label";
        QTest::newRow("name") << R"({"axes": [{"key": "name", "values": ["a"]}]})"
                              << "'name' cannot be swept";
    }
    void invalidSweepsAreLocated()
    {
        QFETCH(QString, sweep);
        QFETCH(QString, expected);
        const QString error = planError(sweep.toStdString());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void aSweepFileIsNotAnExperiment()
    {
        try {
            engine::experimentFromJsonText(sweepFile(R"({"axes": [{"seeds": 2}]})"));
            QFAIL("a sweep file loaded as one experiment");
        } catch (const engine::ExperimentError& error) {
            QCOMPARE(error.path(), std::string("sweep"));
            QVERIFY(std::string(error.what()).find("mtw-cli sweep run") != std::string::npos);
        }
    }

    void sweepDirectoryIsClaimedOnceAndComparedOnRerun()
    {
        QTemporaryDir root;
        const std::string dir = root.filePath("sweep").toStdString();
        const engine::SweepPlan p = plan(R"({"axes": [{"key": "optimizer.lr", "values": [0.1, 0.01]}]})");
        engine::claimSweepDirectory(p, dir);
        engine::claimSweepDirectory(p, dir); // the same sweep again: continue it
        engine::SweepPlan threads = p;
        threads.combinations[0].experiment.threads = 7; // threads never change results
        engine::claimSweepDirectory(threads, dir);
        const engine::SweepPlan stored = engine::readSweepDirectory(dir);
        QCOMPARE(names(stored), names(p));
        QCOMPARE(stored.combinations[1].experiment.optimizer.learningRate, 0.01);
        QCOMPARE(stored.axes[0].labels, p.axes[0].labels);
        try {
            engine::claimSweepDirectory(plan(R"({"axes": [{"key": "optimizer.lr", "values": [0.1, 0.02]}]})"), dir);
            QFAIL("another sweep was accepted in the same directory");
        } catch (const engine::SweepError& error) {
            QVERIFY2(std::string(error.what()).find("combination 1 is 'lr0.01' there, 'lr0.02' in this file")
                    != std::string::npos,
                error.what());
        }
        const std::string other = root.filePath("other").toStdString();
        QDir().mkpath(QString::fromStdString(other));
        QFile(QString::fromStdString(other + "/notes.txt")).open(QIODevice::WriteOnly);
        QVERIFY_THROWS_EXCEPTION(engine::SweepError, engine::claimSweepDirectory(p, other));
    }

    void runStateComesFromTheRunDirectory()
    {
        QTemporaryDir root;
        const std::string dir = root.filePath("sweep").toStdString();
        const engine::SweepPlan p = plan(R"({"axes": [{"key": "optimizer.lr", "values": [0.001, 100000]}],
            "overrides": [{"when": {"optimizer.lr": 100000}, "set": {"optimizer.type": "sgd", "diagnostics.divergence_threshold": 10}}]})");
        engine::claimSweepDirectory(p, dir);
        const std::string run0 = engine::sweepRunDirectory(dir, p.combinations[0]);
        QCOMPARE(engine::readSweepRunStatus(run0).state, engine::SweepRunState::NotStarted);
        engine::RunJob(p.combinations[0].experiment, run0, {}).run(nullptr, nullptr);
        engine::SweepRunStatus done = engine::readSweepRunStatus(run0);
        QCOMPARE(done.state, engine::SweepRunState::Completed);
        QCOMPARE(done.steps, 20LL);
        // A writer killed before its summary: stopped, and resumable.
        QVERIFY(QFile::remove(QString::fromStdString(run0 + "/summary.json")));
        QCOMPARE(engine::readSweepRunStatus(run0).state, engine::SweepRunState::Stopped);
        QCOMPARE(engine::readSweepRunStatus(run0).steps, 20LL); // from the database: the last recorded step + 1
        {
            engine::RunDirectoryLock lock(run0, engine::RunDirectoryUse::ContinueRun);
            QCOMPARE(engine::readSweepRunStatus(run0).state, engine::SweepRunState::Running);
        }
        const std::string run1 = engine::sweepRunDirectory(dir, p.combinations[1]);
        engine::RunJob(p.combinations[1].experiment, run1, {}).run(nullptr, nullptr);
        const engine::SweepRunStatus failed = engine::readSweepRunStatus(run1);
        QCOMPARE(failed.state, engine::SweepRunState::Failed);
        QVERIFY2(failed.reason.find("diverged") != std::string::npos, failed.reason.c_str());
        // A file where the run directory should be.
        const std::string blocked = root.filePath("blocked").toStdString();
        QFile(QString::fromStdString(blocked)).open(QIODevice::WriteOnly);
        QCOMPARE(engine::readSweepRunStatus(blocked).state, engine::SweepRunState::Failed);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"

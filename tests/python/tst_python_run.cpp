// A run written by the Python package (python/mtw, RunWriter) read by the engine (issue 16): the
// reference run of python/tests/reference_run.py comes back through RunFollower and readRun with
// every logged number bit for bit, the diagnostics the writer derives from a Gramian equal to
// src/analysis/step_diagnostics.cpp's, and a run the Python writer is still writing followed live
// (running while it holds the lock, finished after).
#include "analysis/step_diagnostics.h"
#include "engine/run_follower.h"
#include "engine/run_reader.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

// The formulas of python/tests/reference_run.py, evaluated the same way (one IEEE operation each,
// so both languages get the same bits).
constexpr int referenceSteps = 6;

Eigen::Vector2d expectedLosses(int s)
{
    if (s == 4)
        return { std::nan(""), 0.5 };
    if (s == 5)
        return { 1e-300, 0.1 + 0.2 };
    return { 1.0 / (s + 3), 0.1 * (s + 1) };
}

Eigen::Vector2d expectedWeights(int s)
{
    return { s / 8.0, 1.0 - s / 8.0 };
}

bool hasGramian(int s)
{
    return s % 2 == 0;
}

Eigen::Matrix2d gramian(int s)
{
    Eigen::Matrix2d g;
    g << 1.0 + s, -0.5, -0.5, 2.0;
    return g;
}

// Equal bits, or both NaN (the store writes NaN as NULL, read back as NaN).
bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

#define COMPARE_SAME(actual, expected)                                                                                 \
    QVERIFY2(same(actual, expected),                                                                                   \
        qPrintable(                                                                                                    \
            QStringLiteral("%1: %2, expected %3").arg(#actual).arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)))

QString python()
{
    return QStringLiteral(MTW_PYTHON);
}

QString referenceScript()
{
    return qEnvironmentVariable("MTW_SOURCE_DIR") + QStringLiteral("/python/tests/reference_run.py");
}

void writeReferenceRun(const QString& directory)
{
    QProcess process;
    process.start(python(), { referenceScript(), directory });
    QVERIFY2(process.waitForFinished(60000), "the Python writer did not finish");
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
        process.readAllStandardError().constData());
}

std::vector<engine::StepRecord> readAllSteps(engine::RunFollower& follower, std::vector<engine::MatrixRecord>* matrices,
    std::vector<engine::EvaluationRecord>* evaluations, std::vector<engine::FactorRecord>* factors)
{
    std::vector<engine::StepRecord> steps;
    do {
        const engine::SnapshotPtr snapshot = follower.poll();
        if (!snapshot)
            break;
        steps.insert(steps.end(), snapshot->steps.begin(), snapshot->steps.end());
        matrices->insert(matrices->end(), snapshot->matrices.begin(), snapshot->matrices.end());
        evaluations->insert(evaluations->end(), snapshot->evaluations.begin(), snapshot->evaluations.end());
        factors->insert(factors->end(), snapshot->factors.begin(), snapshot->factors.end());
    } while (follower.hasMore());
    return steps;
}

// Checks the step records of steps [first, first + records.size()) against the formulas.
void checkSteps(const std::vector<engine::StepRecord>& records, int first)
{
    for (std::size_t i = 0; i < records.size(); ++i) {
        const engine::StepRecord& r = records[i];
        const int s = first + static_cast<int>(i);
        QCOMPARE(r.step, static_cast<long long>(s));
        QCOMPARE(r.epoch, s / 4);
        COMPARE_SAME(r.learningRate, 0.01 * std::pow(0.5, s));
        QCOMPARE(r.losses.size(), 2);
        for (int t = 0; t < 2; ++t) {
            COMPARE_SAME(r.losses(t), expectedLosses(s)(t));
            COMPARE_SAME(r.weights(t), expectedWeights(s)(t));
        }
        QCOMPARE(r.extras.size(), std::size_t { 1 });
        COMPARE_SAME(r.extras.at("log_var_class"), -0.1 * s);
        QCOMPARE(r.point.size(), 0);
        if (hasGramian(s)) {
            // The writer's diagnostics of G and w against the engine's own: the norms and cosines are
            // correctly rounded square roots and quotients, equal bit for bit.
            const analysis::StepDiagnostics d = analysis::diagnoseWeights(gramian(s), expectedWeights(s));
            for (int t = 0; t < 2; ++t) {
                COMPARE_SAME(r.gradientNorms(t), d.gradientNorms(t));
                QVERIFY(std::abs(r.alignment(t) - d.alignment(t)) <= 1e-14);
                QVERIFY(std::abs(r.slowdown(t) - d.slowdown(t)) <= 1e-14 * std::abs(d.slowdown(t)) + 1e-300);
            }
            QVERIFY(std::abs(r.directionNorm - d.directionNorm) <= 1e-14 * d.directionNorm);
            COMPARE_SAME(r.conflictFraction, d.conflictFraction);
            QCOMPARE(r.nonConflicting, d.nonConflicting);
            // Derived values: the C++ build may fuse a * a + b * b (FMA), so they agree to rounding.
            QVERIFY(std::abs(r.magnitudeSimilarity - d.minimumMagnitudeSimilarity) <= 1e-15);
        } else {
            const double a = 0.3 * s, b = 0.7;
            COMPARE_SAME(r.gradientNorms(0), a);
            COMPARE_SAME(r.gradientNorms(1), b);
            QVERIFY(std::abs(r.magnitudeSimilarity - 2 * a * b / (a * a + b * b)) <= 1e-15);
            // Not logged and not derivable without a Gramian: stored as NULL.
            COMPARE_SAME(r.alignment(0), std::nan(""));
            COMPARE_SAME(r.slowdown(1), std::nan(""));
            COMPARE_SAME(r.directionNorm, std::nan(""));
            COMPARE_SAME(r.conflictFraction, std::nan(""));
        }
    }
}

void checkMatrices(const std::vector<engine::MatrixRecord>& matrices, int from, int to)
{
    std::vector<long long> expectedSteps;
    for (int s = from; s < to; ++s)
        if (hasGramian(s))
            expectedSteps.push_back(s);
    QCOMPARE(matrices.size(), expectedSteps.size());
    for (std::size_t i = 0; i < matrices.size(); ++i) {
        QCOMPARE(matrices[i].step, expectedSteps[i]);
        const Eigen::MatrixXd cosine = analysis::cosineMatrix(gramian(static_cast<int>(expectedSteps[i])));
        QCOMPARE(matrices[i].cosine.rows(), 2);
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c)
                COMPARE_SAME(matrices[i].cosine(r, c), cosine(r, c));
    }
}

void checkEvaluations(const std::vector<engine::EvaluationRecord>& evaluations)
{
    // python/tests/reference_run.py EVALUATIONS, in the order written.
    struct Expected {
        long long step;
        problem::Split split;
        double losses[2];
        double accuracies[2];
    };
    const Expected expected[] = { { 3, problem::Split::Validation, { 0.5, 0.25 }, { 0.8, 0.9375 } },
        { 6, problem::Split::Validation, { 1.0 / 3.0, 2.0 / 7.0 }, { 0.85, 0.95 } },
        { 6, problem::Split::Test, { 0.4, 0.3 }, { 0.84, 0.96 } } };
    QCOMPARE(evaluations.size(), std::size(expected));
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
        QCOMPARE(evaluations[i].step, expected[i].step);
        QCOMPARE(evaluations[i].split, expected[i].split);
        QCOMPARE(evaluations[i].tasks.size(), std::size_t { 2 });
        for (std::size_t t = 0; t < 2; ++t) {
            COMPARE_SAME(evaluations[i].tasks[t].loss, expected[i].losses[t]);
            COMPARE_SAME(evaluations[i].tasks[t].metric, expected[i].accuracies[t]);
            QCOMPARE(evaluations[i].tasks[t].metricName, std::string("accuracy"));
            QVERIFY(evaluations[i].tasks[t].higherIsBetter);
            // MORE_METRICS: the test split's AUC of the first task only.
            const bool withAuc = i == 2 && t == 0;
            QCOMPARE(evaluations[i].tasks[t].moreMetrics.size(), std::size_t(withAuc ? 1 : 0));
            if (withAuc) {
                QCOMPARE(evaluations[i].tasks[t].moreMetrics[0].name, std::string("auc"));
                COMPARE_SAME(evaluations[i].tasks[t].moreMetrics[0].value, 0.875);
                QVERIFY(evaluations[i].tasks[t].moreMetrics[0].higherIsBetter);
            }
        }
    }
}

} // namespace

class TestPythonRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(referenceScript()), qPrintable(referenceScript() + " not found (MTW_SOURCE_DIR?)"));
    }

    void testFollowerReadsEveryValue()
    {
        QTemporaryDir root;
        const QString directory = root.path() + "/run";
        writeReferenceRun(directory);
        engine::RunFollower follower(directory.toStdString());
        QCOMPARE(follower.taskNames(), (std::vector<std::string> { "class", "footwear" }));
        QCOMPARE(follower.experiment().method, std::string("pcgrad"));
        QCOMPARE(follower.experiment().steps, static_cast<long long>(referenceSteps));
        QCOMPARE(follower.experiment().seed, std::uint64_t { 7 });
        std::vector<engine::MatrixRecord> matrices;
        std::vector<engine::EvaluationRecord> evaluations;
        std::vector<engine::FactorRecord> factors;
        const std::vector<engine::StepRecord> steps = readAllSteps(follower, &matrices, &evaluations, &factors);
        QCOMPARE(steps.size(), std::size_t { referenceSteps });
        checkSteps(steps, 0);
        checkMatrices(matrices, 0, referenceSteps);
        checkEvaluations(evaluations);
        // Store order (step, task, name): the all-tasks factor (task -1) first.
        QCOMPARE(factors.size(), std::size_t { 2 });
        QCOMPARE(factors[0].task, -1);
        COMPARE_SAME(factors[0].value, 0.1 * 3);
        QCOMPARE(factors[1].task, 0);
        QCOMPARE(factors[1].name, std::string("sharpness"));
        COMPARE_SAME(factors[1].value, 12.5);
        QCOMPARE(follower.status(), engine::RunStatus::Finished);
        QCOMPARE(follower.message(), std::string("reference run"));
        QCOMPARE(follower.finalLosses().size(), std::size_t { 2 });
        COMPARE_SAME(follower.finalLosses()[0], 1e-300);
        COMPARE_SAME(follower.finalLosses()[1], 0.1 + 0.2);
    }

    void testReadRun()
    {
        QTemporaryDir root;
        const QString directory = root.path() + "/run";
        writeReferenceRun(directory);
        const engine::RunRecord run = engine::readRun(directory.toStdString());
        QCOMPARE(run.status, std::string("finished"));
        QCOMPARE(run.experiment.problem, std::string("csv"));
        QCOMPARE(run.experiment.name, std::string("python-reference"));
        QCOMPARE(run.taskNames.size(), std::size_t { 2 });
        checkEvaluations(run.evaluations);
        QCOMPARE(run.split(problem::Split::Test).size(), std::size_t { 1 });
    }

    // The follower sees the Python writer's committed steps while it runs, as running (it holds
    // run.lock), and the rest once it has closed, as finished.
    void testFollowLive()
    {
        QTemporaryDir root;
        const QString directory = root.path() + "/run";
        QProcess writer;
        writer.start(python(), { referenceScript(), directory, "--live" });
        QVERIFY(writer.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(writer.canReadLine() || writer.state() == QProcess::NotRunning, 60000);
        QCOMPARE(writer.readLine().trimmed(), QByteArray("flushed"));

        engine::RunFollower follower(directory.toStdString());
        std::vector<engine::MatrixRecord> matrices;
        std::vector<engine::EvaluationRecord> evaluations;
        std::vector<engine::FactorRecord> factors;
        std::vector<engine::StepRecord> first = readAllSteps(follower, &matrices, &evaluations, &factors);
        QCOMPARE(first.size(), std::size_t { 3 });
        checkSteps(first, 0);
        checkMatrices(matrices, 0, 3);
        QCOMPARE(evaluations.size(), std::size_t { 1 });
        QCOMPARE(follower.status(), engine::RunStatus::Running);
        QVERIFY(!follower.poll()); // nothing new while the writer waits

        writer.write("go\n");
        QVERIFY(writer.waitForFinished(60000));
        QCOMPARE(writer.exitCode(), 0);
        matrices.clear();
        evaluations.clear();
        const std::vector<engine::StepRecord> rest = readAllSteps(follower, &matrices, &evaluations, &factors);
        QCOMPARE(rest.size(), std::size_t { referenceSteps - 3 });
        checkSteps(rest, 3);
        checkMatrices(matrices, 3, referenceSteps);
        QCOMPARE(evaluations.size(), std::size_t { 2 });
        QCOMPARE(follower.status(), engine::RunStatus::Finished);
    }
};

QTEST_GUILESS_MAIN(TestPythonRun)
#include "tst_python_run.moc"

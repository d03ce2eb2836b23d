// The cross-run study engine (issue 12): run discovery, quantities checked by hand against the
// run databases read independently (sqlite3 and QJsonDocument here), grouping, skipped runs, name
// resolution, and the transfer quantities against baselines recomputed from the final losses.
#include "common/compare.h"
#include "engine/factor_transfer.h"
#include "engine/run_discovery.h"
#include "engine/run_job.h"
#include "engine/single_task_baselines.h"
#include "engine/study.h"
#include "synthetic_experiment.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <sqlite3.h>

using namespace mtw;

namespace {

// Every row of a one-column (or two-column step, value) query, in order.
std::vector<std::vector<double>> rowsOf(const QString& run, const char* sql)
{
    sqlite3* db = nullptr;
    std::vector<std::vector<double>> rows;
    if (sqlite3_open_v2((run + "/run.sqlite").toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK)
            while (sqlite3_step(statement) == SQLITE_ROW) {
                std::vector<double> row;
                for (int c = 0; c < sqlite3_column_count(statement); ++c)
                    row.push_back(sqlite3_column_type(statement, c) == SQLITE_NULL
                            ? std::nan("")
                            : sqlite3_column_double(statement, c));
                rows.push_back(row);
            }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return rows;
}

QStringList textRows(const QString& run, const char* sql)
{
    sqlite3* db = nullptr;
    QStringList rows;
    if (sqlite3_open_v2((run + "/run.sqlite").toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK)
            while (sqlite3_step(statement) == SQLITE_ROW)
                rows << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return rows;
}

double average(const std::vector<double>& v)
{
    double sum = 0;
    for (double x : v)
        sum += x;
    return sum / static_cast<double>(v.size());
}

engine::Experiment tinyExperiment(const std::string& method, std::uint64_t seed)
{
    engine::Experiment e = test::syntheticExperiment(method, 2, 1, seed);
    e.steps = 40;
    e.evaluateEvery = 10;
    e.matrixEvery = 5;
    e.factors.every = 20; // cheap factors, for the factor differences against the baselines
    e.factors.samples = 64;
    e.factors.sharpnessIterations = 4;
    e.factors.samRho.clear();
    return e;
}

void runTo(const engine::Experiment& e, const std::string& directory)
{
    engine::RunJob job(e, directory, {});
    const engine::RunOutcome outcome = job.run(nullptr, nullptr);
    if (outcome.status != engine::RunStatus::Finished)
        throw std::runtime_error("run failed: " + outcome.message);
}

double number(const engine::RunCollection& runs, std::size_t run, const std::string& name)
{
    const engine::QuantityValue value = runs.value(run, name);
    if (!value.available)
        throw std::runtime_error(name + ": " + value.reason);
    return value.number;
}

} // namespace

class TestStudy : public QObject {
    Q_OBJECT
    QTemporaryDir m_root;
    QString m_runs;
    std::unique_ptr<engine::RunCollection> m_collection;

    std::size_t indexOf(const QString& name) const
    {
        for (std::size_t i = 0; i < m_collection->size(); ++i)
            if (QString::fromStdString(m_collection->run(i).directory()).endsWith("/" + name))
                return i;
        throw std::runtime_error("no run " + name.toStdString());
    }

private slots:
    // 2 methods x 3 seeds in nested folders, the single-task baselines of one ew run, and a broken run.
    void initTestCase()
    {
        m_runs = m_root.filePath("runs");
        for (const char* method : { "ew", "mgda" })
            for (std::uint64_t seed : { 1, 2, 3 })
                runTo(
                    tinyExperiment(method, seed), QString("%1/%2/seed%3").arg(m_runs, method).arg(seed).toStdString());
        const engine::Experiment multi = tinyExperiment("ew", 1);
        const std::vector<std::string> tasks = engine::experimentTaskNames(multi);
        for (const engine::Experiment& single : engine::singleTaskExperiments(multi, tasks))
            runTo(single, (m_runs + "/base/" + QString::fromStdString(single.name)).toStdString());
        QDir().mkpath(m_runs + "/broken");
        QFile(m_runs + "/broken/experiment.json").open(QIODevice::WriteOnly);
        QFile(m_runs + "/broken/run.sqlite").open(QIODevice::WriteOnly);
        m_collection = std::make_unique<engine::RunCollection>(std::vector<std::string> { m_runs.toStdString() });
    }

    void discoveryFindsNestedRunsAndNamesEmptyPaths()
    {
        const std::vector<std::string> found
            = engine::findRunDirectories({ m_runs.toStdString(), (m_runs + "/ew/seed1/").toStdString() });
        QCOMPARE(found.size(), std::size_t(9)); // 6 + 2 baselines + broken; the repeated run once
        QVERIFY(std::is_sorted(found.begin(), found.end()));
        QCOMPARE(m_collection->size(), std::size_t(8));
        QCOMPARE(m_collection->unreadable().size(), std::size_t(1));
        QVERIFY(m_collection->unreadable()[0].directory.ends_with("broken"));
        QDir().mkpath(m_root.filePath("empty/sub"));
        try {
            engine::findRunDirectories({ m_root.filePath("empty").toStdString() });
            QFAIL("no error for a folder without runs");
        } catch (const engine::StudyError& error) {
            QVERIFY2(QString(error.what()).contains("holds no run directory"), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(
            engine::StudyError, engine::findRunDirectories({ m_root.filePath("missing").toStdString() }));
    }

    void axesAreTheExperimentSettings()
    {
        const std::size_t run = indexOf("mgda/seed2");
        QCOMPARE(number(*m_collection, run, "training.seed"), 2.0);
        QCOMPARE(number(*m_collection, run, "optimizer.lr"), 3e-3);
        QCOMPARE(number(*m_collection, run, "problem.params.rho"), 0.5);
        QCOMPARE(number(*m_collection, run, "training.steps"), 40.0);
        const engine::QuantityValue method = m_collection->value(run, "method.name");
        QVERIFY(method.available && method.kind == engine::QuantityKind::Text);
        QCOMPARE(method.text, std::string("mgda"));
        QCOMPARE(m_collection->value(run, "status").text, std::string("finished"));
        QCOMPARE(m_collection->value(run, "model.trunk").text, std::string("[32,16]"));
        QCOMPARE(number(*m_collection, run, "task_count"), 2.0); // syntheticExperiment(method, 2 tasks)
    }

    void finalOutcomesMatchTheDatabase()
    {
        const std::size_t run = indexOf("ew/seed3");
        const QString dir = QString::fromStdString(m_collection->run(run).directory());
        const auto last
            = rowsOf(dir, "SELECT loss FROM task_steps WHERE step = (SELECT MAX(step) FROM task_steps) ORDER BY task");
        QCOMPARE(last.size(), std::size_t(2));
        const auto& names = m_collection->run(run).record().taskNames;
        QCOMPARE(number(*m_collection, run, "final.loss." + names[1]), last[1][0]);
        QVERIFY(test::closeTo(number(*m_collection, run, "final.loss.mean"), (last[0][0] + last[1][0]) / 2, 1e-15, 0));
        const auto validation = rowsOf(dir,
            "SELECT loss FROM evaluations WHERE split = 'validation' AND step = "
            "(SELECT MAX(step) FROM evaluations WHERE split = 'validation') ORDER BY task");
        QCOMPARE(validation.size(), std::size_t(2));
        QCOMPARE(number(*m_collection, run, "final.validation.loss." + names[0]), validation[0][0]);
        QVERIFY(test::closeTo(number(*m_collection, run, "final.validation.loss.mean"),
            (validation[0][0] + validation[1][0]) / 2, 1e-15, 0));
        // The further metric of the regression tasks, MAE, as stored; they have no F1 or AUC.
        const auto mae = rowsOf(dir,
            "SELECT value FROM evaluation_metrics WHERE split = 'validation' AND name = 'mae' AND step = "
            "(SELECT MAX(step) FROM evaluations WHERE split = 'validation') ORDER BY task");
        QCOMPARE(mae.size(), std::size_t(2));
        QVERIFY(mae[1][0] > 0);
        QCOMPARE(number(*m_collection, run, "final.validation.mae." + names[1]), mae[1][0]);
        QVERIFY(!m_collection->value(run, "final.validation.auc." + names[1]).available);
    }

    void seriesSummariesMatchTheStoredColumns()
    {
        const std::size_t run = indexOf("mgda/seed1");
        const QString dir = QString::fromStdString(m_collection->run(run).directory());
        std::vector<double> conflict;
        for (const auto& row : rowsOf(dir, "SELECT conflict_fraction FROM steps ORDER BY step"))
            conflict.push_back(row[0]);
        QCOMPARE(conflict.size(), std::size_t(40));
        QVERIFY(test::closeTo(
            number(*m_collection, run, "series.conflict_fraction.mean"), average(conflict), 1e-14, 1e-15));
        QCOMPARE(number(*m_collection, run, "series.conflict_fraction.last"), conflict.back());
        // tail10 of 40 steps: the last 4; tail3: ceil(1.2) = 2.
        std::vector<double> lastFour;
        for (const auto& row : rowsOf(dir, "SELECT direction_norm FROM steps ORDER BY step DESC LIMIT 4"))
            lastFour.push_back(row[0]);
        QVERIFY(
            test::closeTo(number(*m_collection, run, "series.direction_norm.tail10"), average(lastFour), 1e-14, 1e-15));
        // (direction_norm, not conflict_fraction: with two tasks the fraction is 0 or 1 and neighbours tie.)
        const auto lastTwo = rowsOf(dir, "SELECT direction_norm FROM steps ORDER BY step DESC LIMIT 2");
        QVERIFY(lastTwo[0][0] != lastTwo[1][0]);
        QVERIFY(test::closeTo(number(*m_collection, run, "series.direction_norm.tail3"),
            (lastTwo[0][0] + lastTwo[1][0]) / 2, 1e-14, 1e-15));

        // Per-step reductions over the task rows, by hand.
        const auto taskRows
            = rowsOf(dir, "SELECT step, weight, grad_norm, slowdown FROM task_steps ORDER BY step, task");
        QCOMPARE(taskRows.size(), std::size_t(80));
        std::vector<double> entropy, ratio, slowdown;
        for (std::size_t i = 0; i < taskRows.size(); i += 2) {
            const double w0 = std::abs(taskRows[i][1]), w1 = std::abs(taskRows[i + 1][1]);
            const double p0 = w0 / (w0 + w1), p1 = w1 / (w0 + w1);
            entropy.push_back(-(p0 > 0 ? p0 * std::log(p0) : 0) - (p1 > 0 ? p1 * std::log(p1) : 0));
            ratio.push_back(
                std::max(taskRows[i][2], taskRows[i + 1][2]) / std::min(taskRows[i][2], taskRows[i + 1][2]));
            slowdown.push_back((taskRows[i][3] + taskRows[i + 1][3]) / 2);
        }
        QVERIFY(
            test::closeTo(number(*m_collection, run, "series.weight_entropy.mean"), average(entropy), 1e-12, 1e-14));
        QVERIFY(test::closeTo(number(*m_collection, run, "series.grad_norm_ratio.mean"), average(ratio), 1e-12, 1e-14));
        QVERIFY(test::closeTo(number(*m_collection, run, "series.slowdown.last"), slowdown.back(), 1e-12, 1e-14));
        QVERIFY(number(*m_collection, run, "series.weight_entropy.mean") <= std::log(2.0) + 1e-12);

        // cosine_mean: the off-diagonal entry of each stored 2x2 matrix, parsed here with Qt.
        std::vector<double> cosines;
        for (const QString& data : textRows(dir, "SELECT data FROM matrices WHERE kind = 'cosine' ORDER BY step"))
            cosines.push_back(QJsonDocument::fromJson(data.toUtf8()).array().at(1).toDouble());
        QVERIFY(cosines.size() >= 8);
        QVERIFY(test::closeTo(number(*m_collection, run, "series.cosine_mean.mean"), average(cosines), 1e-12, 1e-14));
        // Per task: with two tasks each one's mean cosine with the others is that same entry;
        // its first-order slow-down is its own task_steps column.
        const auto& tasks = m_collection->run(run).record().taskNames;
        QVERIFY(test::closeTo(
            number(*m_collection, run, "series.cosine_with." + tasks[1] + ".mean"), average(cosines), 1e-12, 1e-14));
        std::vector<double> ownSlowdown;
        for (std::size_t i = 1; i < taskRows.size(); i += 2)
            ownSlowdown.push_back(taskRows[i][3]);
        QVERIFY(test::closeTo(
            number(*m_collection, run, "series.slowdown." + tasks[1] + ".mean"), average(ownSlowdown), 1e-12, 1e-14));
        QVERIFY(!m_collection->value(run, "series.slowdown.nope.mean").available);

        // An extra of MGDA, absent from EW runs.
        std::vector<double> extra;
        for (const auto& row : rowsOf(dir, "SELECT value FROM extras WHERE name = 'min_norm_squared' ORDER BY step"))
            extra.push_back(row[0]);
        QVERIFY(!extra.empty());
        QVERIFY(test::closeTo(
            number(*m_collection, run, "series.extra.min_norm_squared.mean"), average(extra), 1e-12, 1e-15));
        const engine::QuantityValue absent
            = m_collection->value(indexOf("ew/seed1"), "series.extra.min_norm_squared.mean");
        QVERIFY(!absent.available);
        QVERIFY2(QString::fromStdString(absent.reason).contains("no series"), absent.reason.c_str());
    }

    void studyGroupsByMethodAndSkipsWithReasons()
    {
        engine::StudyOptions options { "training.seed", "series.conflict_fraction.mean", "method", { 500, 9, 0.95 } };
        const engine::StudyResult result = engine::runStudy(*m_collection, options);
        QCOMPARE(result.groupBy, std::string("method.name"));
        QCOMPARE(result.points.size(), std::size_t(8));
        QCOMPARE(result.groups.size(), std::size_t(3)); // ew, fixed, mgda
        QCOMPARE(result.groups[0].label, std::string("ew"));
        QCOMPARE(result.groups[2].label, std::string("mgda"));
        QCOMPARE(result.groups[2].x, (std::vector<double> { 1, 2, 3 }));
        std::vector<double> expected;
        for (int seed = 1; seed <= 3; ++seed)
            expected.push_back(
                number(*m_collection, indexOf(QString("mgda/seed%1").arg(seed)), "series.conflict_fraction.mean"));
        QCOMPARE(result.groups[2].y, expected);
        const analysis::CorrelationSummary direct = analysis::correlate({ 1, 2, 3 }, expected, { 500, 9, 0.95 });
        QCOMPARE(result.groups[2].statistics.pearson.value, direct.pearson.value);
        QCOMPARE(result.groups[2].statistics.pearsonInterval.low, direct.pearsonInterval.low);
        QCOMPARE(result.groups[1].statistics.n, std::size_t(2));
        QVERIFY(!result.groups[1].statistics.pearson.valid());
        QCOMPARE(result.overall.statistics.n, std::size_t(8));
        QCOMPARE(result.skipped.size(), std::size_t(1)); // the broken run
        QVERIFY(QString::fromStdString(result.skipped[0].reason).contains("cannot be read"));

        // EW runs have no MGDA extra: skipped, and the reason names the quantity.
        const engine::StudyResult extra
            = engine::runStudy(*m_collection, { "series.extra.min_norm_squared.tail50", "final.loss.mean", "", {} });
        QCOMPARE(extra.points.size(), std::size_t(3));
        QCOMPARE(extra.skipped.size(), std::size_t(6));
        QVERIFY(QString::fromStdString(extra.skipped[1].reason)
                    .startsWith("series.extra.min_norm_squared.tail50: no series"));
    }

    void namesResolveOrNameCloseMatches()
    {
        QCOMPARE(m_collection->resolve("method"), std::string("method.name"));
        QCOMPARE(m_collection->resolve("series.slowdown.tail37"), std::string("series.slowdown.tail37"));
        try {
            m_collection->resolve("final.los.mean");
            QFAIL("no error for an unknown name");
        } catch (const engine::StudyError& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("unknown quantity 'final.los.mean'") && message.contains("final.loss.mean"),
                error.what());
        }
        QVERIFY_THROWS_EXCEPTION(engine::StudyError, m_collection->resolve("series.slowdown.tail0"));
        QVERIFY_THROWS_EXCEPTION(
            engine::StudyError, engine::runStudy(*m_collection, { "method.name", "final.loss.mean", "", {} }));
        const std::vector<engine::QuantityInfo> all = m_collection->quantities();
        const auto conflict = std::find_if(
            all.begin(), all.end(), [](const auto& q) { return q.name == "series.conflict_fraction.tail10"; });
        QVERIFY(conflict != all.end() && conflict->runs == 8);
    }

    // Delta-m% (lower is better) over the final validation losses, by hand: both tasks are regression
    // tasks whose metric is the loss, so K = 2 metrics.
    void transferAgainstTheBaselines()
    {
        const std::size_t multi = indexOf("ew/seed1");
        const auto& names = m_collection->run(multi).record().taskNames;
        double sum = 0;
        for (std::size_t t = 0; t < names.size(); ++t) {
            const std::size_t base = indexOf(QString::fromStdString("base/synthetic-st-" + names[t]));
            QCOMPARE(number(*m_collection, base, "task_count"), 1.0); // a single-task baseline
            const double st = number(*m_collection, base, "final.validation.loss." + names[t]);
            const double mt = number(*m_collection, multi, "final.validation.loss." + names[t]);
            sum += (mt - st) / st;
        }
        QVERIFY(test::closeTo(number(*m_collection, multi, "transfer.delta_m"), 100 * sum / 2, 1e-12, 1e-12));
        QVERIFY(test::closeTo(number(*m_collection, multi, "transfer.delta_p"), -100 * sum / 2, 1e-12, 1e-12));
        QVERIFY(std::isfinite(number(*m_collection, multi, "transfer.gap_end." + names[0])));
        QVERIFY(std::isfinite(number(*m_collection, multi, "transfer.gap_mean." + names[1])));
        // The measured slow-down from the stored training-loss checkpoints: positive ratios, and
        // the steps ratio present or missing with its reason.
        QVERIFY(number(*m_collection, multi, "transfer.loss_ratio_end." + names[0]) > 0);
        QVERIFY(number(*m_collection, multi, "transfer.loss_ratio_mean." + names[1]) > 0);
        const engine::QuantityValue steps = m_collection->value(multi, "transfer.steps_ratio." + names[0]);
        QVERIFY2(steps.available ? steps.number > 0 : steps.reason.find("never reaches") != std::string::npos,
            steps.reason.c_str());
        // Each factor's MT - ST difference at equal training loss (engine/factor_transfer.h,
        // checked by hand in tst_factor_transfer), read from both runs' stores.
        const std::string base0
            = m_collection->run(indexOf(QString::fromStdString("base/synthetic-st-" + names[0]))).directory();
        const std::map<std::string, double> expected = engine::factorDifferences(
            engine::readRunFactors(m_collection->run(multi).directory()), engine::readRunFactors(base0), 0);
        QVERIFY(expected.count("sharpness") && expected.count("coherence"));
        for (const auto& [factor, difference] : expected)
            QCOMPARE(number(*m_collection, multi, "transfer.factor_diff." + factor + "." + names[0]), difference);
        // Other seeds and the baselines themselves have none, with the reason.
        const engine::QuantityValue otherSeed = m_collection->value(indexOf("ew/seed2"), "transfer.delta_m");
        QVERIFY2(!otherSeed.available && otherSeed.reason.find("no single-task baseline") != std::string::npos,
            otherSeed.reason.c_str());
        const engine::QuantityValue baseline
            = m_collection->value(indexOf(QString::fromStdString("base/synthetic-st-" + names[0])), "transfer.delta_m");
        QVERIFY(!baseline.available && baseline.reason.find("single-task baseline") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"

// The Study tab (issue 12): over 24 stored runs (3 methods x 2 learning rates x 4 seeds of the
// synthetic experiment), grouped by method and by seed, the view's points, per-group and overall
// statistics equal engine::runStudy on the same directories and what `mtw-cli study --json`
// prints; the heat-map cells are the per-(x, group) means; the scatter (PNG/SVG/PDF) and the
// points (CSV, the CLI's columns) export; with fewer than 3 runs the view is blocked and the
// headless export skips it with the reason. The parallel coordinates: tst_study_parallel.
#include "engine/study.h"
#include "export_checks.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/headless_run.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/stored_runs.h"
#include "gui/views/study_view.h"
#include "gui_test_support.h"
#include "study_fixture.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>

using namespace mtw;
using test::canonical;
using test::studyView;

namespace {

bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

// A JSON number or null (NaN) as the CLI writes it.
double jsonNumber(const QJsonValue& v)
{
    return v.isNull() ? std::nan("") : v.toDouble();
}

// Empty when the summaries are equal bit for bit.
QString differenceBetween(const analysis::CorrelationSummary& a, const analysis::CorrelationSummary& b)
{
    if (a.n != b.n)
        return QString("n %1/%2").arg(a.n).arg(b.n);
    const std::pair<const char*, std::pair<double, double>> values[]
        = { { "r", { a.pearson.value, b.pearson.value } }, { "rho", { a.spearman.value, b.spearman.value } },
              { "r low", { a.pearsonInterval.low, b.pearsonInterval.low } },
              { "r high", { a.pearsonInterval.high, b.pearsonInterval.high } },
              { "rho low", { a.spearmanInterval.low, b.spearmanInterval.low } },
              { "rho high", { a.spearmanInterval.high, b.spearmanInterval.high } },
              { "slope", { a.line.slope, b.line.slope } }, { "intercept", { a.line.intercept, b.line.intercept } } };
    for (const auto& [name, v] : values)
        if (!same(v.first, v.second))
            return QString("%1: %2 / %3").arg(name).arg(v.first, 0, 'g', 17).arg(v.second, 0, 'g', 17);
    return {};
}

QString differenceFromJson(const analysis::CorrelationSummary& a, const QJsonObject& j)
{
    if (static_cast<qint64>(a.n) != j["n"].toInteger())
        return QString("n %1/%2").arg(a.n).arg(j["n"].toInteger());
    const QJsonObject r = j["pearson"].toObject(), rho = j["spearman"].toObject();
    const std::pair<const char*, std::pair<double, double>> values[]
        = { { "r", { a.pearson.value, jsonNumber(r["value"]) } },
              { "r low", { a.pearsonInterval.low, jsonNumber(r["low"]) } },
              { "r high", { a.pearsonInterval.high, jsonNumber(r["high"]) } },
              { "rho", { a.spearman.value, jsonNumber(rho["value"]) } },
              { "rho low", { a.spearmanInterval.low, jsonNumber(rho["low"]) } },
              { "rho high", { a.spearmanInterval.high, jsonNumber(rho["high"]) } },
              { "slope", { a.line.slope, jsonNumber(j["slope"]) } },
              { "intercept", { a.line.intercept, jsonNumber(j["intercept"]) } } };
    for (const auto& [name, v] : values)
        if (!same(v.first, v.second))
            return QString("%1: view %2 / cli %3").arg(name).arg(v.first, 0, 'g', 17).arg(v.second, 0, 'g', 17);
    return {};
}

} // namespace

class TestStudyView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_root;

    std::unique_ptr<gui::MainWindow> openRuns(const QStringList& paths, const QString& workspace)
    {
        return test::openStudyRuns(m_dir, paths, workspace);
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings")));
        m_root = m_dir.filePath(QStringLiteral("study"));
        test::writeStudyRuns(m_root);
    }

    void viewAgreesWithEngineAndCli_data()
    {
        QTest::addColumn<QString>("x");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QStringList>("groupLabels");
        const QStringList byMethod { "ew", "mgda", "pcgrad" }, bySeed { "1", "2", "3", "4" };
        QTest::newRow("lr-by-method") << QStringLiteral("optimizer.lr") << QStringLiteral("method.name") << byMethod;
        QTest::newRow("lr-by-seed") << QStringLiteral("optimizer.lr") << QStringLiteral("training.seed") << bySeed;
        QTest::newRow("conflict-fraction-by-method")
            << QStringLiteral("series.conflict_fraction.mean") << QStringLiteral("method.name") << byMethod;
    }

    void viewAgreesWithEngineAndCli()
    {
        QFETCH(QString, x);
        QFETCH(QString, group);
        QFETCH(QStringList, groupLabels);
        const QString y = QStringLiteral("final.loss.mean");
        const int groupCount = static_cast<int>(groupLabels.size());
        auto window = openRuns({ m_root }, QStringLiteral("workspace"));
        QCOMPARE(window->runManager()->count(), test::studyRunCount);
        gui::StudyView* view = studyView(*window);
        QVERIFY(view);
        QCOMPARE(window->viewTabs()->tabText(window->viewTabs()->count() - 1), QStringLiteral("Study"));
        view->refresh();
        QCOMPARE(view->studiedDirectories().size(), test::studyRunCount);
        // Reading the runs is I/O: a refresh with the same runs in the same state reads nothing,
        // the Refresh button reads them again.
        const long long reads = view->readCount();
        view->refresh();
        QCOMPARE(view->readCount(), reads);
        view->reload();
        QCOMPARE(view->readCount(), reads + 1);
        QVERIFY(view->numericQuantities().contains(x));
        QVERIFY(!view->numericQuantities().contains("method.name")); // text: a grouping, not an axis
        view->setQuantities(x, y, group);
        QVERIFY2(view->exportBlocker().isEmpty(), qPrintable(view->exportBlocker()));
        const engine::StudyResult* shown = view->result();
        QVERIFY(shown);

        // The engine on the same directories.
        const engine::RunCollection collection({ m_root.toStdString() });
        const engine::StudyResult expected
            = engine::runStudy(collection, { x.toStdString(), y.toStdString(), group.toStdString(), {} });
        QCOMPARE(shown->points.size(), std::size_t(test::studyRunCount));
        QCOMPARE(shown->points.size(), expected.points.size());
        for (std::size_t i = 0; i < expected.points.size(); ++i) {
            QCOMPARE(canonical(shown->points[i].run), canonical(expected.points[i].run));
            QVERIFY(shown->points[i].x == expected.points[i].x && shown->points[i].y == expected.points[i].y);
            QCOMPARE(shown->points[i].group, expected.points[i].group);
        }
        QCOMPARE(shown->groups.size(), std::size_t(groupCount));
        QCOMPARE(shown->groups.size(), expected.groups.size());
        for (std::size_t g = 0; g < expected.groups.size(); ++g) {
            QCOMPARE(shown->groups[g].label, expected.groups[g].label);
            const QString d = differenceBetween(shown->groups[g].statistics, expected.groups[g].statistics);
            QVERIFY2(d.isEmpty(), qPrintable(d));
        }
        QString d = differenceBetween(shown->overall.statistics, expected.overall.statistics);
        QVERIFY2(d.isEmpty(), qPrintable(d));
        QVERIFY(std::isfinite(shown->overall.statistics.pearson.value));
        QVERIFY(view->statisticsLabel()->text().contains(gui::studyNumber(shown->overall.statistics.pearson.value)));

        // What mtw-cli study prints.
        const QString cliCsv = m_dir.filePath(QString("cli-%1.csv").arg(QTest::currentDataTag()));
        QProcess cli;
        cli.start(QStringLiteral(MTW_CLI_PATH),
            { "study", m_root, "--x", x, "--y", y, "--group-by", group, "--json", "--csv", cliCsv });
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const QJsonObject json = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        const QJsonArray groups = json["groups"].toArray(), points = json["points"].toArray();
        QCOMPARE(groups.size(), groupCount);
        QCOMPARE(points.size(), test::studyRunCount);
        for (int g = 0; g < groupCount; ++g) {
            QCOMPARE(groups[g].toObject()["label"].toString().toStdString(), shown->groups[std::size_t(g)].label);
            d = differenceFromJson(shown->groups[std::size_t(g)].statistics, groups[g].toObject());
            QVERIFY2(d.isEmpty(), qPrintable(d));
        }
        d = differenceFromJson(shown->overall.statistics, json["overall"].toObject());
        QVERIFY2(d.isEmpty(), qPrintable(d));
        for (int i = 0; i < test::studyRunCount; ++i) {
            const QJsonObject p = points[i].toObject();
            QVERIFY(p["x"].toDouble() == shown->points[std::size_t(i)].x
                && p["y"].toDouble() == shown->points[std::size_t(i)].y);
            QCOMPARE(p["group"].toString().toStdString(), shown->points[std::size_t(i)].group);
        }

        // The scatter draws every point in its group's series; the table lists them.
        int drawn = 0;
        for (int s = 0; s < view->scatterChart()->seriesCount(); ++s)
            if (groupLabels.contains(view->scatterChart()->seriesName(s)))
                drawn += static_cast<int>(view->scatterChart()->seriesPoints(s).size());
        QCOMPARE(drawn, test::studyRunCount);
        QCOMPARE(view->pointsTable()->rowCount(), test::studyRunCount);

        // Heat map: the mean y of the runs in each (x value, method) cell.
        std::map<std::pair<std::string, double>, std::pair<double, int>> sums;
        for (const engine::StudyPoint& p : expected.points) {
            auto& cell = sums[{ p.group, p.x }];
            cell.first += p.y;
            cell.second += 1;
        }
        const gui::StudyCells& cells = view->cells();
        QCOMPARE(cells.rows, groupLabels);
        QCOMPARE(cells.columns.size(), x == "optimizer.lr" ? 2 : test::studyRunCount);
        int filled = 0;
        for (int r = 0; r < cells.rows.size(); ++r)
            for (int c = 0; c < cells.columns.size(); ++c) {
                const auto it = sums.find({ cells.rows[r].toStdString(), cells.columnValues[c] });
                if (it == sums.end()) {
                    QVERIFY(std::isnan(cells.mean(r, c)));
                    continue;
                }
                ++filled;
                QCOMPARE(cells.count(r, c), it->second.second);
                QVERIFY(std::abs(cells.mean(r, c) - it->second.first / it->second.second)
                    <= 1e-15 * std::abs(cells.mean(r, c)));
                QVERIFY(same(view->heatmap()->values()(r, c), cells.mean(r, c)));
            }
        QCOMPARE(filled, static_cast<int>(sums.size()));
        if (x == "optimizer.lr")
            QCOMPARE(cells.count.sum(), test::studyRunCount); // every run in its (lr, group) cell
        QCOMPARE(cells.count.maxCoeff(), x == "optimizer.lr" ? test::studyRunCount / (2 * groupCount) : 1);

        // Exports: the scatter as PNG/SVG/PDF, the points as the CLI's CSV.
        const QString out = m_dir.filePath(QString("export-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(out);
        QString error;
        for (const char* suffix : { "png", "svg", "pdf" }) {
            const QString path = out + "/study." + suffix;
            QVERIFY2(view->exportFigure(path, {}, &error), qPrintable(error));
            QVERIFY2(test::exportedFileHasData(path), suffix);
        }
        QVERIFY2(view->exportCsv(out + "/study.csv", &error), qPrintable(error));
        QFile viewCsv(out + "/study.csv"), cliFile(cliCsv);
        QVERIFY(viewCsv.open(QIODevice::ReadOnly) && cliFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> viewLines = viewCsv.readAll().trimmed().split('\n'),
                                cliLines = cliFile.readAll().trimmed().split('\n');
        QCOMPARE(viewLines.size(), test::studyRunCount + 1);
        QCOMPARE(viewLines.size(), cliLines.size());
        QCOMPARE(viewLines.front().trimmed(), cliLines.front().trimmed()); // run,<x>,<y>,method.name
        for (int i = 1; i < viewLines.size(); ++i) {
            const QList<QByteArray> a = viewLines[i].trimmed().split(','), b = cliLines[i].trimmed().split(',');
            QCOMPARE(a.size(), 4);
            QCOMPARE(canonical(a[0].toStdString()), canonical(b[0].toStdString()));
            QVERIFY2(
                a[1].toDouble() == b[1].toDouble() && a[2].toDouble() == b[2].toDouble(), viewLines[i].constData());
            QCOMPARE(a[3], b[3]);
        }
    }

    void headlessStudyTakesTheGivenQuantities()
    {
        // `mtw --headless --study X,Y,GROUP RUNS`: the Study figure of those quantities, not the view's default.
        QString log;
        QTextStream out(&log);
        auto window = std::make_unique<gui::MainWindow>();
        window->setWorkspace(m_dir.filePath("headless-study"));
        const QString target = m_dir.filePath("headless-study-out");
        gui::HeadlessFigures figures { {}, false, false, 60,
            { "series.conflict_fraction.mean", "final.loss.mean", "method.name" } };
        QCOMPARE(gui::exportStoredHeadless(*window, { m_root }, target, out, figures), 0);
        QFile svg(target + "/study.svg");
        QVERIFY2(svg.open(QIODevice::ReadOnly), qPrintable(log));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains(">series.conflict_fraction.mean<") && text.contains(">final.loss.mean<")); // the axes
        QVERIFY(text.contains("Pearson r = "));
        QVERIFY(text.contains(">pcgrad<")); // grouped by method
    }

    void fewRunsBlockTheExportAndHeadlessSkipsIt()
    {
        const QStringList two { m_root + "/ew-lr0.001/seed-1", m_root + "/ew-lr0.001/seed-2" };
        auto window = openRuns(two, QStringLiteral("few"));
        gui::StudyView* view = studyView(*window);
        QVERIFY(view);
        view->refresh();
        view->setQuantities("optimizer.lr", "final.loss.mean", "");
        QVERIFY(view->result());
        QVERIFY2(view->exportBlocker().contains("fewer than 3 runs"), qPrintable(view->exportBlocker()));

        // A window without run directories has nothing to study.
        gui::MainWindow empty;
        gui::StudyView* none = studyView(empty);
        none->refresh();
        QVERIFY(!none->result());
        QVERIFY2(none->exportBlocker().contains("No run with a run directory"), qPrintable(none->exportBlocker()));

        QString log;
        QTextStream out(&log);
        auto headless = std::make_unique<gui::MainWindow>();
        headless->setWorkspace(m_dir.filePath("headless"));
        const QString target = m_dir.filePath("headless-out");
        QCOMPARE(
            gui::exportStoredHeadless(*headless, two, target, out, gui::HeadlessFigures { {}, false, false, 60, {} }),
            0);
        QVERIFY2(log.contains("skipped Study"), qPrintable(log));
        QVERIFY(!QFile::exists(target + "/study.png"));
        QVERIFY(QFile::exists(target + "/losses.png"));
    }
};

QTEST_MAIN(TestStudyView)
#include "tst_study_view.moc"

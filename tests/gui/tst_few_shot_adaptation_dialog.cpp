// Run > Few-shot adaptation (gui/few_shot_adaptation_dialog.h): the menu entry, a computation on
// two stored runs off the GUI thread, the chart and table against the engine's result computed
// here independently of the dialog (same request), the result stored in the runs and shown again
// by a new dialog, the figure and CSV exports (PNG/SVG/PDF not empty, SVG text not elided), and the
// located messages for bad shots and too many shots.
#include "engine/adaptation_store.h"
#include "engine/trunk_adaptation.h"
#include "export_checks.h"
#include "gui/charts/chart_panel.h"
#include "gui/few_shot_adaptation_dialog.h"
#include "stored_run_support.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>

using namespace mtw;

namespace {

engine::Experiment experiment(const std::string& name, const std::string& method)
{
    return engine::experimentFromJsonText(R"({"name": ")" + name + R"(", "problem": {"type": "synthetic_family",
      "params": {"tasks": 3, "samples": 1200, "features": 16, "kind": "classification", "classes": 4, "rho": 0.8}},
      "model": {"trunk": [24]}, "method": )"
        + method + R"(, "training": {"steps": 300, "batch_size": 64, "threads": 1}, "evaluation": {"every": 100}})");
}

} // namespace

class TestFewShotAdaptationDialog : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_held, m_all;

private slots:
    void initTestCase()
    {
        m_held = m_dir.filePath("held");
        m_all = m_dir.filePath("all");
        test::writeStoredRun(m_held, experiment("held", R"({"name": "fixed", "params": {"weights": [0.5, 0.5, 0]}})"));
        test::writeStoredRun(m_all, experiment("all", R"({"name": "ew"})"));
    }

    void theRunMenuHasTheEntry()
    {
        QTemporaryDir dir;
        auto window = test::windowWithWorkspace(dir, "workspace");
        auto* action = window->findChild<QAction*>(QStringLiteral("actionFewShotAdaptation"));
        QVERIFY(action);
        QVERIFY(action->text().contains("Few-shot adaptation"));
        auto* menu = window->findChild<QMenu*>(QStringLiteral("menuRun"));
        QVERIFY(menu && menu->actions().contains(action));
    }

    void computesDrawsStoresAndExports()
    {
        gui::FewShotAdaptationDialog dialog({ m_held, m_all });
        QVERIFY2(dialog.statusText().contains("No stored result"), qPrintable(dialog.statusText()));
        dialog.setTask("task3");
        dialog.setShots("1, 5, 20");
        dialog.setEpisodes(6);
        dialog.setL2(0.02);
        QSignalSpy computed(&dialog, &gui::FewShotAdaptationDialog::computed);
        QVERIFY(dialog.runAdaptation());
        QVERIFY(dialog.isRunning());
        QVERIFY(computed.wait(60000));
        QVERIFY2(dialog.result().has_value(), qPrintable(dialog.statusText()));

        // The same request straight through the engine.
        engine::AdaptationRequest request;
        request.runs = { m_held.toStdString(), m_all.toStdString() };
        request.task = "task3";
        request.options.shots = { 1, 5, 20 };
        request.options.episodes = 6;
        request.options.head.l2 = 0.02;
        const engine::AdaptationResult expected = engine::adaptTrunks(request);
        QCOMPARE(engine::adaptationCsv(*dialog.result()), engine::adaptationCsv(expected));

        // Drawn: per trunk a band, a line and its markers, then the chance line.
        gui::ChartPanel* chart = dialog.chart();
        QCOMPARE(chart->seriesCount(), 3 * 3 + 1);
        QVERIFY(chart->isLogX());
        for (int t = 0; t < 3; ++t) {
            QVERIFY(chart->isBand(3 * t));
            const QVector<QPointF> line = chart->seriesPoints(3 * t + 1);
            QCOMPARE(line.size(), 3);
            for (int k = 0; k < 3; ++k) {
                const analysis::FewShotPoint& p
                    = expected.trunks[static_cast<std::size_t>(t)].points[static_cast<std::size_t>(k)];
                QCOMPARE(line[k].x(), static_cast<double>(p.shots));
                QVERIFY(std::abs(line[k].y() - p.mean) < 1e-9);
                QVERIFY(std::abs(chart->seriesLowerPoints(3 * t)[k].y() - p.ciLow) < 1e-9);
            }
        }
        QVERIFY(chart->seriesName(1).contains("never trained on it"));
        QVERIFY(chart->seriesName(4).contains("(trained on it)"));
        QVERIFY(chart->seriesName(7).contains("random init"));
        QCOMPARE(chart->seriesPoints(9).front().y(), 0.25);
        QCOMPARE(dialog.table()->rowCount(), 9);
        QCOMPARE(dialog.table()->item(0, 3)->text(), QString::number(expected.trunks[0].points[0].mean, 'f', 4));

        // Stored in both runs, and shown by a new dialog.
        QVERIFY(QFile::exists(m_held + "/adaptation.json") && QFile::exists(m_all + "/adaptation.json"));
        gui::FewShotAdaptationDialog again({ m_held, m_all });
        again.setTask("task3");
        QVERIFY2(again.statusText().contains("Stored result"), qPrintable(again.statusText()));
        QVERIFY(again.result().has_value());
        QCOMPARE(engine::adaptationCsv(*again.result()), engine::adaptationCsv(expected));

        QTemporaryDir out;
        for (const QString suffix : { "png", "svg", "pdf" }) {
            const QString path = out.filePath("figure." + suffix);
            QString error;
            QVERIFY2(dialog.exportFigure(path, {}, &error), qPrintable(error));
            QVERIFY2(test::exportedFileHasData(path), qPrintable(path));
            if (suffix == "svg") {
                QFile svg(path);
                QVERIFY(svg.open(QIODevice::ReadOnly));
                const QStringList elided = test::elidedSvgTexts(svg.readAll());
                QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
            }
        }
        const QString csv = out.filePath("table.csv");
        QString error;
        QVERIFY(dialog.exportCsv(csv, &error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), QString::fromStdString(engine::adaptationCsv(expected)));
    }

    void badInputIsSaid()
    {
        gui::FewShotAdaptationDialog dialog({ m_held });
        dialog.setTask("task3");
        dialog.setShots("1,x");
        QVERIFY(!dialog.runAdaptation());
        QVERIFY2(dialog.statusText().contains("'x' is not a positive whole number"), qPrintable(dialog.statusText()));
        dialog.setShots("5000");
        QSignalSpy computed(&dialog, &gui::FewShotAdaptationDialog::computed);
        QVERIFY(dialog.runAdaptation());
        QVERIFY(computed.wait(60000));
        QVERIFY(!dialog.result().has_value());
        QVERIFY2(dialog.statusText().contains("shots: 5000 per class, but class"), qPrintable(dialog.statusText()));
        QString error;
        QVERIFY(!dialog.exportCsv(m_dir.filePath("none.csv"), &error));
    }
};

QTEST_MAIN(TestFewShotAdaptationDialog)
#include "tst_few_shot_adaptation_dialog.moc"

// Run > Learning-function fit (gui/learning_function_dialog.h): the menu entry, a fit over stored
// runs whose drawn points and table equal the engine's fit of the same runs, the fitted curve
// against one variable from the formula, the exports, and a bad term named in the status line.
#include <tbb/task_arena.h> // before Qt: its `emit` macro breaks oneTBB headers

#include "engine/learning_function_points.h"
#include "export_checks.h"
#include "gui/charts/chart_panel.h"
#include "gui/learning_function_dialog.h"
#include "stored_run_support.h"
#include "tst_view_support.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>

using namespace mtw;

namespace {

engine::Experiment experiment(int tasks, int samples, double rho)
{
    const std::string name = "lf-" + std::to_string(tasks) + "-" + std::to_string(samples) + "-" + std::to_string(rho);
    return engine::experimentFromJsonText(R"({"name": ")" + name + R"(", "problem": {"type": "synthetic_family",
      "params": {"tasks": )"
        + std::to_string(tasks) + R"(, "samples": )" + std::to_string(samples)
        + R"(, "features": 8, "hidden": 6, "kind": "classification",
      "classes": 3, "rho": )"
        + std::to_string(rho) + R"(}}, "model": {"trunk": [8]}, "method": {"name": "ew"},
      "training": {"steps": 40, "batch_size": 32, "threads": 1}, "evaluation": {"every": 20}})");
}

} // namespace

class TestLearningFunctionDialog : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_runs;

private slots:
    void initTestCase()
    {
        for (int tasks : { 2, 3 })
            for (int samples : { 100, 200, 400 })
                for (double rho : { 0.2, 0.9 }) {
                    const QString run = m_dir.filePath(QStringLiteral("run%1").arg(m_runs.size()));
                    test::writeStoredRun(run, experiment(tasks, samples, rho));
                    m_runs << run;
                }
    }

    void theRunMenuHasTheEntry()
    {
        QTemporaryDir dir;
        auto window = test::windowWithWorkspace(dir, "workspace");
        auto* action = window->findChild<QAction*>(QStringLiteral("actionLearningFunction"));
        QVERIFY(action);
        QVERIFY(
            action->text().remove(QLatin1Char('&')).contains("Learning-function fit")); // "Lear&ning": L is Classical's
        auto* menu = window->findChild<QMenu*>(QStringLiteral("menuRun"));
        QVERIFY(menu && menu->actions().contains(action));
    }

    void fitsDrawsAndExports()
    {
        gui::LearningFunctionDialog dialog(m_runs);
        dialog.setVariable("n");
        QSignalSpy done(&dialog, &gui::LearningFunctionDialog::fitted);
        QVERIFY(dialog.fit());
        QVERIFY(done.wait(60000));
        QVERIFY2(dialog.study().has_value(), qPrintable(dialog.statusText()));
        std::vector<std::string> paths;
        for (const QString& run : m_runs)
            paths.push_back(run.toStdString());
        const engine::LearningFunctionStudy expected = engine::fitLearningFunction(
            engine::RunCollection(paths), "final.test.metric.mean", analysis::defaultLearningTerms());
        QCOMPARE(dialog.study()->fit.coefficients, expected.fit.coefficients);
        QVERIFY(dialog.statusText().contains(QString::fromStdString(expected.fit.formula())));
        // Measured against fitted: one point per run at (fitted, measured).
        gui::ChartPanel* fitted = dialog.fittedChart();
        QCOMPARE(fitted->seriesPoints(0).size(), 12);
        for (int i = 0; i < 12; ++i) {
            QCOMPARE(fitted->seriesPoints(0)[i].x(), expected.fit.fitted(i));
            QCOMPARE(fitted->seriesPoints(0)[i].y(), expected.points.points[std::size_t(i)].y);
        }
        // The table: one row per term.
        QCOMPARE(dialog.table()->rowCount(), 4);
        QCOMPARE(dialog.table()->item(1, 0)->text(), QString("sqrt(n)"));
        QCOMPARE(dialog.table()->item(1, 1)->text().toDouble(),
            QString::number(expected.fit.coefficients(1), 'g', 6).toDouble());
        // y against n: the curve is the formula with T and the AMI at their means over the runs.
        gui::ChartPanel* byN = dialog.variableChart();
        const QVector<QPointF> curve = byN->seriesPoints(1);
        QVERIFY(curve.size() > 10);
        std::map<std::string, double> mean;
        for (const engine::LearningPoint& p : expected.points.points)
            for (const auto& [name, value] : p.variables)
                mean[name] += value / 12.0;
        mean["n"] = curve[5].x();
        QVERIFY(std::abs(curve[5].y() - expected.fit.predict(mean)) < 1e-9);
        QTemporaryDir out;
        for (const char* suffix : { "png", "svg", "pdf" }) {
            const QString path = out.filePath(QStringLiteral("fit.%1").arg(suffix));
            QString error;
            QVERIFY2(dialog.exportFigure(path, gui::ExportOptions {}, &error), qPrintable(error));
            QVERIFY(test::exportedFileHasData(path));
        }
        const QStringList elided = test::elidedSvgTexts(test::readAll(out.filePath("fit.svg")));
        QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
        QString error;
        QVERIFY2(dialog.exportCsv(out.filePath("fit.csv"), &error), qPrintable(error));
        QCOMPARE(
            test::readAll(out.filePath("fit.csv")), QByteArray::fromStdString(engine::learningFunctionCsv(expected)));
    }

    void badTermsAreNamed()
    {
        gui::LearningFunctionDialog dialog(m_runs);
        dialog.setTerms("1, cube(n)");
        QVERIFY(!dialog.fit());
        QVERIFY2(dialog.statusText().contains("cube(n)"), qPrintable(dialog.statusText()));
    }
};

QTEST_MAIN(TestLearningFunctionDialog)
#include "tst_learning_function_dialog.moc"

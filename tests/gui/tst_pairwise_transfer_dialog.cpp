// Run > Pairwise transfer (gui/pairwise_transfer_dialog.h, Ni et al. 2023): the study of the
// form's experiment queued in the workbench (nothing queued twice), the drawn matrix and its cell
// labels against the engine's matrix and an entry recomputed from the trained runs' own final
// evaluations, the diverging colours (blue: helps, red: hurts, grey diagonal), the exports, and a
// 12-task matrix whose labels are all written whole (its screenshot goes to MTW_SCREENSHOT_DIR).
#include "engine/run_reader.h"
#include "export_checks.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/export_options.h"
#include "gui/pairwise_transfer_dialog.h"
#include "gui/run_manager.h"
#include "gui_test_support.h"
#include "stored_run_support.h"

#include <QDir>
#include <QFile>
#include <cmath>

using namespace mtw;

namespace {

std::string experimentJson(int tasks, int steps)
{
    return R"({"name": "pt", "problem": {"type": "synthetic_family", "params": {"tasks": )" + std::to_string(tasks)
        + R"(, "samples": 300, "features": 8}}, "model": {"trunk": [8]}, "training": {"steps": )"
        + std::to_string(steps) + R"(, "batch_size": 32, "threads": 1}, "evaluation": {"every": 20}})";
}

double finalTestLoss(const std::string& directory, std::size_t task)
{
    return engine::readRun(directory).split(problem::Split::Test).back()->tasks.at(task).loss;
}

bool allFinished(const gui::RunManager& runs, const QList<int>& ids)
{
    for (int id : ids)
        if (runs.at(runs.indexOf(id)).state != gui::RunState::Finished)
            return false;
    return true;
}

} // namespace

class TestPairwiseTransferDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::useTemporarySettings(m_settings.path()); }

    void queuesDrawsAndExports()
    {
        QTemporaryDir dir;
        auto window = test::windowWithWorkspace(dir, "workspace");
        const QString file = dir.filePath("pt.json");
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(experimentJson(3, 40)));
        }
        QString error;
        QVERIFY2(window->loadExperimentFile(file, &error), qPrintable(error));
        std::unique_ptr<gui::PairwiseTransferDialog> dialog = window->pairwiseTransferDialog(&error);
        QVERIFY2(dialog, qPrintable(error));
        dialog->setSeeds("4,7");
        QCOMPARE(dialog->missingRuns().size(), std::size_t(12)); // 3 alone and 3 pairs, per seed
        QVERIFY2(dialog->message().contains("12 runs") && dialog->message().contains("12 missing"),
            qPrintable(dialog->message()));
        dialog->setSeeds("4,x");
        QVERIFY2(dialog->message().contains("\"x\""), qPrintable(dialog->message()));
        QVERIFY(dialog->missingRuns().empty());
        dialog->setSeeds("4,7");

        const QList<int> ids = window->queuePairwiseRuns(*dialog);
        QCOMPARE(ids.size(), 12);
        QVERIFY(window->pairwiseTransferDialog(&error)->missingRuns().size() == 6); // the default seed 0: none queued
        {
            std::unique_ptr<gui::PairwiseTransferDialog> again = window->pairwiseTransferDialog(&error);
            again->setSeeds("4,7");
            QVERIFY(again->missingRuns().empty()); // queued or running: not offered again
        }
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(*window->runManager(), ids), 120000);
        dialog = window->pairwiseTransferDialog(&error);
        dialog->setSeeds("4,7");
        QVERIFY(dialog->missingRuns().empty());
        const engine::PairwiseTransfer& transfer = dialog->transfer();

        // Entry (task3, task1) recomputed from the runs' directories.
        const gui::RunManager& runs = *window->runManager();
        const auto directoryOf = [&](const std::string& name) {
            for (int id : ids)
                if (runs.at(runs.indexOf(id)).experiment.name == name)
                    return runs.at(runs.indexOf(id)).runDirectory.toStdString();
            return std::string();
        };
        double gains[2];
        const char* seeds[2] = { "4", "7" };
        for (int s = 0; s < 2; ++s)
            gains[s] = finalTestLoss(directoryOf(std::string("pt-st-task3-s") + seeds[s]), 2)
                - finalTestLoss(directoryOf(std::string("pt-group-task1+task3-s") + seeds[s]), 2);
        const double mean = (gains[0] + gains[1]) / 2, std = std::abs(gains[0] - gains[1]) / std::sqrt(2.0);
        QVERIFY(std::abs(transfer.mean(2, 0) - mean) <= 1e-12 * std::max(1.0, std::abs(mean)));
        QVERIFY(std::abs(transfer.std(2, 0) - std) <= 1e-12 * std::max(1.0, std));
        QCOMPARE(transfer.count(2, 0), 2.0);

        // What is drawn is the engine's matrix: cell values, labels, colours.
        const gui::HeatmapPlot* plot = dialog->heatmap();
        QCOMPARE(plot->values().rows(), 3);
        const QStringList& texts = plot->cellTexts();
        QCOMPARE(texts.size(), 9);
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                const QString label = texts[i * 3 + j];
                if (i == j) {
                    QVERIFY(std::isnan(plot->values()(i, j)) && label.isEmpty());
                    QCOMPARE(plot->image().pixel(j, i), qRgb(200, 200, 200)); // undefined: grey
                    continue;
                }
                QCOMPARE(plot->values()(i, j), transfer.mean(i, j));
                QCOMPARE(label, QString::fromStdString(engine::meanStdLabel(transfer.mean(i, j), transfer.std(i, j))));
                QVERIFY(label.contains(QStringLiteral(" \u00b1 ")));
                const QColor colour = QColor::fromRgb(plot->image().pixel(j, i));
                const double value = transfer.mean(i, j);
                if (std::abs(value) > 0.3 * plot->colorRange().second)
                    QVERIFY2(value > 0 ? colour.blue() > colour.red() : colour.red() > colour.blue(),
                        qPrintable(
                            QStringLiteral("cell %1,%2 = %3 drawn %4").arg(i).arg(j).arg(value).arg(colour.name())));
            }
        QCOMPARE(plot->colorRange().first, -plot->colorRange().second); // symmetric around 0
        QVERIFY(QString::fromStdString(engine::meanStdLabel(mean, std)) == texts[2 * 3 + 0]);

        // The quantity selector redraws.
        dialog->setQuantity(engine::TransferQuantity::Metric);
        QCOMPARE(dialog->transfer().quantity, engine::TransferQuantity::Metric);
        QCOMPARE(dialog->heatmap()->values()(2, 0), dialog->transfer().mean(2, 0));

        for (const char* suffix : { "png", "svg", "pdf" }) {
            const QString path = dir.filePath(QStringLiteral("pairs.") + QLatin1String(suffix));
            QVERIFY2(dialog->exportFigure(path, gui::ExportOptions {}, &error), qPrintable(error));
            QVERIFY2(test::exportedFileHasData(path), qPrintable(path));
        }
        const QString csv = dir.filePath("pairs.csv");
        QVERIFY2(dialog->exportCsv(csv, &error), qPrintable(error));
        QFile table(csv);
        QVERIFY(table.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(table.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 7); // header and the 6 ordered pairs
        QVERIFY(lines[0].startsWith("i,j,task_i,task_j,quantity,mean,std,seeds,seed_4,seed_7"));
    }

    // Twelve tasks: every cell label and axis label written whole (no ellipsis in the SVG).
    void twelveTasksAreReadable()
    {
        QTemporaryDir dir;
        const engine::Experiment experiment = engine::experimentFromJsonText(experimentJson(12, 20));
        std::vector<std::string> names;
        for (int t = 1; t <= 12; ++t)
            names.push_back("task" + std::to_string(t));
        const std::vector<engine::PairwiseRun> plan = engine::pairwiseTransferPlan(experiment, names, { 0, 1 });
        for (const engine::PairwiseRun& run : plan)
            test::writeStoredRun(dir.filePath(QString::fromStdString(run.experiment.name)), run.experiment);
        gui::KnownRuns known([&dir](const std::string& name) -> std::optional<gui::KnownRuns::Known> {
            return gui::KnownRuns::Known { dir.filePath(QString::fromStdString(name)).toStdString(), false };
        });
        gui::PairwiseTransferDialog dialog(experiment, names, known);
        dialog.setSeeds("0,1");
        dialog.resize(1400, 1000);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.missingRuns().empty());
        QCOMPARE(dialog.heatmap()->cellTexts().size(), 144);
        QVERIFY(dialog.heatmap()->cellTexts()[1].contains(QStringLiteral(" \u00b1 "))); // two seeds: a spread
        const QString svg = dir.filePath("twelve.svg");
        QString error;
        gui::ExportOptions options;
        options.size = QSize(1600, 1400);
        QVERIFY2(dialog.exportFigure(svg, options, &error), qPrintable(error));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList elided = test::elidedSvgTexts(file.readAll());
        QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
        const QString shots = qEnvironmentVariable("MTW_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QDir().mkpath(shots);
            QVERIFY(dialog.grab().save(QDir(shots).filePath("pairwise-transfer-12-tasks.png")));
        }
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestPairwiseTransferDialog)
#include "tst_pairwise_transfer_dialog.moc"

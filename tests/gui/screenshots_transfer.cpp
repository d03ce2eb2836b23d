// Grabs docs/screenshots of the CSV import dialog (an error marked in the preview, then valid
// with a skipped row) and of the ST vs MT transfer tab after a real small run (and its second
// task on a log training-loss axis): the imported CSV
// (a regression and a classification target), an EW multi-task run and its single-task
// baselines queued through the "Single-task baselines" action.
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_transfer
#include "gui/csv_import_dialog.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/views/transfer_view.h"
#include "gui_test_support.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <cmath>
#include <random>

using namespace mtw;

namespace {

using test::save;
using test::settle;

// 800 rows: four features, a noisy regression target `price` and a 3-class target `grade`
// that share a part of their signal; line 6 has a non-numeric cell.
QString writeCsv(const QString& path)
{
    std::mt19937 rng(7);
    std::normal_distribution<double> normal;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("size,age,rooms,distance,price,grade\n");
    for (int i = 0; i < 800; ++i) {
        const double x[4] = { normal(rng), normal(rng), normal(rng), normal(rng) };
        const double price = 1.5 * x[0] - 0.8 * x[1] + 0.3 * x[2] * x[2] + 0.5 * normal(rng);
        const double score = x[0] + 0.7 * x[3] + 0.6 * normal(rng);
        const char* grade = score < -0.5 ? "low" : score < 0.5 ? "mid" : "high";
        QByteArray line = QByteArray::number(x[0], 'f', 3) + "," + QByteArray::number(x[1], 'f', 3) + ","
            + (i == 4 ? QByteArray("n/a") : QByteArray::number(x[2], 'f', 3)) + "," + QByteArray::number(x[3], 'f', 3)
            + "," + QByteArray::number(price, 'f', 3) + "," + grade + "\n";
        file.write(line);
    }
    return path;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const QString csv = writeCsv(temp.filePath(QStringLiteral("houses.csv")));

    gui::MainWindow window;
    test::showForScreenshots(window, temp);

    gui::CsvImportDialog dialog(&window);
    dialog.openFile(csv);
    dialog.setTarget(QStringLiteral("price"), true, data::TargetKind::Regression);
    dialog.setTarget(QStringLiteral("grade"), true, data::TargetKind::Classification);
    dialog.show();
    settle(300);
    bool ok = save(&dialog, dir, QStringLiteral("csv_import_dialog_error"));
    dialog.setSkipBadRows(true);
    settle(200);
    ok = save(&dialog, dir, QStringLiteral("csv_import_dialog")) && ok;
    if (!dialog.isValid()) {
        qWarning("dialog invalid: %s", qPrintable(dialog.errorText()));
        return 1;
    }
    dialog.applyTo(*window.experimentForm());
    dialog.hide();

    std::optional<engine::Experiment> experiment = window.experimentForm()->experiment();
    if (!experiment) {
        qWarning("form invalid: %s", qPrintable(window.experimentForm()->validationMessage()));
        return 1;
    }
    experiment->name = "houses";
    experiment->method = "ew";
    experiment->methodParams.clear();
    experiment->steps = qEnvironmentVariableIntValue("MTW_SCREENSHOT_STEPS") > 0
        ? qEnvironmentVariableIntValue("MTW_SCREENSHOT_STEPS")
        : 400;
    experiment->batchSize = 64;
    experiment->evaluateEvery = 10;
    experiment->optimizer.learningRate = 3e-3;
    window.experimentForm()->setExperiment(*experiment);
    gui::RunManager* runs = window.runManager();
    runs->setMaxParallel(2);
    const int multi = window.startExperiment(*window.experimentForm()->experiment());
    window.startBaselines();
    while (runs->hasActiveRuns())
        settle(200);
    window.setCurrentRun(multi);
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::TransferView*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            settle(600);
            ok = save(&window, dir, QStringLiteral("tab_transfer")) && ok;
            view->setTask(1);
            view->setLogX(true);
            settle(400);
            ok = save(view, dir, QStringLiteral("transfer_view_grade_logx")) && ok;
        }
    return ok ? 0 : 1;
}

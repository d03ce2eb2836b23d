#pragma once
// The ST vs MT transfer view's figures as data, without widgets: for one task, each shown
// multi-task run's validation-vs-training-loss curve (the monotone envelope, plus every
// checkpoint as a faint marker), its single-task baseline's, the generalization gap at equal
// training loss on a common grid, the gap read at a chosen training loss, and one line of text
// per run saying what was found or why nothing could be (no baseline, no checkpoint, no common
// loss range). The view adds the controls and draws; tests check the numbers here directly.
#include "gui/charts/chart_panel.h"
#include "gui/run_history.h"

#include <QStringList>
#include <QVector>
#include <cmath>

namespace mtw::gui {

// One multi-task run's comparison for the task.
struct TransferGap {
    QString run, baseline;
    bool exactBaseline = false;
    double trainLoss = NAN; // where the gap was read
    double gap = NAN; // v_MT - v_ST there (NaN outside the common range)
    double low = NAN, high = NAN; // the common training-loss range
};

struct TransferRequest {
    int task = -1; // -1: no task (no run with tasks is shown)
    QString taskName;
    bool metric = false; // the validation metric instead of the validation loss
    bool logX = false; // a log-spaced gap grid
    double at = NAN; // the training loss to read the gap at; NaN: the lowest both runs reach
};

struct TransferComparison {
    QList<ChartSeries> curves; // validation value against training loss, MT and ST
    QList<ChartSeries> gapSeries; // MT - ST per run, its marker at the read loss, the zero line
    QVector<TransferGap> gaps;
    QStringList lines; // the summary, one line per finding
    QString valueName; // "validation loss" or "validation <metric>"
    bool higherIsBetter = false; // of that value
    QString blocker; // why there is nothing to export (no gap curve); empty when there is
};

// `shown`: the selected runs; `available`: every run of the window, where baselines are also
// looked for (transfer_curves.h: findBaseline).
TransferComparison buildTransferComparison(
    const QList<RunHistoryPtr>& shown, const QList<RunHistoryPtr>& available, const TransferRequest& request);

} // namespace mtw::gui

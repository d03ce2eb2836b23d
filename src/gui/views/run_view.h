#pragma once
// The common interface of the central views (Losses, Weights & norms, Conflict, Landscape,
// Pareto): the main window puts them in tabs, hands them the runs to show and calls refresh()
// after new snapshots; every view exports its figure (PNG with size and DPI, SVG, PDF by suffix)
// and a CSV of exactly the data it shows.
#include "gui/export/export_options.h"
#include "gui/run_history.h"
#include "gui/seed_groups.h"

#include <QList>
#include <QSize>
#include <QString>
#include <QWidget>

namespace mtw::gui {

class RunView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    ~RunView() override = default;

    virtual QString title() const = 0;
    // The first run is the current one; the others are overlaid where the view supports it.
    virtual void setRuns(const QList<RunHistoryPtr>& runs) = 0;
    // Every run of the window, for views that look up related runs that are not shown (the
    // transfer view finds single-task baselines there). Most views ignore it.
    virtual void setAvailableRuns(const QList<RunHistoryPtr>& runs) { (void)runs; }
    // How runs that differ only by seed are drawn (gui/seed_groups.h); views without a group
    // drawing keep one line per run.
    virtual void setSeedGrouping(SeedGrouping grouping) { (void)grouping; }
    // Redraws from the histories (cheap when nothing changed).
    virtual void refresh() = 0;
    // Format from the suffix: .png, .svg or .pdf. Returns false and sets *error on failure.
    virtual bool exportFigure(const QString& path, const ExportOptions& options, QString* error) = 0;
    virtual bool exportCsv(const QString& path, QString* error) = 0;

    // Why the view cannot be exported now (empty: it can). A view still computing its content
    // (the landscape's refinement) or with nothing to show (ST vs MT without baselines) says so
    // here, so that no export writes an unfinished figure or empty axes as if it succeeded.
    virtual QString exportBlocker() const { return {}; }
    // True when the blocker goes away by itself (a computation in progress): exporters wait for
    // it instead of skipping the view.
    virtual bool exportPending() const { return false; }

protected:
    // The "did anything change" check of refresh(), written once: the runs' revisions
    // (RunHistory::revision(), -1 for a missing run) against those at the last markDrawn().
    bool changedSinceDrawn(const QList<RunHistoryPtr>& runs) const { return revisionsOf(runs) != m_drawnRevisions; }
    void markDrawn(const QList<RunHistoryPtr>& runs) { m_drawnRevisions = revisionsOf(runs); }
    void forgetDrawn() { m_drawnRevisions.clear(); }

private:
    static QList<long long> revisionsOf(const QList<RunHistoryPtr>& runs)
    {
        QList<long long> revisions;
        for (const RunHistoryPtr& run : runs)
            revisions.append(run ? run->revision() : -1);
        return revisions;
    }
    QList<long long> m_drawnRevisions;
};

} // namespace mtw::gui

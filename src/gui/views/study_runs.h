#pragma once
// The runs of the study view as one engine::RunCollection (engine/run_collection.h), the same
// code `mtw-cli study` reads them with, so the view prints the CLI's numbers. Only runs with a
// run directory take part (RunHistory::runDirectory; a queued run or one that keeps nothing has
// none). Building the collection reads every run's experiment and evaluations, so it is rebuilt
// only when the set of directories or their ended state changes (update()), or when asked to
// re-read (reload(): the view's Refresh button).
#include "engine/run_collection.h"
#include "gui/run_history.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>

namespace mtw::gui {

class StudyRuns {
public:
    // Rebuilds the collection when the runs' directories or ended states differ from the last
    // build; returns true when it did.
    bool update(const QList<RunHistoryPtr>& runs);
    // Rebuilds it from the runs given to the last update().
    void reload();

    // Null when no run has a directory (or none of them could be read).
    const engine::RunCollection* collection() const { return m_collection.get(); }
    QStringList directories() const; // sorted, as the collection orders its runs
    // Directories the collection refused as a whole (a directory removed since, or not a run),
    // as "directory: reason". Runs it keeps but cannot read are in collection()->unreadable().
    const QStringList& refused() const { return m_refused; }
    // Bumped at every rebuild (views redraw once per rebuild).
    long long generation() const { return m_generation; }

private:
    using Key = QList<QPair<QString, bool>>; // (directory, ended), sorted
    static Key keyOf(const QList<RunHistoryPtr>& runs);
    void build();

    Key m_key;
    std::unique_ptr<engine::RunCollection> m_collection;
    QStringList m_refused;
    long long m_generation = 0;
};

} // namespace mtw::gui

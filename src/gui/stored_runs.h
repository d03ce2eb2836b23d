#pragma once
// Runs opened from run directories (File > Open run / Open folder, `mtw RUN_OR_FOLDER...`): each
// is read by an engine::RunFollower into the runs table and the views like a live run, and kept
// up to date while another process (`mtw-cli run`, a sweep, a Slurm job) still writes it.
//
// Polling, not a busy loop: every pollIntervalMs the GUI thread asks each open run whether
// anything was committed (one cheap query when nothing was) and reads what was, in chunks, within
// a time budget per tick (frameBudgetMs), round robin, so 200 open runs and a long history being
// loaded never stall the event loop; an unfinished load continues on the next tick, at once.
// Opened folders are scanned again every rescanIntervalMs for run directories that appeared.
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>

namespace mtw::engine {
class RunFollower;
}

namespace mtw::gui {

class RunManager;

class StoredRuns : public QObject {
    Q_OBJECT
public:
    explicit StoredRuns(RunManager* runs, QObject* parent = nullptr);
    ~StoredRuns() override;

    // Opens each path: a run directory, or a folder whose runs (at any depth) are all opened and
    // which is watched for new ones. Runs already open are not opened twice. Returns the ids of
    // the runs opened, in path order; a path that is not a run or holds no runs, or a run that
    // cannot be read (damaged, newer format), is named with its reason in *errors.
    QList<int> open(const QStringList& paths, QStringList* errors);
    // Reads every open run to the end of what is stored now (headless export, tests).
    void readAll();
    // Looks for new run directories in the opened folders now (the timer does it every
    // rescanIntervalMs).
    void rescanFolders();
    int count() const { return static_cast<int>(m_followers.size()); }

    static constexpr int pollIntervalMs = 1000;
    // How often a run is asked for new records (default pollIntervalMs; tests follow faster).
    void setPollInterval(int milliseconds) { m_interval = milliseconds; }
    static constexpr int frameBudgetMs = 15;
    static constexpr int rescanIntervalMs = 5000;
    // Steps read per poll of one run: small enough that one read stays within a frame.
    static constexpr long long chunkSteps = 1000;

Q_SIGNALS:
    // A run that appeared in a watched folder was opened.
    void runDiscovered(int id);

private:
    // name: the run's path below the opened folder ("lr-0.01/seed-2"), or its directory's name.
    int openRun(const QString& directory, const QString& name, QString* error);
    // Reads one chunk of a run; true when it has more stored right now.
    bool pollRun(int id);
    void tick();

    RunManager* m_runs;
    QHash<int, std::shared_ptr<engine::RunFollower>> m_followers; // by run id
    QHash<QString, int> m_byDirectory;
    QStringList m_folders;
    QList<int> m_order; // round-robin order of the ids
    int m_next = 0;
    int m_interval = pollIntervalMs;
    QTimer m_poll;
    QTimer m_rescan;
};

} // namespace mtw::gui

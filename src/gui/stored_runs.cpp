#include "gui/stored_runs.h"

#include "engine/run_discovery.h"
#include "engine/run_follower.h"
#include "engine/run_store.h"
#include "gui/run_manager.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace mtw::gui {

namespace {
QString canonical(const QString& path)
{
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath()) : resolved;
}
} // namespace

StoredRuns::StoredRuns(RunManager* runs, QObject* parent)
    : QObject(parent)
    , m_runs(runs)
{
    connect(&m_poll, &QTimer::timeout, this, &StoredRuns::tick);
    m_rescan.setInterval(rescanIntervalMs);
    connect(&m_rescan, &QTimer::timeout, this, &StoredRuns::rescanFolders);
}

StoredRuns::~StoredRuns() = default;

QList<int> StoredRuns::open(const QStringList& paths, QStringList* errors)
{
    QList<int> ids;
    for (const QString& path : paths) {
        std::vector<std::string> directories;
        try {
            directories = engine::findRunDirectories({ path.toStdString() });
        } catch (const std::exception& problem) {
            errors->append(QString::fromStdString(problem.what()));
            continue;
        }
        const bool folder = !engine::isRunDirectory(path.toStdString());
        if (folder && !m_folders.contains(canonical(path)))
            m_folders.append(canonical(path));
        for (const std::string& directory : directories) {
            const QString run = canonical(QString::fromStdString(directory));
            if (m_byDirectory.contains(run)) {
                ids.append(m_byDirectory.value(run));
                continue;
            }
            QString error;
            const int id = openRun(
                run, folder ? QDir(canonical(path)).relativeFilePath(run) : QFileInfo(run).fileName(), &error);
            if (id > 0)
                ids.append(id);
            else
                errors->append(error);
        }
    }
    if (!m_followers.isEmpty())
        m_poll.start();
    if (!m_folders.isEmpty())
        m_rescan.start();
    return ids;
}

int StoredRuns::openRun(const QString& directory, const QString& name, QString* error)
{
    std::shared_ptr<engine::RunFollower> follower;
    try {
        follower = std::make_shared<engine::RunFollower>(directory.toStdString());
    } catch (const std::exception& problem) {
        *error = QString::fromStdString(problem.what());
        return 0;
    }
    QStringList tasks;
    for (const std::string& task : follower->taskNames())
        tasks << QString::fromStdString(task);
    const int id = m_runs->addStored(directory, name, follower->experiment(), tasks);
    m_followers.insert(id, follower);
    m_byDirectory.insert(directory, id);
    m_order.append(id);
    m_poll.start(0); // its records arrive on the next ticks, within their time budget
    return id;
}

bool StoredRuns::pollRun(int id)
{
    const std::shared_ptr<engine::RunFollower> follower = m_followers.value(id);
    if (!follower)
        return false;
    try {
        const engine::SnapshotPtr snapshot = follower->poll(chunkSteps);
        if (snapshot) {
            QVector<double> finalLosses;
            for (double loss : follower->finalLosses())
                finalLosses << loss;
            m_runs->appendStored(id, snapshot, finalLosses);
        }
    } catch (const std::exception& problem) {
        // A store damaged while followed: say so on the run and stop reading it.
        m_runs->failStored(id, QString::fromStdString(problem.what()));
        m_followers.remove(id);
        m_order.removeAll(id);
        throw;
    }
    return follower->hasMore();
}

void StoredRuns::readAll()
{
    const QList<int> ids = m_order;
    for (int id : ids) {
        try {
            while (pollRun(id)) { }
        } catch (const std::exception&) {
            // reported on the run by pollRun
        }
    }
}

void StoredRuns::tick()
{
    QElapsedTimer clock;
    clock.start();
    bool more = false;
    int visited = 0;
    for (; visited < m_order.size() && clock.elapsed() < frameBudgetMs; ++visited) {
        m_next = m_order.isEmpty() ? 0 : m_next % m_order.size();
        const int id = m_order.value(m_next);
        try {
            if (pollRun(id)) {
                more = true;
                continue; // the same run again next, within the budget
            }
        } catch (const std::exception&) {
            continue; // reported on the run; it left m_order
        }
        ++m_next;
    }
    if (clock.elapsed() > 4 * frameBudgetMs && qEnvironmentVariableIsSet("MTW_TRACE_STORED_RUNS"))
        qWarning("StoredRuns: a tick took %lld ms (%d runs visited)", static_cast<long long>(clock.elapsed()), visited);
    // A long history still loading, or runs the budget did not reach: go on at once (after the
    // pending events), not in a second.
    if (visited < m_order.size())
        more = true;
    m_poll.start(more ? 0 : m_interval);
}

void StoredRuns::rescanFolders()
{
    for (const QString& folder : std::as_const(m_folders)) {
        std::vector<std::string> directories;
        try {
            directories = engine::findRunDirectories({ folder.toStdString() });
        } catch (const std::exception&) {
            continue; // the folder went away or is empty for now
        }
        for (const std::string& directory : directories) {
            const QString run = canonical(QString::fromStdString(directory));
            if (m_byDirectory.contains(run))
                continue;
            QString ignored; // a run being created may not be readable yet: tried again next scan
            if (const int id = openRun(run, QDir(folder).relativeFilePath(run), &ignored); id > 0)
                Q_EMIT runDiscovered(id);
        }
    }
}

} // namespace mtw::gui

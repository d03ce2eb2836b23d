#include "gui/views/study_runs.h"

#include <QDir>
#include <algorithm>
#include <exception>

namespace mtw::gui {

namespace {
bool ended(engine::RunStatus status)
{
    return status == engine::RunStatus::Finished || status == engine::RunStatus::Stopped
        || status == engine::RunStatus::Failed;
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const QString& s : list)
        out.push_back(s.toStdString());
    return out;
}
} // namespace

StudyRuns::Key StudyRuns::keyOf(const QList<RunHistoryPtr>& runs)
{
    Key key;
    for (const RunHistoryPtr& run : runs)
        if (run && !run->runDirectory().isEmpty())
            key.append({ QDir::cleanPath(run->runDirectory()), ended(run->status()) });
    std::sort(key.begin(), key.end());
    key.erase(std::unique(key.begin(), key.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
        key.end());
    return key;
}

bool StudyRuns::update(const QList<RunHistoryPtr>& runs)
{
    Key key = keyOf(runs);
    if (key == m_key && m_generation > 0)
        return false;
    m_key = std::move(key);
    build();
    return true;
}

void StudyRuns::reload()
{
    build();
}

QStringList StudyRuns::directories() const
{
    QStringList out;
    for (const auto& entry : m_key)
        out << entry.first;
    return out;
}

void StudyRuns::build()
{
    ++m_generation;
    m_collection.reset();
    m_refused.clear();
    QStringList paths = directories();
    if (paths.isEmpty())
        return;
    try {
        m_collection = std::make_unique<engine::RunCollection>(toStd(paths));
        return;
    } catch (const std::exception&) {
        // One path spoils the whole collection (RunCollection throws for a path that is not a run,
        // e.g. a live run's directory before its experiment is written): find it and leave it out.
    }
    QStringList good;
    for (const QString& path : paths) {
        try {
            engine::RunCollection single({ path.toStdString() });
            good << path;
        } catch (const std::exception& error) {
            m_refused << QStringLiteral("%1: %2").arg(path, QString::fromStdString(error.what()));
        }
    }
    if (good.isEmpty())
        return;
    try {
        m_collection = std::make_unique<engine::RunCollection>(toStd(good));
    } catch (const std::exception& error) {
        m_refused << QString::fromStdString(error.what());
    }
}

} // namespace mtw::gui

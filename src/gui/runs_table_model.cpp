#include "gui/runs_table_model.h"

#include "engine/run_quantities.h"
#include "gui/parameter_text.h"
#include "gui/run_manager.h"

#include <QBrush>
#include <QColor>
#include <QFile>
#include <QTextStream>
#include <cmath>

namespace mtw::gui {

namespace {
// The exact final losses once the run ended, else the last recorded step's.
QVector<double> lossesOf(const RunEntry& entry)
{
    QVector<double> losses = entry.finalLosses;
    if (losses.isEmpty() && entry.history) {
        const Eigen::VectorXd last = entry.history->finalLosses();
        for (Eigen::Index t = 0; t < last.size(); ++t)
            losses << last(t);
    }
    return losses;
}
} // namespace

RunsTableModel::RunsTableModel(RunManager* manager, QObject* parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    connect(manager, &RunManager::runAdded, this, [this](int index) {
        beginInsertRows({}, index, index);
        endInsertRows();
        addRun(index);
    });
    connect(manager, &RunManager::runChanged, this, [this](int index) {
        m_notes.erase(index); // its directory may just have become known
        if (index >= 0)
            Q_EMIT dataChanged(this->index(index, 0), this->index(index, columnCount() - 1));
    });
    connect(manager, &RunManager::snapshotArrived, this, [this](int index) {
        if (index >= 0)
            Q_EMIT dataChanged(this->index(index, Status), this->index(index, MeanLoss));
    });
}

int RunsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_manager->count();
}

int RunsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount + static_cast<int>(m_axes.size());
}

void RunsTableModel::addRun(int row)
{
    if (row != static_cast<int>(m_settings.size()))
        return; // rows are only ever appended
    std::map<QString, engine::QuantityValue> settings;
    for (auto& [name, value] : engine::experimentSettings(m_manager->at(row).experiment))
        settings.emplace(QString::fromStdString(name), std::move(value));
    m_settings.push_back(std::move(settings));
    // Settings that never tell runs apart are not axes: the run's own name, its thread count and
    // the diagnostics cadence.
    const auto isAxis = [](const QString& name) {
        return name != QLatin1String("name") && name != QLatin1String("training.threads")
            && !name.startsWith(QLatin1String("diagnostics."));
    };
    QStringList added;
    for (const auto& [name, value] : m_settings.back()) {
        if (!isAxis(name) || m_axes.contains(name))
            continue;
        for (const auto& other : m_settings) {
            const auto it = other.find(name);
            const bool differs = it == other.end() || it->second.kind != value.kind || it->second.number != value.number
                || it->second.text != value.text;
            if (differs) {
                added << name;
                break;
            }
        }
    }
    // A setting the earlier runs have but this one lacks differs too.
    for (const auto& [name, value] : m_settings.front())
        if (isAxis(name) && !m_axes.contains(name) && !added.contains(name) && !m_settings.back().count(name))
            added << name;
    if (added.isEmpty())
        return;
    beginInsertColumns({}, columnCount(), columnCount() + static_cast<int>(added.size()) - 1);
    m_axes += added;
    endInsertColumns();
}

QVariant RunsTableModel::axisValue(int row, const QString& axis, bool forSorting) const
{
    if (row < 0 || row >= static_cast<int>(m_settings.size()))
        return {};
    const auto it = m_settings[static_cast<std::size_t>(row)].find(axis);
    if (it == m_settings[static_cast<std::size_t>(row)].end())
        return forSorting ? QVariant() : QVariant(QStringLiteral("-"));
    if (it->second.kind == engine::QuantityKind::Number)
        return forSorting ? QVariant(it->second.number) : QVariant(QString::number(it->second.number, 'g', 6));
    return QString::fromStdString(it->second.text);
}

double RunsTableModel::meanFinalLoss(const RunEntry& entry)
{
    const QVector<double> losses = lossesOf(entry);
    if (losses.isEmpty())
        return std::nan("");
    double sum = 0;
    for (double loss : losses)
        sum += loss;
    return sum / losses.size();
}

QString RunsTableModel::keyParameters(const RunEntry& entry)
{
    QStringList parts;
    for (const auto& [name, value] : entry.experiment.methodParams)
        parts << QStringLiteral("%1=%2").arg(QString::fromStdString(name), parameterToText(value));
    parts << QStringLiteral("%1 lr=%2")
                 .arg(QString::fromStdString(entry.experiment.optimizer.type))
                 .arg(entry.experiment.optimizer.learningRate);
    parts << QStringLiteral("seed=%1").arg(entry.experiment.seed);
    return parts.join(QStringLiteral(", "));
}

QString RunsTableModel::finalLosses(const RunEntry& entry)
{
    const QVector<double> losses = lossesOf(entry);
    QStringList parts;
    for (int t = 0; t < losses.size(); ++t) {
        const QString task = t < entry.taskNames.size() ? entry.taskNames[t] : QStringLiteral("task %1").arg(t + 1);
        parts << QStringLiteral("%1=%2").arg(task).arg(losses[t], 0, 'g', 5);
    }
    return parts.join(QStringLiteral(", "));
}

QString RunsTableModel::finalMetrics(const RunEntry& entry)
{
    const engine::EvaluationRecord* evaluation = entry.history ? entry.history->latestEvaluation() : nullptr;
    if (!evaluation)
        return {};
    QStringList parts;
    for (std::size_t t = 0; t < evaluation->tasks.size(); ++t) {
        const problem::TaskEvaluation& task = evaluation->tasks[t];
        parts << QStringLiteral("%1 %2=%3")
                     .arg(t < static_cast<std::size_t>(entry.taskNames.size()) ? entry.taskNames[static_cast<int>(t)]
                                                                               : QString::number(t + 1),
                         QString::fromStdString(task.metricName))
                     .arg(task.metric, 0, 'g', 5);
    }
    return parts.join(QStringLiteral(", "));
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_manager->count())
        return {};
    const RunEntry& entry = m_manager->at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Status && entry.state == RunState::Failed)
        return QBrush(QColor(0xc6, 0x28, 0x28));
    if (role == Qt::DecorationRole && index.column() == Name && entry.history && entry.history->colour().isValid())
        return entry.history->colour(); // the colour "Colour runs by" gave it
    if (role == Qt::ToolTipRole)
        return entry.message.isEmpty() ? entry.runDirectory : entry.message + QLatin1Char('\n') + entry.runDirectory;
    if (index.column() == Tags || index.column() == Note) {
        const engine::RunNotes* notes = notesOf(index.row());
        if (!notes || (role != Qt::DisplayRole && role != Qt::EditRole && role != SortRole))
            return {};
        if (index.column() == Note)
            return QString::fromStdString(notes->note);
        QStringList tags;
        for (const std::string& tag : notes->tags)
            tags << QString::fromStdString(tag);
        return tags.join(QStringLiteral(", "));
    }
    if (index.column() >= ColumnCount) {
        const QString& axis = m_axes.value(index.column() - ColumnCount);
        return role == Qt::DisplayRole ? axisValue(index.row(), axis, false)
            : role == SortRole         ? axisValue(index.row(), axis, true)
                                       : QVariant();
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Steps:
            return entry.steps;
        case Seconds:
            return entry.seconds;
        case MeanLoss:
            return meanFinalLoss(entry);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return entry.name;
    case Method:
        return methodDisplayName(entry.experiment.method);
    case Parameters:
        return keyParameters(entry);
    case Status:
        // A failed run says why in its row, not only in a tooltip (the row stays after the status bar moves on).
        return entry.state == RunState::Failed && !entry.message.isEmpty()
            ? QStringLiteral("%1: %2").arg(runStateName(entry.state), entry.message)
            : runStateName(entry.state);
    case Steps:
        return QStringLiteral("%1 / %2").arg(entry.steps).arg(entry.experiment.steps);
    case Seconds:
        return QString::number(entry.seconds, 'f', 1);
    case FinalLosses:
        return finalLosses(entry);
    case Metrics:
        return finalMetrics(entry);
    case MeanLoss: {
        const double mean = meanFinalLoss(entry);
        return std::isnan(mean) ? QString() : QString::number(mean, 'g', 5);
    }
    default:
        return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section >= ColumnCount)
        return tr("Experiment setting '%1': its value differs between the runs")
            .arg(m_axes.value(section - ColumnCount));
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = { "Run", "Method", "Key parameters", "Status", "Steps", "Time (s)", "Final losses",
        "Metrics", "Mean final loss", "Tags", "Note" };
    if (section >= ColumnCount)
        return m_axes.value(section - ColumnCount);
    return section >= 0 ? QString::fromLatin1(names[section]) : QVariant();
}

const engine::RunNotes* RunsTableModel::notesOf(int row) const
{
    if (row < 0 || row >= m_manager->count() || m_manager->at(row).runDirectory.isEmpty())
        return nullptr;
    auto it = m_notes.find(row);
    if (it == m_notes.end()) {
        engine::RunNotes notes;
        try {
            notes = engine::readRunNotes(m_manager->at(row).runDirectory.toStdString());
        } catch (const std::exception& error) {
            Q_EMIT const_cast<RunsTableModel*>(this)->notesFailed(QString::fromStdString(error.what()));
        }
        it = m_notes.emplace(row, std::move(notes)).first;
    }
    return &it->second;
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if ((index.column() == Tags || index.column() == Note) && notesOf(index.row()))
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RunsTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    const engine::RunNotes* current = role == Qt::EditRole ? notesOf(index.row()) : nullptr;
    if (!current || (index.column() != Tags && index.column() != Note))
        return false;
    engine::RunNotes notes = *current;
    if (index.column() == Note) {
        notes.note = value.toString().toStdString();
    } else {
        notes.tags.clear();
        for (const QString& tag : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            notes.tags.push_back(tag.trimmed().toStdString());
    }
    const std::string directory = m_manager->at(index.row()).runDirectory.toStdString();
    try {
        engine::writeRunNotes(directory, notes);
        m_notes[index.row()] = engine::readRunNotes(directory);
    } catch (const std::exception& error) {
        Q_EMIT notesFailed(QString::fromStdString(error.what()));
        return false;
    }
    Q_EMIT dataChanged(index, index);
    return true;
}

bool RunsTableModel::writeCsv(const QString& path, QString* error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    const auto quoted = [](QString text) {
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    QTextStream out(&file);
    QStringList cells;
    for (int column = 0; column < columnCount(); ++column)
        cells << quoted(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    out << cells.join(QLatin1Char(',')) << '\n';
    for (int row = 0; row < rowCount(); ++row) {
        cells.clear();
        for (int column = 0; column < columnCount(); ++column)
            cells << quoted(data(index(row, column), Qt::DisplayRole).toString());
        out << cells.join(QLatin1Char(',')) << '\n';
    }
    out.flush();
    if (file.error() != QFile::NoError) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace mtw::gui

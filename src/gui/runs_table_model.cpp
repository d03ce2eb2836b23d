#include "gui/runs_table_model.h"

#include "gui/parameter_text.h"
#include "gui/run_manager.h"
#include "mtl/method_registry.h"

#include <QBrush>
#include <QColor>
#include <QFile>
#include <QTextStream>

namespace mtw::gui {

RunsTableModel::RunsTableModel(RunManager* manager, QObject* parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
{
    connect(manager, &RunManager::runAdded, this, [this](int index) {
        beginInsertRows({}, index, index);
        endInsertRows();
    });
    connect(manager, &RunManager::runChanged, this, [this](int index) {
        if (index >= 0)
            Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
    });
    connect(manager, &RunManager::snapshotArrived, this, [this](int index) {
        if (index >= 0)
            Q_EMIT dataChanged(this->index(index, Status), this->index(index, ColumnCount - 1));
    });
}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_manager->count(); }

int RunsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString RunsTableModel::keyParameters(const RunEntry& entry)
{
    QStringList parts;
    for (const auto& [name, value] : entry.experiment.methodParams)
        parts << QStringLiteral("%1=%2").arg(QString::fromStdString(name), parameterToText(value));
    parts << QStringLiteral("%1 lr=%2").arg(QString::fromStdString(entry.experiment.optimizer.type))
                 .arg(entry.experiment.optimizer.learningRate);
    parts << QStringLiteral("seed=%1").arg(entry.experiment.seed);
    return parts.join(QStringLiteral(", "));
}

QString RunsTableModel::finalLosses(const RunEntry& entry)
{
    QVector<double> losses = entry.finalLosses;
    if (losses.isEmpty() && entry.history) {
        const Eigen::VectorXd last = entry.history->finalLosses();
        for (Eigen::Index t = 0; t < last.size(); ++t)
            losses << last(t);
    }
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
    if (role == Qt::ToolTipRole)
        return entry.message.isEmpty() ? entry.runDirectory : entry.message + QLatin1Char('\n') + entry.runDirectory;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return entry.name;
    case Method: {
        const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(entry.experiment.method);
        return spec ? QString::fromStdString(spec->displayName) : QString::fromStdString(entry.experiment.method);
    }
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
    default:
        return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = { "Run", "Method", "Key parameters", "Status", "Steps", "Time (s)",
        "Final losses", "Metrics" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
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
    for (int column = 0; column < ColumnCount; ++column)
        cells << quoted(headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    out << cells.join(QLatin1Char(',')) << '\n';
    for (int row = 0; row < rowCount(); ++row) {
        cells.clear();
        for (int column = 0; column < ColumnCount; ++column)
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

#include "gui/runs_filter.h"

#include "gui/runs_table_model.h"

#include <QRegularExpression>

namespace mtw::gui {

namespace {
QString squeezed(QString name)
{
    return name.remove(QLatin1Char(' ')).remove(QLatin1Char('_')).toLower();
}
} // namespace

int RunsFilter::columnNamed(const QString& name) const
{
    const QAbstractItemModel* model = sourceModel();
    for (int column = 0; model && column < model->columnCount(); ++column)
        if (squeezed(model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()) == squeezed(name))
            return column;
    return -1;
}

void RunsFilter::setQuery(const QString& query)
{
    static const QRegularExpression comparison(QStringLiteral("^([^<>=!]+)(<=|>=|!=|<|>|=)(.+)$"));
    m_query = query;
    m_problem.clear();
    m_terms.clear();
    for (const QString& word : query.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        Term term;
        const QRegularExpressionMatch match = comparison.match(word);
        if (!match.hasMatch()) {
            term.text = word;
            m_terms.append(term);
            continue;
        }
        term.column = columnNamed(match.captured(1));
        term.op = match.captured(2);
        term.text = match.captured(3);
        term.number = term.text.toDouble(&term.numeric);
        if (term.column < 0)
            m_problem = tr("no column '%1'").arg(match.captured(1));
        else if (!term.numeric && term.op != QLatin1String("=") && term.op != QLatin1String("!="))
            m_problem = tr("'%1' compares a column with a text: only = and != can").arg(word);
        m_terms.append(term);
    }
    invalidateRowsFilter();
}

bool RunsFilter::accepts(const Term& term, int row) const
{
    const QAbstractItemModel* model = sourceModel();
    if (term.column < 0 && term.op.isEmpty()) {
        for (int column = 0; column < model->columnCount(); ++column)
            if (model->index(row, column).data().toString().contains(term.text, Qt::CaseInsensitive))
                return true;
        return false;
    }
    if (term.column < 0)
        return false;
    const QModelIndex cell = model->index(row, term.column);
    if (!term.numeric) {
        const bool equal = cell.data().toString().compare(term.text, Qt::CaseInsensitive) == 0;
        return term.op == QLatin1String("=") ? equal : term.op == QLatin1String("!=") ? !equal : false;
    }
    bool isNumber = false;
    const double value = cell.data(RunsTableModel::SortRole).toDouble(&isNumber);
    if (!isNumber)
        return false;
    if (term.op == QLatin1String("<"))
        return value < term.number;
    if (term.op == QLatin1String("<="))
        return value <= term.number;
    if (term.op == QLatin1String(">"))
        return value > term.number;
    if (term.op == QLatin1String(">="))
        return value >= term.number;
    if (term.op == QLatin1String("="))
        return value == term.number;
    return value != term.number;
}

bool RunsFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    (void)sourceParent;
    for (const Term& term : m_terms)
        if (!accepts(term, sourceRow))
            return false;
    return true;
}

} // namespace mtw::gui

#include "gui/export/csv_table.h"

#include <QFile>
#include <QLocale>
#include <QTextStream>
#include <cmath>

namespace mtw::gui {

CsvTable::CsvTable(QStringList header)
    : m_header(std::move(header))
{
}

QString CsvTable::number(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString CsvTable::quote(const QString& cell)
{
    if (!cell.contains(QLatin1Char(',')) && !cell.contains(QLatin1Char('"')) && !cell.contains(QLatin1Char('\n')))
        return cell;
    QString q = cell;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString CsvTable::toText() const
{
    QString text;
    auto line = [&text](const QStringList& cells) {
        QStringList quoted;
        for (const QString& c : cells)
            quoted << quote(c);
        text += quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
    };
    if (!m_header.isEmpty())
        line(m_header);
    for (const QStringList& row : m_rows)
        line(row);
    return text;
}

bool CsvTable::save(const QString& path, QString* error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QTextStream out(&file);
    out << toText();
    out.flush();
    return file.error() == QFile::NoError;
}

} // namespace mtw::gui

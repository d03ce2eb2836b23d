#pragma once
// A small CSV writer for the views' "export the data shown" (RFC 4180 quoting; numbers with
// round-trip precision so the file reproduces the plotted values exactly; missing cells empty).
#include <QString>
#include <QStringList>
#include <QVector>

namespace mtw::gui {

class CsvTable {
public:
    explicit CsvTable(QStringList header = {});
    void addRow(QStringList cells) { m_rows.append(std::move(cells)); }
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    QString toText() const;
    bool save(const QString& path, QString* error) const;

    static QString number(double value); // shortest round-trip representation
    static QString quote(const QString& cell);

private:
    QStringList m_header;
    QVector<QStringList> m_rows;
};

} // namespace mtw::gui

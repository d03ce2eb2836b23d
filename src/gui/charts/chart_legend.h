#pragma once
// The charts' legend, drawn by us instead of Qt Charts': Qt's side legend drops the entries that
// do not fit its height and its bottom legend elides them, so 8 runs x 4 tasks lost entries.
// This one keeps every entry: a row at the bottom for a few, columns on the right for many (the
// font shrinks to 6.5 pt before another column is added), rows under the plot again when columns
// would take more than 40 % of a small figure's width. An entry shows its line (colour and
// dash) or its marker; a click on it emits clicked(label), and hidden entries are greyed and
// struck through. It is a scene item, so exports render it with the chart.
#include "gui/charts/legend_strip.h"

#include <QFont>
#include <QGraphicsObject>
#include <QSet>

namespace mtw::gui {

class ChartLegend : public QGraphicsObject {
    Q_OBJECT
public:
    ChartLegend();

    void setEntries(const QList<LegendEntry>& entries, const QSet<QString>& hidden);
    const QList<LegendEntry>& entries() const { return m_entries; }

    // Lays the legend out for a chart of `size`; returns the margins the plot must leave for it
    // (right for columns, bottom for a row), zero without entries.
    QMargins place(const QSizeF& size);

    // Where entry i is drawn, in scene coordinates (tests click there).
    QRectF entryRect(int i) const;

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

signals:
    void clicked(const QString& label);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

private:
    QMargins placeInRows(const QSizeF& size);

    QList<LegendEntry> m_entries;
    QSet<QString> m_hidden;
    QList<QRectF> m_rects; // per entry, item coordinates
    QRectF m_bounds;
    QFont m_font;
};

} // namespace mtw::gui

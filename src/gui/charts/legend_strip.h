#pragma once
// One legend for several charts (the Losses view's panel per task): a line sample in each
// entry's colour and pen style, then its label, flowing left to right in rows. It paints itself
// on screen and into exported figures with the same code (paint).
#include "gui/charts/line_dash.h"

#include <QColor>
#include <QList>
#include <QRectF>
#include <QScatterSeries>
#include <QString>
#include <QWidget>

namespace mtw::gui {

struct LegendEntry {
    QString label;
    QColor color; // invalid: a caption, text without a sample
    LineDash style = Qt::SolidLine;
    bool marker = false; // a scatter's marker instead of a line sample
    QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle; // the marker's, as in the plot
    bool operator==(const LegendEntry&) const = default;
};

// Draws entry e's sample (line or marker) and label into rect, one line of text high.
void paintLegendEntry(
    QPainter& painter, const QRectF& rect, const LegendEntry& e, const QFont& font, bool greyed = false);
// The width paintLegendEntry needs for e.
double legendEntryWidth(const LegendEntry& e, const QFont& font);
// Where the entries go in rows `width` wide (wrapping), each one text line high, from (0, 0);
// *height gets the rows' total height.
QList<QRectF> flowLegend(const QList<LegendEntry>& entries, const QFont& font, double width, double* height);

class LegendStrip : public QWidget {
    Q_OBJECT
public:
    explicit LegendStrip(QWidget* parent = nullptr);

    void setEntries(const QList<LegendEntry>& entries);
    const QList<LegendEntry>& entries() const { return m_entries; }

    // Paints the entries into rect with font; returns the height used (rows x line height).
    static double paint(QPainter& painter, const QRectF& rect, const QList<LegendEntry>& entries, const QFont& font);
    // The height paint needs at width.
    static double heightFor(double width, const QList<LegendEntry>& entries, const QFont& font);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<LegendEntry> m_entries;
};

} // namespace mtw::gui

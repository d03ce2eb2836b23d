#pragma once
// A Qt Charts line/scatter chart with the interactions every view needs: rubber-band
// zoom, wheel zoom about the cursor, pan by right/middle drag or arrow keys, reset (double-click,
// Home or resetZoom()), a crosshair listing every visible line's value at the step under the
// cursor, hover tooltips on scatter points, legend entries that hide or show their series when
// clicked, axes that end at the data with 1-2-5 ticks (axis_ticks.h), log axes that say how many
// points they cannot show, and vector rendering for export. Interaction code is in
// chart_panel_interaction.cpp. All Qt Charts code stays under src/gui/charts/ (Qt Charts is
// deprecated upstream from Qt 6.10), so the views only hand over plain point lists (ChartSeries)
// and Qt Charts stays swappable.
#include "gui/charts/line_dash.h"

#include <QChartView>
#include <QColor>
#include <QHash>
#include <QList>
#include <QPen>
#include <QPointF>
#include <QScatterSeries>
#include <QSet>
#include <QStringList>
#include <QVector>
#include <optional>
#include <utility>

class QAbstractAxis;
class QLogValueAxis;
class QValueAxis;
class QGraphicsLineItem;
class QXYSeries;

namespace mtw::gui {

class ChartLegend;

struct ChartSeries {
    // Band: a shaded area between `lower` and `points` (the upper edge), e.g. mean +- std of a
    // group of seeds; drawn with `color` as is (give it an alpha), never in the legend.
    enum class Kind { Line, Scatter, Band };
    QString name;
    QColor color;
    Kind kind = Kind::Line;
    LineDash style = Qt::SolidLine;
    double width = 1.8;
    double markerSize = 8; // scatter only
    QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
    bool inLegend = true;
    QVector<QPointF> points;
    QVector<QPointF> lower; // Band only: the lower edge, at the same x as points
};

class ChartPanel : public QChartView {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);

    void setChartTitle(const QString& title);
    QString chartTitle() const { return m_title; }
    void setAxisTitles(const QString& x, const QString& y);
    // The y axis: linear, log (points <= 0 are dropped and counted, see hiddenPointCount) or
    // symmetric log (axis_ticks.h: both signs over decades; c chosen from the data).
    enum class YScale { Linear, Log, Symlog };
    void setYScale(YScale scale);
    YScale yScale() const { return m_yScale; }
    void setLogY(bool log) { setYScale(log ? YScale::Log : YScale::Linear); }
    bool isLogY() const { return m_yScale == YScale::Log; }
    void setSymlogY(bool symlog) { setYScale(symlog ? YScale::Symlog : YScale::Linear); }
    bool isSymlogY() const { return m_yScale == YScale::Symlog; }
    double symlogC() const { return m_symlogC; }
    // Log-scale x axis (numeric axes only; x <= 0 is dropped like y <= 0 on a log y axis).
    void setLogX(bool log);
    bool isLogX() const { return m_logX; }
    // Fixed y range (e.g. cosines in [-1, 1]); std::nullopt: fit the data.
    void setFixedYRange(std::optional<std::pair<double, double>> range);
    // Fixed x range (panels that share their axes); std::nullopt: fit the data.
    void setFixedXRange(std::optional<std::pair<double, double>> range);
    // The range the axes would fit to the visible series (before margins, log decades or ticks),
    // so panels can agree on shared axes; nullopt without data.
    std::optional<std::pair<QPointF, QPointF>> dataBounds() const;
    void setLegendVisible(bool visible);
    // Small multiples: smaller title and tick labels, thin margins.
    void setCompact(bool compact);
    ChartLegend* legendItem() const { return m_legend; }
    // Categorical x axis at 0, 1, ..., n-1 (parallel coordinates); empty: numeric axis.
    void setXCategories(const QStringList& labels);
    // Room left and right of the data as a fraction of its x span (of its decades on a log axis),
    // so markers at the extremes are not cut by the plot's edge (scatters); default 0.
    void setMarginX(double fraction);

    // Replaces the drawn series (reuses Qt series objects when the layout is unchanged, so live
    // updates do not flicker). Keeps the user's zoom; otherwise fits the axes to the data.
    void setSeries(const QList<ChartSeries>& series);

    // Hides or shows the series called `name` (and its band and raw companions, "name (...)"), as a
    // click on its legend entry does; kept across setSeries. Hidden series leave the axis fit.
    void setSeriesHidden(const QString& name, bool hidden);
    bool isSeriesHidden(const QString& name) const;
    bool isSeriesVisible(int i) const;
    // Points a log axis cannot show (<= 0), of the series drawn now; the title says so too.
    int hiddenPointCount() const { return m_hiddenPoints; }
    // The crosshair's text at x: the x value, then each visible line's name and its value at the
    // recorded x nearest to x, largest first (at most 16 lines, then "... and n more").
    QString crosshairText(double x) const;

    void resetZoom();
    bool isUserZoomed() const { return m_userZoomed; }
    // Shows these axis ranges (in drawn units, as xRange/yRange give them) as the user's zoom:
    // kept across setSeries until resetZoom. Linked panels (TaskPanelGrid) follow one another's
    // zoom with it; it does not emit viewRangesChanged.
    void setViewRanges(std::pair<double, double> x, std::pair<double, double> y);

    // Inspection (tests, CSV): what is drawn right now.
    int seriesCount() const { return static_cast<int>(m_data.size()); }
    QString seriesName(int i) const;
    QPen seriesPen(int i) const; // the pen of the drawn Qt series (colour and dash style)
    QVector<QPointF> seriesPoints(int i) const; // the points in the Qt series (a band's upper edge), in data units
    QVector<QPointF> seriesLowerPoints(int i) const; // a band's lower edge; empty for other kinds
    bool isBand(int i) const { return i >= 0 && i < m_data.size() && m_data[i].kind == ChartSeries::Kind::Band; }
    QString axisTitleX() const;
    QString axisTitleY() const;
    std::pair<double, double> xRange() const;
    std::pair<double, double> yRange() const;

    // Paints the chart into rect (vector on SVG/PDF painters), laid out for rect's size.
    void renderTo(QPainter& painter, const QRectF& rect);

signals:
    void zoomChanged(bool userZoomed);
    // After each zoom or pan by the user (wheel, rubber band, drag, keys), not on resetZoom.
    void viewRangesChanged();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildSeries();
    void updateSeriesData();
    static QPen linePen(const ChartSeries& series, bool figure);
    void replaceXAxis();
    void replaceYAxis();
    void fitAxes();
    void markZoomed();
    void updateTicks();
    void updateTicks(const QSizeF& size);
    void refreshLegend();
    QHash<int, QVector<QPointF>> thinScattersForExport();
    void layoutLegend(const QSizeF& size);
    void setAxisRange(QAbstractAxis* axis, double min, double max);
    void placeTicks(QAbstractAxis* axis, int target);
    void updateTitle();
    void applyVisibility();
    void showCrosshair(const QPoint& pos);
    void hideCrosshair();
    bool hiddenByUser(const QString& name) const;
    void showHover(int seriesIndex, const QPointF& point, bool state);
    QList<ChartSeries> filteredForAxis(const QList<ChartSeries>& series, int* dropped) const;
    QList<ChartSeries> symlogTransformed(const QList<ChartSeries>& series);
    double dataY(double drawnY) const; // drawn y back to data units (symlog)
    QVector<QPointF> inDataUnits(QVector<QPointF> drawn) const;
    void installAxis(QAbstractAxis*& slot, QAbstractAxis* axis, Qt::Alignment side, const QString& title);
    QValueAxis* newValueAxis();
    QLogValueAxis* newLogAxis();

    QAbstractAxis* m_x = nullptr;
    QAbstractAxis* m_y = nullptr;
    QList<ChartSeries> m_data; // as drawn (log filter applied)
    QList<ChartSeries> m_input; // as given
    QList<QXYSeries*> m_series; // per drawn series; a band's upper edge
    QHash<int, QXYSeries*> m_bandLower; // a band's lower edge, by series index
    QStringList m_categories;
    QString m_xTitle, m_yTitle, m_title;
    QSet<QString> m_hidden; // names hidden by the user (legend clicks)
    int m_hiddenPoints = 0;
    QGraphicsLineItem* m_crosshair = nullptr;
    ChartLegend* m_legend = nullptr; // ours, not Qt's (chart_legend.h)
    bool m_legendVisible = true;
    bool m_compact = false;
    YScale m_yScale = YScale::Linear;
    double m_symlogC = 1;
    bool m_logX = false;
    bool m_userZoomed = false;
    double m_marginX = 0;
    std::optional<std::pair<double, double>> m_fixedY, m_fixedX;
    bool m_panning = false;
    QPoint m_lastPan;
    QPoint m_panStart;
    bool m_rightClick = false; // a right press that has not (yet) become a pan drag
};

} // namespace mtw::gui

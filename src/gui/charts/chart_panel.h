#pragma once
// A Qt Charts line/scatter chart with the interactions every view needs: rubber-band
// zoom, wheel zoom about the cursor, pan by right/middle drag or arrow keys, reset (double-click,
// Home or resetZoom()), hover tooltips with the nearest data point, a log-scale y axis and
// vector rendering for export. All Qt Charts code stays under src/gui/charts/ (Qt Charts is
// deprecated upstream from Qt 6.10), so the views only hand over plain point lists (ChartSeries)
// and Qt Charts stays swappable.
#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QScatterSeries>
#include <QStringList>
#include <QVector>
#include <optional>
#include <QHash>
#include <utility>

class QAbstractAxis;
class QXYSeries;

namespace mtw::gui {

struct ChartSeries {
    // Band: a shaded area between `lower` and `points` (the upper edge), e.g. mean +- std of a
    // group of seeds; drawn with `color` as is (give it an alpha), never in the legend.
    enum class Kind { Line, Scatter, Band };
    QString name;
    QColor color;
    Kind kind = Kind::Line;
    Qt::PenStyle style = Qt::SolidLine;
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
    void setAxisTitles(const QString& x, const QString& y);
    void setLogY(bool log);
    bool isLogY() const { return m_logY; }
    // Log-scale x axis (numeric axes only; x <= 0 is dropped like y <= 0 on a log y axis).
    void setLogX(bool log);
    bool isLogX() const { return m_logX; }
    // Fixed y range (e.g. cosines in [-1, 1]); std::nullopt: fit the data.
    void setFixedYRange(std::optional<std::pair<double, double>> range);
    // Categorical x axis at 0, 1, ..., n-1 (parallel coordinates); empty: numeric axis.
    void setXCategories(const QStringList& labels);
    // Room left and right of the data as a fraction of its x span (of its decades on a log axis),
    // so markers at the extremes are not cut by the plot's edge (scatters); default 0.
    void setMarginX(double fraction);

    // Replaces the drawn series (reuses Qt series objects when the layout is unchanged, so live
    // updates do not flicker). Keeps the user's zoom; otherwise fits the axes to the data.
    void setSeries(const QList<ChartSeries>& series);

    void resetZoom();
    bool isUserZoomed() const { return m_userZoomed; }

    // Inspection (tests, CSV): what is drawn right now.
    int seriesCount() const { return static_cast<int>(m_data.size()); }
    QString seriesName(int i) const;
    QVector<QPointF> seriesPoints(int i) const; // the points in the Qt series (a band's upper edge)
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

protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void rebuildSeries();
    void updateSeriesData();
    void replaceXAxis();
    void replaceYAxis();
    void fitAxes();
    void markZoomed();
    void showHover(int seriesIndex, const QPointF& point, bool state);
    QList<ChartSeries> filteredForAxis(const QList<ChartSeries>& series) const;

    QAbstractAxis* m_x = nullptr;
    QAbstractAxis* m_y = nullptr;
    QList<ChartSeries> m_data; // as drawn (log filter applied)
    QList<ChartSeries> m_input; // as given
    QList<QXYSeries*> m_series; // per drawn series; a band's upper edge
    QHash<int, QXYSeries*> m_bandLower; // a band's lower edge, by series index
    QStringList m_categories;
    QString m_xTitle, m_yTitle;
    bool m_logY = false;
    bool m_logX = false;
    bool m_userZoomed = false;
    double m_marginX = 0;
    std::optional<std::pair<double, double>> m_fixedY;
    bool m_panning = false;
    QPoint m_lastPan;
    QPoint m_panStart;
    bool m_rightClick = false; // a right press that has not (yet) become a pan drag
};

} // namespace mtw::gui

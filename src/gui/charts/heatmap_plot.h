#pragma once
// A heatmap painted from a QImage with a perceptual colormap and a colour bar (Qt Charts 6.4 has
// no heatmap series; TOOLCHAIN.md). Two kinds of data:
//  * a matrix with categorical axes (the T x T cosine matrix): row 0 at the top, task names on
//    both axes, square cells, values printed in the cells when T is small;
//  * a field on a regular grid over [xMin, xMax] x [yMin, yMax] (loss landscapes): y up, iso-lines
//    by marching squares, and overlays (trajectory lines, markers) in data coordinates.
// The same paint() serves the screen and the vector exports (SVG/PDF).
#include "gui/charts/colormap.h"

#include <Eigen/Dense>
#include <QImage>
#include <QList>
#include <QPolygonF>
#include <QWidget>

namespace mtw::gui {

struct PlotOverlay {
    enum class Marker { None, Circle, Square, Triangle };
    QString label; // legend text (empty: not in the legend)
    QVector<QPointF> points; // data coordinates
    QColor color = Qt::white;
    double lineWidth = 0; // 0: no line through the points
    Marker marker = Marker::None;
    double markerSize = 5;
};

// The polyline without the points closer than minDistance to the last point kept (the first and
// last points always stay): what a painter at that resolution draws the same, at a fraction of
// the stroking cost.
QVector<QPointF> thinPixelPolyline(const QVector<QPointF>& points, double minDistance);

class HeatmapPlot : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapPlot(QWidget* parent = nullptr);

    // values(r, c): row r (y label r, top to bottom), column c (x label c).
    void setMatrix(const Eigen::MatrixXd& values, const QStringList& rowLabels, const QStringList& columnLabels);
    // values(i, j) at x = xs[i], y = ys[j] on an evenly spaced nx x ny grid (nx, ny >= 2).
    void setField(const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax);
    void clear();

    void setColormap(const Colormap& map)
    {
        m_colormap = map;
        rebuildImage();
    }
    // Fixed colour range (cosines: [-1, 1]); until one is set, the data's min and max.
    void setColorRange(double low, double high);
    void setTitle(const QString& title)
    {
        m_title = title;
        update();
    }
    const QString& title() const { return m_title; }
    void setAxisTitles(const QString& x, const QString& y)
    {
        m_xTitle = x;
        m_yTitle = y;
        update();
    }
    const QString& axisTitleX() const { return m_xTitle; }
    const QString& axisTitleY() const { return m_yTitle; }
    void setColorBarTitle(const QString& title)
    {
        m_barTitle = title;
        update();
    }
    void setContourCount(int levels); // 0: none
    // Off: no colour bar, the plot takes its room (small multiples that share one scale).
    void setColorBarVisible(bool visible)
    {
        m_colorBarVisible = visible;
        update();
    }
    void setCellValuesVisible(int maxCells)
    {
        m_maxCellsForText = maxCells;
        update();
    }
    // QString::number format of the printed cell values ('f', 2 suits cosines; 'g' suits values
    // of any magnitude such as affinities).
    void setCellValueFormat(char format, int precision)
    {
        m_cellFormat = format;
        m_cellPrecision = precision;
        update();
    }
    // Labels drawn in the matrix cells instead of the values (row-major, rows x columns; "" leaves
    // a cell blank), e.g. "mean \u00b1 std": a label too wide for its cell breaks at " \u00b1 " into
    // two lines and shrinks (down to 6 pt). setMatrix clears them.
    void setCellTexts(const QStringList& texts)
    {
        m_cellTexts = texts;
        update();
    }
    const QStringList& cellTexts() const { return m_cellTexts; }
    void setOverlays(const QList<PlotOverlay>& overlays)
    {
        m_overlays = overlays;
        update();
    }
    void setPlaceholderText(const QString& text)
    {
        m_placeholder = text;
        update();
    }

    // Inspection (tests, CSV).
    bool hasData() const { return m_values.size() > 0; }
    const Eigen::MatrixXd& values() const { return m_values; }
    const QImage& image() const { return m_image; } // one pixel per cell
    std::pair<double, double> colorRange() const { return { m_low, m_high }; }
    // The contour lines drawn (polylines in data coordinates) and their segments in all.
    const QList<QPolygonF>& contourLines() const { return m_contours; }
    int contourSegmentCount() const;
    const QList<PlotOverlay>& overlays() const { return m_overlays; }
    // Where the cells are drawn inside a widget-sized rect (for picking pixels in tests).
    QRectF plotRectFor(const QRectF& rect) const;
    QPointF dataToPixel(const QPointF& point, const QRectF& plotRect) const;
    // Centre of matrix cell (row, column) in widget coordinates.
    QPointF cellCenter(int row, int column) const;

    void paint(QPainter& painter, const QRectF& rect) const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    void rebuildImage();
    void rebuildContours();
    void paintColorBar(QPainter& painter, const QRectF& bar) const;
    void paintAxes(QPainter& painter, const QRectF& plot) const;
    double leftMargin() const;
    void paintOverlays(QPainter& painter, const QRectF& plot) const;

    Colormap m_colormap = Colormap::viridis();
    Eigen::MatrixXd m_values;
    bool m_isMatrix = false;
    QStringList m_rowLabels, m_columnLabels;
    double m_xMin = 0, m_xMax = 1, m_yMin = 0, m_yMax = 1;
    bool m_autoRange = true;
    double m_low = 0, m_high = 1;
    QImage m_image;
    QString m_title, m_xTitle, m_yTitle, m_barTitle, m_placeholder;
    int m_contourCount = 0;
    QList<QPolygonF> m_contours; // data coordinates
    int m_maxCellsForText = 8;
    bool m_colorBarVisible = true;
    char m_cellFormat = 'f';
    int m_cellPrecision = 2;
    QList<PlotOverlay> m_overlays;
    QStringList m_cellTexts;
};

} // namespace mtw::gui

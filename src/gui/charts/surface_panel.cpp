#include "gui/charts/surface_panel.h"

#include "gui/charts/axis_ticks.h"

#include <Q3DCamera>
#include <Q3DScene>
#include <Q3DSurface>
#include <Q3DTheme>
#include <QGuiApplication>
#include <QLabel>
#include <QLinearGradient>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QSurface3DSeries>
#include <QVBoxLayout>
#include <QValue3DAxis>
#include <QValue3DAxisFormatter>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {
// The value axis without its floor label: the vertical axis starts at the floor corner where the
// x axis's first label is, and at the isometric view the two were drawn over each other ("1.0"
// across "-2.0"). The floor's value is the next label down by one step.
class FloorlessFormatter : public QValue3DAxisFormatter {
protected:
    QValue3DAxisFormatter* createNewInstance() const override { return new FloorlessFormatter; }
    QString stringForValue(qreal value, const QString& format) const override
    {
        const double step = (axis()->max() - axis()->min()) / std::max(1, axis()->segmentCount());
        return value <= axis()->min() + 1e-6 * step ? QString() : QValue3DAxisFormatter::stringForValue(value, format);
    }
};
} // namespace

bool SurfacePanel::openGlAvailable()
{
    static const bool available = [] {
        const QString platform = QGuiApplication::platformName();
        const bool windowing
            = platform == "xcb" || platform.startsWith("wayland") || platform == "windows" || platform == "cocoa";
        if (!windowing)
            return false;
        QOpenGLContext context;
        if (!context.create())
            return false;
        QOffscreenSurface surface;
        surface.create();
        return surface.isValid() && context.makeCurrent(&surface);
    }();
    return available;
}

SurfacePanel::SurfacePanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (!openGlAvailable()) {
        m_placeholder = new QLabel(tr("3-D view unavailable: it needs a windowing platform (xcb/wayland) with OpenGL.\n"
                                      "The 2-D view shows the same surface."));
        m_placeholder->setAlignment(Qt::AlignCenter);
        m_placeholder->setWordWrap(true);
        layout->addWidget(m_placeholder);
    }
}

// Created on first show (or first data) so views that are never opened cost no GL context.
void SurfacePanel::createSurface()
{
    if (m_surface || !openGlAvailable())
        return;
    m_surface = new Q3DSurface;
    m_surface->axisX()->setTitle(QStringLiteral("x"));
    m_surface->axisZ()->setTitle(QStringLiteral("y"));
    m_surface->axisY()->setTitle(QStringLiteral("loss"));
    m_surface->axisY()->setFormatter(new FloorlessFormatter);
    for (QValue3DAxis* a : { m_surface->axisX(), m_surface->axisY(), m_surface->axisZ() })
        a->setTitleVisible(true);
    m_series = new QSurface3DSeries;
    m_series->setDrawMode(QSurface3DSeries::DrawSurface);
    m_series->setFlatShadingEnabled(false);
    // Viridis endpoints and midpoint, matching the 2-D heatmap.
    QLinearGradient gradient;
    gradient.setColorAt(0.0, QColor(0x44, 0x01, 0x54));
    gradient.setColorAt(0.5, QColor(0x21, 0x91, 0x8c));
    gradient.setColorAt(1.0, QColor(0xfd, 0xe7, 0x25));
    m_series->setBaseGradient(gradient);
    m_series->setColorStyle(Q3DTheme::ColorStyleRangeGradient);
    m_surface->addSeries(m_series);
    // A high three-quarter view reads the basin and the ridges best; larger label fonts stay
    // legible in renderToImage() exports.
    m_surface->scene()->activeCamera()->setCameraPreset(Q3DCamera::CameraPresetIsometricRightHigh);
    m_surface->scene()->activeCamera()->setZoomLevel(85); // the front axis labels were cut off at 100%
    QFont font = m_surface->activeTheme()->font();
    font.setPointSize(40);
    m_surface->activeTheme()->setFont(font);
    QWidget* container = QWidget::createWindowContainer(m_surface, this);
    container->setMinimumSize(300, 240);
    layout()->addWidget(container);
}

void SurfacePanel::showEvent(QShowEvent* event)
{
    createSurface();
    QWidget::showEvent(event);
}

void SurfacePanel::setField(
    const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax, const QString& valueTitle)
{
    createSurface();
    if (!m_surface || values.rows() < 2 || values.cols() < 2)
        return;
    const Eigen::Index nx = values.rows(), ny = values.cols();
    auto* array = new QSurfaceDataArray;
    array->reserve(static_cast<qsizetype>(ny));
    for (Eigen::Index j = 0; j < ny; ++j) {
        auto* row = new QSurfaceDataRow(static_cast<qsizetype>(nx));
        const double y = yMin + (yMax - yMin) * static_cast<double>(j) / static_cast<double>(ny - 1);
        for (Eigen::Index i = 0; i < nx; ++i) {
            const double x = xMin + (xMax - xMin) * static_cast<double>(i) / static_cast<double>(nx - 1);
            const double v = std::isfinite(values(i, j)) ? values(i, j) : 0.0;
            (*row)[static_cast<qsizetype>(i)].setPosition(
                QVector3D(static_cast<float>(x), static_cast<float>(v), static_cast<float>(y)));
        }
        array->append(row);
    }
    m_series->dataProxy()->resetArray(array);
    m_surface->axisY()->setTitle(valueTitle);
    // Qt labels each of an axis's evenly spaced segments: ends on ticks of a 1-2-5 step and as many
    // decimals as the step needs, or the labels read -0.666667 and run into each other at 40 pt.
    const auto [lo, hi] = finiteRange(values.data(), static_cast<std::size_t>(values.size()));
    // The value axis is drawn short and steep: about 3 segments keep its labels apart.
    setAxis(m_surface->axisX(), xMin, xMax, 4);
    setAxis(m_surface->axisZ(), yMin, yMax, 4);
    setAxis(m_surface->axisY(), lo, hi, 3);
}

void SurfacePanel::setAxis(QValue3DAxis* axis, double lo, double hi, int segments)
{
    const SegmentedAxis ticks = segmentedAxis(lo, hi, segments);
    axis->setRange(static_cast<float>(ticks.min), static_cast<float>(ticks.max));
    axis->setSegmentCount(ticks.segments);
    axis->setSubSegmentCount(1);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(tickDecimals(ticks.step)));
}

QImage SurfacePanel::image(const QSize& size) const
{
    if (!m_surface)
        return {};
    return m_surface->renderToImage(0, size);
}

} // namespace mtw::gui

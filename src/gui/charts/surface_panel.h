#pragma once
// A 3-D surface (Qt DataVisualization Q3DSurface) of a landscape field, guarded as TOOLCHAIN.md
// requires: Q3DSurface needs a windowing platform (xcb, wayland, ...) with a working OpenGL
// context and segfaults on `offscreen`, so without one the panel shows a placeholder label.
// QWidget::grab() leaves the window container blank; image() renders the surface itself.
#include <Eigen/Dense>
#include <QImage>
#include <QWidget>

class QLabel;
class Q3DSurface;
class QSurface3DSeries;
class QValue3DAxis;

namespace mtw::gui {

class SurfacePanel : public QWidget {
    Q_OBJECT
public:
    explicit SurfacePanel(QWidget* parent = nullptr);

    // True on a windowing platform where an OpenGL context can be created (checked once).
    static bool openGlAvailable();
    bool isActive() const { return m_surface != nullptr; }
    Q3DSurface* graph() const { return m_surface; } // null until shown on a platform with OpenGL

    // values(i, j) at x = xMin + i dx, y = yMin + j dy (the HeatmapPlot field convention).
    void setField(
        const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax, const QString& valueTitle);
    // The rendered surface (null image when 3-D is unavailable).
    QImage image(const QSize& size) const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void createSurface();
    // The axis over [lo, hi] with ends on ticks (about `segments` of them) and labels with the
    // decimals they need.
    static void setAxis(QValue3DAxis* axis, double lo, double hi, int segments);
    Q3DSurface* m_surface = nullptr;
    QSurface3DSeries* m_series = nullptr;
    QLabel* m_placeholder = nullptr;
};

} // namespace mtw::gui

#include "gui/charts/colormap.h"

#include <algorithm>
#include <cmath>

namespace mtw::gui {

Colormap::Colormap(QVector<QRgb> anchors)
    : m_anchors(std::move(anchors))
{
}

Colormap Colormap::viridis()
{
    return Colormap({ 0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151,
        0xbddf26, 0xfde725 });
}

Colormap Colormap::redBlue()
{
    return Colormap({ 0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3,
        0x2166ac, 0x053061 });
}

QRgb Colormap::map(double t) const
{
    if (std::isnan(t))
        return qRgb(200, 200, 200);
    t = std::clamp(t, 0.0, 1.0);
    const double pos = t * static_cast<double>(m_anchors.size() - 1);
    const int i = std::min(static_cast<int>(pos), static_cast<int>(m_anchors.size()) - 2);
    const double f = pos - i;
    const QRgb a = m_anchors[i];
    const QRgb b = m_anchors[i + 1];
    auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

QRgb Colormap::map(double value, double low, double high) const
{
    if (!(high > low))
        return map(0.5);
    return map((value - low) / (high - low));
}

QColor Colormap::textColorOn(QRgb background)
{
    // Relative luminance (ITU-R BT.709 weights) decides between black and white text.
    const double y = 0.2126 * qRed(background) + 0.7152 * qGreen(background) + 0.0722 * qBlue(background);
    return y > 140 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace mtw::gui

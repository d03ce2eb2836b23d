#pragma once
// Perceptual colormaps for heatmaps: viridis for magnitudes, a diverging map for cosines (so the
// sign of a cosine reads at a glance). Colours are interpolated linearly in RGB between published
// anchor colours:
// viridis (matplotlib, van der Walt & Smith 2015; 11 evenly spaced samples) and ColorBrewer RdBu
// (Brewer 2003; 11 classes), ordered so that -1 (conflict) is red and +1 (agreement) blue.
#include <QColor>
#include <QVector>

namespace mtw::gui {

class Colormap {
public:
    static Colormap viridis();
    static Colormap redBlue(); // diverging, white at the centre

    // t in [0, 1] (clamped); NaN maps to light grey.
    QRgb map(double t) const;
    // value in [low, high] -> colour.
    QRgb map(double value, double low, double high) const;
    // A black or white pen that is readable on the colour.
    static QColor textColorOn(QRgb background);

private:
    explicit Colormap(QVector<QRgb> anchors);
    QVector<QRgb> m_anchors;
};

} // namespace mtw::gui

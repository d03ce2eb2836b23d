#pragma once
// A line's dash: one of Qt's pen styles, or a dash pattern of its own (dash and gap lengths in pen
// widths, as QPen::setDashPattern takes them). Qt has five styles; overlaid runs coloured by task
// need more to stay apart (8 runs drew runs 0 and 5 alike). Converts from Qt::PenStyle, so a
// series or legend entry is still given Qt::DashLine as before. SVG and PDF keep the pattern
// (stroke-dasharray, PDF dash arrays), so printed figures tell the runs apart too.
#include <QList>
#include <QPen>

namespace mtw::gui {

class LineDash {
public:
    LineDash(Qt::PenStyle style = Qt::SolidLine) // NOLINT(google-explicit-constructor): Qt's styles are dashes
        : m_style(style)
    {
    }
    explicit LineDash(QList<qreal> pattern)
        : m_style(Qt::CustomDashLine)
        , m_pattern(std::move(pattern))
    {
    }

    bool isSolid() const { return m_style == Qt::SolidLine; }
    // The pattern drawn (Qt's own for its styles; empty for a solid line).
    QList<qreal> pattern() const { return m_style == Qt::CustomDashLine ? m_pattern : QPen(m_style).dashPattern(); }
    void applyTo(QPen& pen) const
    {
        if (m_style == Qt::CustomDashLine)
            pen.setDashPattern(m_pattern);
        else
            pen.setStyle(m_style);
    }
    QPen pen(const QColor& color, qreal width) const
    {
        QPen out(color, width);
        applyTo(out);
        return out;
    }
    bool operator==(const LineDash&) const = default;

private:
    Qt::PenStyle m_style;
    QList<qreal> m_pattern;
};

} // namespace mtw::gui

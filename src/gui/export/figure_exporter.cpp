#include "gui/export/figure_exporter.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <algorithm>

namespace mtw::gui {

namespace {
void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}
// Qt's SVG engine names the font's family only ("DejaVu Sans", or "Sans Serif", which is no CSS
// family at all): add the generic sans-serif fallback so every viewer draws a sans font.
// Qt writes a line chart as one <polyline> per segment (a 2,000-point series: 2,000 elements);
// consecutive ones on consecutive lines where each starts where the last ended become one.
QString joinPolylines(const QString& text)
{
    static const QString head
        = QStringLiteral("<polyline fill=\"none\" vector-effect=\"non-scaling-stroke\" points=\"");
    static const QString tail = QStringLiteral("\" />");
    QString out;
    out.reserve(text.size());
    QString points; // the open polyline's points ("x,y x,y ..."), empty when none is open
    QString last; // its last point
    const auto flush = [&] {
        if (!points.isEmpty())
            out += head + points + tail + QLatin1Char('\n');
        points.clear();
    };
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        if (line.startsWith(head) && line.endsWith(tail)) {
            const QStringList pts = line.mid(head.size(), line.size() - head.size() - tail.size())
                                        .toString()
                                        .split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (pts.size() >= 2) {
                if (points.isEmpty() || pts.front() != last) {
                    flush();
                    points = pts.front() + QLatin1Char(' ');
                }
                for (qsizetype k = 1; k < pts.size(); ++k)
                    points += pts[k] + QLatin1Char(' ');
                last = pts.back();
                continue;
            }
        }
        flush();
        out += line;
        out += QLatin1Char('\n');
    }
    flush();
    out.chop(1); // split added a last empty line's newline
    return out;
}

bool finishSvg(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    static const QRegularExpression family(QStringLiteral("font-family=\"([^\"]*)\""));
    text.replace(family, QStringLiteral("font-family=\"\\1, sans-serif\""));
    text.replace(
        QStringLiteral("font-family=\"Sans Serif, sans-serif\""), QStringLiteral("font-family=\"sans-serif\""));
    // Qt writes a group for every pen and brush change, most of them empty: a scatter dot cost
    // three groups (900 bytes), so long trajectories made SVGs of megabytes. Drop the empty ones.
    static const QRegularExpression emptyGroup(QStringLiteral("<g [^<>]*>\\s*</g>\\s*"));
    for (qsizetype before = -1; before != text.size();) {
        before = text.size();
        text.remove(emptyGroup);
    }
    text = joinPolylines(text);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text.toUtf8()) > 0;
}
} // namespace

QSizeF FigureExporter::logicalSize(const ExportOptions& options)
{
    const double dpi = std::max(1, options.dpi);
    return { options.size.width() * 96.0 / dpi, options.size.height() * 96.0 / dpi };
}

void FigureExporter::paintPage(
    QPainter& painter, const QRectF& rect, const ExportOptions& options, const Painter& paint)
{
    painter.fillRect(rect, Qt::white);
    // Views draw their text at fixed sizes around a 9 pt base (ticks, legends; titles 10-11 pt).
    // Rather than thread a size through every chart, the figure is drawn on a canvas 1/scale as
    // large and magnified by scale: every text, marker and line comes out scale times larger
    // while the figure keeps the page's physical size, so the base text is exactly the chosen
    // size in points. Vector output stays vector (the scale is a painter transform).
    const double scale = std::clamp(options.fontPointSize, 4.0, 72.0) / kBaseFontPoints;
    QRectF body = rect;
    if (!options.title.isEmpty()) {
        QFont font = painter.font();
        font.setPointSizeF(13 * scale);
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(Qt::black);
        const double h = painter.fontMetrics().height() * 1.6;
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), h), Qt::AlignCenter, options.title);
        body.setTop(rect.top() + h);
    }
    painter.save();
    QFont font = painter.font();
    font.setPointSizeF(kBaseFontPoints);
    font.setBold(false);
    painter.setFont(font); // the figure starts from the normal text font, not the title's
    painter.translate(body.topLeft());
    painter.scale(scale, scale);
    paint(painter, QRectF(QPointF(0, 0), body.size() / scale));
    painter.restore();
}

bool FigureExporter::exportFigure(
    const QString& path, const ExportOptions& options, const Painter& paint, QString* error)
{
    if (options.size.width() < 16 || options.size.height() < 16 || options.dpi < 10) {
        setError(error,
            QStringLiteral("invalid export size %1x%2 at %3 dpi")
                .arg(options.size.width())
                .arg(options.size.height())
                .arg(options.dpi));
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSizeF logical = logicalSize(options);
    const QRectF canvas(QPointF(0, 0), logical);
    if (suffix == "png") {
        QImage image(options.size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            painter.scale(options.dpi / 96.0, options.dpi / 96.0);
            paintPage(painter, canvas, options, paint);
        }
        // The DPI is recorded only after painting: fonts resolve against the device DPI, and the
        // painter scale already accounts for it.
        const int dpm = static_cast<int>(options.dpi / 0.0254 + 0.5);
        image.setDotsPerMeterX(dpm);
        image.setDotsPerMeterY(dpm);
        if (!image.save(path, "PNG")) {
            setError(error, QStringLiteral("cannot write %1").arg(path));
            return false;
        }
        return true;
    }
    if (suffix == "svg") {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setResolution(96);
        generator.setSize(logical.toSize());
        generator.setViewBox(canvas);
        generator.setTitle(options.title.toHtmlEscaped()); // Qt 6.4 writes the title into <title> unescaped
        generator.setDescription(QStringLiteral("MTL Workbench figure"));
        QPainter painter;
        if (!painter.begin(&generator)) {
            setError(error, QStringLiteral("cannot write %1").arg(path));
            return false;
        }
        paintPage(painter, canvas, options, paint);
        painter.end();
        if (!finishSvg(path)) {
            setError(error, QStringLiteral("cannot write %1").arg(path));
            return false;
        }
        return true;
    }
    if (suffix == "pdf") {
        QPdfWriter writer(path);
        writer.setResolution(96);
        writer.setPageSize(
            QPageSize(QSizeF(options.size.width() / double(options.dpi), options.size.height() / double(options.dpi)),
                QPageSize::Inch, QStringLiteral("figure"), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(options.title);
        writer.setCreator(QStringLiteral("MTL Workbench"));
        QPainter painter;
        if (!painter.begin(&writer)) {
            setError(error, QStringLiteral("cannot write %1").arg(path));
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF page(QPointF(0, 0), QSizeF(writer.width(), writer.height()));
        paintPage(painter, page, options, paint);
        painter.end();
        return true;
    }
    setError(error, QStringLiteral("unknown figure format '%1' (use .png, .svg or .pdf)").arg(suffix));
    return false;
}

} // namespace mtw::gui

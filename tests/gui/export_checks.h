#pragma once
// Checks that an exported file holds data: a PNG that is not one flat colour, an SVG with drawn
// elements that parses as XML with generic font fallbacks, a PDF with a page, a CSV with a
// header and rows.
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QXmlStreamReader>

namespace mtw::test {

inline bool exportedFileHasData(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < 100)
        return false;
    const QByteArray bytes = file.readAll();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        const QImage image = QImage::fromData(bytes, "PNG");
        if (image.isNull())
            return false;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        return colours.size() > 3;
    }
    if (suffix == QLatin1String("svg")) {
        // Well-formed XML (an unescaped '&' in a title made files unreadable), and every font
        // named with a CSS generic fallback.
        QXmlStreamReader xml(bytes);
        while (!xml.atEnd())
            xml.readNext();
        if (xml.hasError()) {
            qWarning(
                "%s: invalid XML at line %lld: %s", qPrintable(path), xml.lineNumber(), qPrintable(xml.errorString()));
            return false;
        }
        static const QRegularExpression font(QStringLiteral("font-family=\"([^\"]*)\""));
        for (auto match = font.globalMatch(QString::fromUtf8(bytes)); match.hasNext();) {
            const QString family = match.next().captured(1);
            if (!family.endsWith(QLatin1String("sans-serif")) && !family.endsWith(QLatin1String("monospace"))) {
                qWarning("%s: font-family \"%s\" has no generic fallback", qPrintable(path), qPrintable(family));
                return false;
            }
        }
        return bytes.contains("<svg")
            && (bytes.contains("<path") || bytes.contains("<polyline") || bytes.contains("<rect"));
    }
    if (suffix == QLatin1String("pdf"))
        return bytes.startsWith("%PDF") && bytes.contains("/Page");
    if (suffix == QLatin1String("csv"))
        return bytes.count('\n') >= 2;
    return true;
}

// The texts of an exported SVG that were elided: Qt Charts' titles and tick labels end in "...",
// ours in "\u2026". Empty when every text was written whole.
inline QStringList elidedSvgTexts(const QByteArray& svg)
{
    QStringList elided;
    static const QRegularExpression text(QStringLiteral("<text[^>]*>([^<]*)</text>"));
    for (auto match = text.globalMatch(QString::fromUtf8(svg)); match.hasNext();) {
        const QString t = match.next().captured(1);
        if (t.contains(QLatin1String("...")) || t.contains(QChar(0x2026)))
            elided << t;
    }
    return elided;
}

} // namespace mtw::test

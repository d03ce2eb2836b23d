#include "gui/parameter_text.h"

#include "mtl/method_registry.h"

#include <QLocale>
#include <QStringList>
#include <cmath>

namespace mtw::gui {

namespace {

QString numberText(double x)
{
    return QString::number(x, 'g', 12);
}

QString rangeText(const core::ParameterSpec& spec)
{
    const bool low = spec.minimum > -1e299;
    const bool high = spec.maximum < 1e299;
    if (!low && !high)
        return {};
    return QStringLiteral("[%1, %2]")
        .arg(low ? numberText(spec.minimum) : QStringLiteral("-inf"),
            high ? numberText(spec.maximum) : QStringLiteral("inf"));
}

QStringList listItems(QString text)
{
    text = text.trimmed();
    if (text.startsWith(QLatin1Char('[')) && text.endsWith(QLatin1Char(']')))
        text = text.mid(1, text.size() - 2);
    QStringList items;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            items << part.trimmed();
    return items;
}

} // namespace

QString methodDisplayName(const std::string& id)
{
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(id);
    return QString::fromStdString(spec ? spec->displayName : id);
}

QString parameterToText(const core::ParameterValue& value)
{
    if (const auto* x = std::get_if<double>(&value))
        return numberText(*x);
    if (const auto* n = std::get_if<long long>(&value))
        return QString::number(*n);
    if (const auto* b = std::get_if<bool>(&value))
        return *b ? QStringLiteral("true") : QStringLiteral("false");
    if (const auto* s = std::get_if<std::string>(&value))
        return QString::fromStdString(*s);
    QStringList parts;
    if (const auto* list = std::get_if<std::vector<double>>(&value))
        for (double x : *list)
            parts << numberText(x);
    if (const auto* list = std::get_if<std::vector<long long>>(&value))
        for (long long n : *list)
            parts << QString::number(n);
    return parts.join(QStringLiteral(", "));
}

std::optional<core::ParameterValue> parameterFromText(
    const core::ParameterSpec& spec, const QString& text, QString* error)
{
    const QLocale c = QLocale::c();
    bool ok = false;
    switch (spec.type) {
    case core::ParameterType::Real: {
        const double x = c.toDouble(text.trimmed(), &ok);
        if (ok && std::isfinite(x))
            return x;
        *error = QStringLiteral("must be a number (e.g. 0.001 or 1e-3)");
        return std::nullopt;
    }
    case core::ParameterType::Integer: {
        const long long n = c.toLongLong(text.trimmed(), &ok);
        if (ok)
            return n;
        *error = QStringLiteral("must be a whole number");
        return std::nullopt;
    }
    case core::ParameterType::Boolean:
        return text == QLatin1String("true");
    case core::ParameterType::Choice:
    case core::ParameterType::Text:
        return text.toStdString();
    case core::ParameterType::RealList: {
        std::vector<double> list;
        for (const QString& item : listItems(text)) {
            const double x = c.toDouble(item, &ok);
            if (!ok || !std::isfinite(x)) {
                *error = QStringLiteral("'%1' is not a number (write a comma-separated list)").arg(item);
                return std::nullopt;
            }
            list.push_back(x);
        }
        return list;
    }
    case core::ParameterType::IntegerList: {
        std::vector<long long> list;
        for (const QString& item : listItems(text)) {
            const long long n = c.toLongLong(item, &ok);
            if (!ok) {
                *error = QStringLiteral("'%1' is not a whole number (write a comma-separated list)").arg(item);
                return std::nullopt;
            }
            list.push_back(n);
        }
        return list;
    }
    }
    *error = QStringLiteral("unsupported parameter type");
    return std::nullopt;
}

QString parameterTooltip(const core::ParameterSpec& spec, const QString& citation)
{
    QString tip
        = QStringLiteral("<b>%1</b> (%2)<br>%3")
              .arg(QString::fromStdString(spec.name), QString::fromStdString(core::parameterTypeName(spec.type)),
                  QString::fromStdString(spec.doc).toHtmlEscaped());
    if (spec.required)
        tip += QStringLiteral("<br>Required: no default.");
    else
        tip += QStringLiteral("<br>Default: %1").arg(parameterToText(spec.defaultValue).toHtmlEscaped());
    const QString range = rangeText(spec);
    if (!range.isEmpty() && spec.type != core::ParameterType::Choice && spec.type != core::ParameterType::Boolean)
        tip += QStringLiteral("<br>Range: %1").arg(range);
    if (!citation.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(citation.toHtmlEscaped());
    return tip;
}

} // namespace mtw::gui

#include "gui/views/study_figures.h"

#include "gui/views/view_style.h"

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <map>

namespace mtw::gui {

namespace {
constexpr int linePoints = 40;

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QString interval(const analysis::BootstrapInterval& i)
{
    return QStringLiteral("[%1, %2]").arg(studyNumber(i.low), studyNumber(i.high));
}

QVector<QPointF> linePointsOf(const analysis::LineFit& line, const std::vector<double>& xs, bool logX)
{
    QVector<QPointF> points;
    if (!line.valid() || xs.empty())
        return points;
    const auto [lowIt, highIt] = std::minmax_element(xs.begin(), xs.end());
    const double low = *lowIt, high = *highIt;
    const bool logSpaced = logX && low > 0;
    for (int k = 0; k < linePoints; ++k) {
        const double t = static_cast<double>(k) / (linePoints - 1);
        const double x
            = logSpaced ? std::exp(std::log(low) + t * (std::log(high) - std::log(low))) : low + t * (high - low);
        points.append({ x, line.intercept + line.slope * x });
    }
    return points;
}

void groupRow(QString& html, const QString& label, const analysis::CorrelationSummary& s, const QColor& color)
{
    html += QStringLiteral("<tr><td><span style='color:%1'>&#9679;</span> %2</td><td align='right'>%3</td>"
                           "<td align='right'>%4</td><td>%5</td><td align='right'>%6</td><td>%7</td>"
                           "<td align='right'>%8</td><td align='right'>%9</td></tr>")
                .arg(color.name(), label.toHtmlEscaped())
                .arg(s.n)
                .arg(studyNumber(s.pearson.value), interval(s.pearsonInterval), studyNumber(s.spearman.value),
                    interval(s.spearmanInterval), studyNumber(s.line.slope), studyNumber(s.line.intercept));
}

void notesOf(QStringList& notes, const QString& label, const analysis::CorrelationSummary& s)
{
    if (!s.pearson.valid())
        notes << QObject::tr("%1: r and \u03c1 n/a: %2").arg(label, text(s.pearson.reason));
    else if (!s.pearsonInterval.valid())
        notes << QObject::tr("%1: intervals n/a: %2").arg(label, text(s.pearsonInterval.reason));
    if (s.pearson.valid() && s.pearsonInterval.skipped > 0)
        notes << QObject::tr("%1: %2 of %3 resamples skipped (zero variance)")
                     .arg(label)
                     .arg(s.pearsonInterval.skipped)
                     .arg(s.pearsonInterval.resamples);
    if (!s.line.valid() && s.pearson.valid())
        notes << QObject::tr("%1: line n/a: %2").arg(label, text(s.line.reason));
}
} // namespace

QString studyNumber(double value)
{
    return std::isfinite(value) ? QLocale::c().toString(value, 'g', 4) : QStringLiteral("n/a");
}

QColor studyGroupColor(int index)
{
    return style::runColor(index);
}

StudyCells studyCellMeans(const engine::StudyResult& result)
{
    StudyCells cells;
    std::map<double, int> columnOf;
    for (const engine::StudyPoint& p : result.points)
        columnOf.emplace(p.x, 0);
    int c = 0;
    for (auto& [x, column] : columnOf) {
        column = c++;
        cells.columnValues.append(x);
        cells.columns << text(engine::quantityText(engine::QuantityValue::ofNumber(x)));
    }
    if (result.groups.empty())
        cells.rows << QObject::tr("all");
    for (const engine::StudyGroup& g : result.groups)
        cells.rows << text(g.label);
    const auto nr = static_cast<Eigen::Index>(cells.rows.size()), nc = static_cast<Eigen::Index>(cells.columns.size());
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(nr, nc);
    cells.count = Eigen::MatrixXi::Zero(nr, nc);
    for (const engine::StudyPoint& p : result.points) {
        const auto r = result.groups.empty() ? 0 : static_cast<Eigen::Index>(cells.rows.indexOf(text(p.group)));
        if (r < 0)
            continue;
        const Eigen::Index col = columnOf.at(p.x);
        sum(r, col) += p.y;
        cells.count(r, col) += 1;
    }
    cells.mean = Eigen::MatrixXd::Constant(nr, nc, std::nan(""));
    for (Eigen::Index r = 0; r < nr; ++r)
        for (Eigen::Index col = 0; col < nc; ++col)
            if (cells.count(r, col) > 0)
                cells.mean(r, col) = sum(r, col) / cells.count(r, col);
    return cells;
}

QList<ChartSeries> studyScatterSeries(const engine::StudyResult& result, bool logX)
{
    QList<ChartSeries> series;
    const bool grouped = !result.groups.empty();
    for (int g = 0; g < (grouped ? static_cast<int>(result.groups.size()) : 1); ++g) {
        const engine::StudyGroup& group = grouped ? result.groups[static_cast<std::size_t>(g)] : result.overall;
        const QColor color = grouped ? studyGroupColor(g) : studyGroupColor(0);
        ChartSeries points;
        points.name = grouped ? text(group.label) : QObject::tr("runs");
        points.color = color;
        points.kind = ChartSeries::Kind::Scatter;
        points.markerSize = 10;
        for (std::size_t i = 0; i < group.x.size(); ++i)
            points.points.append({ group.x[i], group.y[i] });
        series.append(points);
        if (grouped) {
            ChartSeries line { text(group.label) + QObject::tr(" fit"), color, ChartSeries::Kind::Line, Qt::SolidLine,
                1.8, 8, QScatterSeries::MarkerShapeCircle, false, linePointsOf(group.statistics.line, group.x, logX),
                {} };
            if (!line.points.isEmpty())
                series.append(line);
        }
    }
    ChartSeries overall { QObject::tr("least squares, all runs"), QColor(30, 30, 30), ChartSeries::Kind::Line,
        Qt::DashLine, 2.0, 8, QScatterSeries::MarkerShapeCircle, true,
        linePointsOf(result.overall.statistics.line, result.overall.x, logX), {} };
    if (!overall.points.isEmpty())
        series.append(overall);
    return series;
}

QString studyStatisticsHtml(const engine::StudyResult& result, const analysis::BootstrapOptions& bootstrap)
{
    const QString groupTitle = result.groupBy.empty() ? QObject::tr("group") : text(result.groupBy);
    QString html = QObject::tr("<p><b>%1</b> against <b>%2</b>: %3 runs (%4 skipped); bootstrap B = %5, seed %6, "
                               "%7% percentile intervals</p>")
                       .arg(text(result.y).toHtmlEscaped(), text(result.x).toHtmlEscaped())
                       .arg(result.points.size())
                       .arg(result.skipped.size())
                       .arg(bootstrap.resamples)
                       .arg(bootstrap.seed)
                       .arg(bootstrap.level * 100, 0, 'g', 3);
    html += QStringLiteral("<table cellspacing='0' cellpadding='3'><tr><th align='left'>%1</th><th>n</th><th>r</th>"
                           "<th>[95% CI]</th><th>\u03c1</th><th>[95% CI]</th><th>slope</th><th>intercept</th></tr>")
                .arg(groupTitle.toHtmlEscaped());
    QStringList notes;
    for (std::size_t g = 0; g < result.groups.size(); ++g) {
        groupRow(html, text(result.groups[g].label), result.groups[g].statistics, studyGroupColor(static_cast<int>(g)));
        notesOf(notes, text(result.groups[g].label), result.groups[g].statistics);
    }
    groupRow(html, QObject::tr("all"), result.overall.statistics, QColor(30, 30, 30));
    notesOf(notes, QObject::tr("all"), result.overall.statistics);
    html += QStringLiteral("</table>");
    for (const QString& note : notes)
        html += QStringLiteral("<p style='color:#805000'>%1</p>").arg(note.toHtmlEscaped());
    return html;
}

} // namespace mtw::gui

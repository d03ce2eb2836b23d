#include "gui/learning_function_dialog.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/export_prompts.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mtw::gui {

LearningFunctionDialog::LearningFunctionDialog(const QStringList& runDirectories, QWidget* parent)
    : QDialog(parent)
    , m_runs(runDirectories)
    , m_y(new QComboBox)
    , m_terms(new QLineEdit(QString::fromStdString(analysis::defaultLearningTerms())))
    , m_variable(new QComboBox)
    , m_fit(new QPushButton(tr("&Fit")))
    , m_exportFigure(new QPushButton(tr("Export figure...")))
    , m_exportCsv(new QPushButton(tr("Export CSV...")))
    , m_status(new QLabel)
    , m_table(new QTableWidget(0, 3))
    , m_fitted(new ChartPanel)
    , m_byVariable(new ChartPanel)
{
    setWindowTitle(tr("Learning-function fit (%1 runs)").arg(runDirectories.size()));
    // Any number the runs have can be the performance; the mean test metric first.
    m_y->setEditable(true);
    m_y->addItems({ QStringLiteral("final.test.metric.mean"), QStringLiteral("final.test.loss.mean"),
        QStringLiteral("final.validation.metric.mean"), QStringLiteral("final.validation.loss.mean") });
    m_variable->addItems({ QStringLiteral("n"), QStringLiteral("T"), QStringLiteral("ami"), QStringLiteral("rho") });
    m_terms->setToolTip(tr("Comma-separated: 1, v, sqrt(v), 1/sqrt(v), log(v) or 1/v of T, n, ami, rho"));
    m_status->setWordWrap(true);
    m_table->setHorizontalHeaderLabels({ tr("term"), tr("coefficient"), tr("std error") });
    m_table->verticalHeader()->hide();
    m_exportFigure->setEnabled(false);
    m_exportCsv->setEnabled(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Performance y"), m_y);
    form->addRow(tr("Terms"), m_terms);
    form->addRow(tr("Second chart against"), m_variable);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_fit);
    buttons->addStretch(1);
    buttons->addWidget(m_exportFigure);
    buttons->addWidget(m_exportCsv);
    auto* charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_fitted);
    charts->addWidget(m_byVariable);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(charts);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    resize(1100, 760);

    connect(m_fit, &QPushButton::clicked, this, [this] { fit(); });
    connect(m_variable, &QComboBox::currentTextChanged, this, [this] { draw(); });
    connect(m_exportFigure, &QPushButton::clicked, this, [this] {
        promptFigureExport(this, QString(), QStringLiteral("learning-function.png"),
            [this](const QString& path, const ExportOptions& options, QString* error) {
                return exportFigure(path, options, error);
            });
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        promptCsvExport(this, QStringLiteral("learning-function.csv"),
            [this](const QString& path, QString* error) { return exportCsv(path, error); });
    });
}

LearningFunctionDialog::~LearningFunctionDialog()
{
    if (m_thread) {
        m_thread->wait(); // the fit reads only its own copies; it ends within the runs' data loading
        delete m_thread;
    }
}

void LearningFunctionDialog::setQuantity(const QString& y)
{
    m_y->setCurrentText(y);
}

void LearningFunctionDialog::setTerms(const QString& terms)
{
    m_terms->setText(terms);
}

void LearningFunctionDialog::setVariable(const QString& variable)
{
    m_variable->setCurrentText(variable);
}

QString LearningFunctionDialog::statusText() const
{
    return m_status->text();
}

bool LearningFunctionDialog::fit()
{
    if (m_thread)
        return false;
    const std::string y = m_y->currentText().trimmed().toStdString();
    const std::string terms = m_terms->text().toStdString();
    try {
        analysis::parseLearningTerms(terms);
    } catch (const std::exception& error) {
        m_status->setText(tr("Terms: %1").arg(QString::fromStdString(error.what())));
        return false;
    }
    std::vector<std::string> paths;
    for (const QString& run : m_runs)
        paths.push_back(run.toStdString());
    m_fit->setEnabled(false);
    m_status->setText(tr("Fitting over %1 runs (rebuilding their data sets for n and the AMI)...").arg(m_runs.size()));
    m_thread = QThread::create([this, paths, y, terms] {
        std::optional<engine::LearningFunctionStudy> study;
        QString error;
        try {
            const engine::RunCollection runs(paths);
            study = engine::fitLearningFunction(runs, y, terms);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, study, error] { finish(study, error); }, Qt::QueuedConnection);
    });
    m_thread->start(QThread::LowPriority);
    return true;
}

void LearningFunctionDialog::finish(std::optional<engine::LearningFunctionStudy> study, const QString& error)
{
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_fit->setEnabled(true);
    m_study = std::move(study);
    if (!m_study) {
        m_status->setText(error);
    } else {
        const analysis::LearningFunctionFit& f = m_study->fit;
        QString text = tr("%1 = %2\nR² = %3 over %4 runs, residual std %5")
                           .arg(QString::fromStdString(m_study->y), QString::fromStdString(f.formula()))
                           .arg(f.rSquared, 0, 'f', 4)
                           .arg(m_study->points.points.size())
                           .arg(f.residualStd, 0, 'g', 4);
        if (!m_study->points.skipped.empty())
            text += tr("; %1 skipped, first: %2")
                        .arg(m_study->points.skipped.size())
                        .arg(QString::fromStdString(
                            m_study->points.skipped.front().first + ": " + m_study->points.skipped.front().second));
        m_status->setText(text);
        m_table->setRowCount(static_cast<int>(f.terms.size()));
        for (int k = 0; k < m_table->rowCount(); ++k) {
            const QStringList cells { QString::fromStdString(f.terms[static_cast<std::size_t>(k)].text()),
                QString::number(f.coefficients(k), 'g', 6), QString::number(f.standardErrors(k), 'g', 4) };
            for (int c = 0; c < 3; ++c)
                m_table->setItem(k, c, new QTableWidgetItem(cells[c]));
        }
        m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    }
    m_exportFigure->setEnabled(m_study.has_value());
    m_exportCsv->setEnabled(m_study.has_value());
    draw();
    emit fitted();
}

void LearningFunctionDialog::draw()
{
    if (!m_study) {
        m_fitted->setSeries({});
        m_byVariable->setSeries({});
        return;
    }
    const engine::LearningFunctionStudy& s = *m_study;
    const QString y = QString::fromStdString(s.y);
    const QColor measured = style::taskColor(0), line = style::taskColor(1);
    const auto series = [](const QString& name, const QColor& color, ChartSeries::Kind kind, LineDash dash) {
        ChartSeries made;
        made.name = name;
        made.color = color;
        made.kind = kind;
        made.style = dash;
        return made;
    };
    // Measured against fitted, with the diagonal a perfect fit would sit on.
    ChartSeries points = series(tr("runs"), measured, ChartSeries::Kind::Scatter, Qt::SolidLine);
    double low = INFINITY, high = -INFINITY;
    for (std::size_t i = 0; i < s.points.points.size(); ++i) {
        const double fittedValue = s.fit.fitted(static_cast<Eigen::Index>(i)), value = s.points.points[i].y;
        points.points << QPointF(fittedValue, value);
        low = std::min({ low, fittedValue, value });
        high = std::max({ high, fittedValue, value });
    }
    ChartSeries diagonal = series(tr("y = fitted"), QColor(90, 90, 90), ChartSeries::Kind::Line, Qt::DashLine);
    diagonal.points = { QPointF(low, low), QPointF(high, high) };
    m_fitted->setChartTitle(tr("Measured against fitted (R² = %1)").arg(s.fit.rSquared, 0, 'f', 3));
    m_fitted->setAxisTitles(tr("fitted"), y);
    m_fitted->setSeries({ points, diagonal });

    // y against one variable, the fitted function over it with the other variables at their mean.
    const std::string variable = m_variable->currentText().toStdString();
    std::map<std::string, double> mean;
    for (const engine::LearningPoint& p : s.points.points)
        for (const auto& [name, value] : p.variables)
            mean[name] += value / static_cast<double>(s.points.points.size());
    ChartSeries byVariable = series(tr("runs"), measured, ChartSeries::Kind::Scatter, Qt::SolidLine);
    double from = INFINITY, to = -INFINITY;
    for (const engine::LearningPoint& p : s.points.points)
        if (const auto it = p.variables.find(variable); it != p.variables.end()) {
            byVariable.points << QPointF(it->second, p.y);
            from = std::min(from, it->second);
            to = std::max(to, it->second);
        }
    ChartSeries curve = series(tr("fitted, others at their mean"), line, ChartSeries::Kind::Line, Qt::SolidLine);
    for (int k = 0; k <= 100 && from < to; ++k) {
        std::map<std::string, double> at = mean;
        at[variable] = from + (to - from) * k / 100.0;
        curve.points << QPointF(at[variable], s.fit.predict(at));
    }
    m_byVariable->setChartTitle(tr("%1 against %2").arg(y, QString::fromStdString(variable)));
    m_byVariable->setAxisTitles(QString::fromStdString(variable), y);
    m_byVariable->setSeries({ byVariable, curve });
}

bool LearningFunctionDialog::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    if (!m_study) {
        *error = tr("Nothing to export: fit first");
        return false;
    }
    return FigureExporter::exportFigure(
        path, options,
        [this](QPainter& painter, const QRectF& figure) {
            // The formula and R^2 under the two charts: the figure says what was fitted.
            const QRectF rect = paintCaptionLine(
                painter, figure, m_status->text().replace('\n', QStringLiteral("; ")), Qt::BottomEdge);
            const double half = rect.width() / 2;
            m_fitted->renderTo(painter, QRectF(rect.left(), rect.top(), half, rect.height()));
            m_byVariable->renderTo(painter, QRectF(rect.left() + half, rect.top(), half, rect.height()));
        },
        error);
}

bool LearningFunctionDialog::exportCsv(const QString& path, QString* error) const
{
    if (!m_study) {
        *error = tr("Nothing to export: fit first");
        return false;
    }
    // The same columns as `mtw-cli learning-fit --csv`.
    QFile file(path);
    const std::string text = engine::learningFunctionCsv(*m_study);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace mtw::gui

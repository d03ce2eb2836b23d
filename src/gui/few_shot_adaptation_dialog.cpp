#include "gui/few_shot_adaptation_dialog.h"

#include "engine/adaptation_store.h"
#include "engine/run_reader.h"
#include "gui/charts/chart_panel.h"
#include "gui/export/csv_table.h"
#include "gui/export/figure_exporter.h"
#include "gui/export_prompts.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace mtw::gui {

FewShotAdaptationDialog::FewShotAdaptationDialog(const QStringList& runDirectories, QWidget* parent)
    : QDialog(parent)
    , m_runs(runDirectories)
    , m_task(new QComboBox)
    , m_shots(new QLineEdit(QStringLiteral("1,2,5,10,20")))
    , m_episodes(new QSpinBox)
    , m_l2(new QDoubleSpinBox)
    , m_normalization(new QComboBox)
    , m_seed(new QSpinBox)
    , m_random(new QCheckBox(tr("Random-init trunk as a floor")))
    , m_run(new QPushButton(tr("Run")))
    , m_exportFigure(new QPushButton(tr("Export figure...")))
    , m_exportCsv(new QPushButton(tr("Export CSV...")))
    , m_status(new QLabel)
    , m_chart(new ChartPanel)
    , m_table(new QTableWidget)
{
    setWindowTitle(tr("Few-shot adaptation of frozen trunks"));
    try {
        if (!m_runs.isEmpty())
            for (const std::string& name : engine::readRun(m_runs.front().toStdString()).taskNames)
                m_task->addItem(QString::fromStdString(name));
    } catch (const std::exception& error) {
        m_status->setText(tr("Cannot read %1: %2").arg(m_runs.front(), QString::fromStdString(error.what())));
    }
    m_task->setToolTip(tr("The task to adapt to: any classification or binary task of the runs' data set"));
    m_shots->setToolTip(tr("Shots per class k, comma-separated: k training samples of every class per episode"));
    m_episodes->setRange(2, 100000);
    m_episodes->setValue(20);
    m_episodes->setToolTip(tr("Seeded episodes per k; the spread is over episodes"));
    m_l2->setDecimals(6);
    m_l2->setRange(1e-6, 1e4);
    m_l2->setValue(1e-2);
    m_l2->setToolTip(tr("λ of the penalty (λ/2)‖W‖² added to the mean cross-entropy (the bias is not penalised)"));
    m_normalization->addItem(tr("unit length (l2)"), QStringLiteral("l2"));
    m_normalization->addItem(tr("none"), QStringLiteral("none"));
    m_seed->setRange(0, 1 << 30);
    m_random->setChecked(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Task"), m_task);
    form->addRow(tr("Shots per class"), m_shots);
    form->addRow(tr("Episodes"), m_episodes);
    form->addRow(tr("L2 penalty λ"), m_l2);
    form->addRow(tr("Features"), m_normalization);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(QString(), m_random);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addStretch();
    buttons->addWidget(m_exportFigure);
    buttons->addWidget(m_exportCsv);

    m_chart->setLogX(true);
    m_chart->setAxisTitles(tr("shots per class k"), tr("balanced test accuracy"));
    m_chart->setMinimumSize(560, 420);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 560, 200 }); // the figure first; the table scrolls

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    resize(900, 760);

    connect(m_run, &QPushButton::clicked, this, [this] { runAdaptation(); });
    connect(m_task, &QComboBox::currentTextChanged, this, [this] { showStored(); });
    connect(m_exportFigure, &QPushButton::clicked, this, [this] {
        promptFigureExport(this, QString(), QStringLiteral("few-shot-adaptation.png"),
            [this](const QString& path, const ExportOptions& options, QString* error) {
                return exportFigure(path, options, error);
            });
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        promptCsvExport(this, QStringLiteral("few-shot-adaptation.csv"),
            [this](const QString& path, QString* error) { return exportCsv(path, error); });
    });
    showStored();
}

FewShotAdaptationDialog::~FewShotAdaptationDialog()
{
    stop();
}

void FewShotAdaptationDialog::stop()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        m_thread->wait(); // the run being adapted finishes its episodes (seconds at most)
        delete m_thread;
        m_thread = nullptr;
    }
}

void FewShotAdaptationDialog::setTask(const QString& task)
{
    m_task->setCurrentText(task);
}

void FewShotAdaptationDialog::setShots(const QString& commaSeparated)
{
    m_shots->setText(commaSeparated);
}

void FewShotAdaptationDialog::setEpisodes(int episodes)
{
    m_episodes->setValue(episodes);
}

void FewShotAdaptationDialog::setL2(double lambda)
{
    m_l2->setValue(lambda);
}

QString FewShotAdaptationDialog::statusText() const
{
    return m_status->text();
}

void FewShotAdaptationDialog::showStored()
{
    if (m_running || m_task->currentText().isEmpty())
        return;
    std::optional<engine::AdaptationResult> stored;
    try {
        std::vector<std::string> runs;
        for (const QString& run : m_runs)
            runs.push_back(run.toStdString());
        stored = engine::storedAdaptation(runs, m_task->currentText().toStdString());
    } catch (const std::exception& error) {
        display(std::nullopt, tr("The stored result cannot be read: %1").arg(QString::fromStdString(error.what())));
        return;
    }
    display(stored,
        stored ? tr("Stored result (the runs' adaptation.json); Run computes it again with the settings above.")
               : tr("No stored result for '%1' in these runs: press Run.").arg(m_task->currentText()));
}

bool FewShotAdaptationDialog::runAdaptation()
{
    engine::AdaptationRequest request;
    for (const QString& run : m_runs)
        request.runs.push_back(run.toStdString());
    request.task = m_task->currentText().toStdString();
    request.options.shots.clear();
    for (const QString& part : m_shots->text().split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int k = part.trimmed().toInt(&ok);
        if (!ok || k < 1) {
            m_status->setText(tr("Shots per class: '%1' is not a positive whole number").arg(part.trimmed()));
            return false;
        }
        request.options.shots.push_back(k);
    }
    if (request.options.shots.empty()) {
        m_status->setText(tr("Shots per class: give at least one value (e.g. 1,2,5,10,20)"));
        return false;
    }
    request.options.episodes = m_episodes->value();
    request.options.head.l2 = m_l2->value();
    request.options.normalization
        = analysis::parseFeatureNormalization(m_normalization->currentData().toString().toStdString());
    request.options.seed = static_cast<std::uint64_t>(m_seed->value());
    request.randomTrunk = m_random->isChecked();
    stop();
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    m_running = true;
    m_run->setEnabled(false);
    m_status->setText(tr("Adapting %1 trunks to '%2'...").arg(m_runs.size()).arg(m_task->currentText()));
    m_thread = QThread::create([this, request, cancel, generation] {
        std::optional<engine::AdaptationResult> result;
        QString error;
        try {
            result = engine::adaptTrunks(request, cancel.get());
            if (!cancel->load())
                engine::storeAdaptation(*result); // "stored in runs", as mtw-cli adapt does
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, generation, result, error] { finish(generation, result, error); }, Qt::QueuedConnection);
    });
    m_thread->start(QThread::LowPriority);
    return true;
}

void FewShotAdaptationDialog::finish(
    quint64 generation, std::optional<engine::AdaptationResult> result, const QString& error)
{
    if (generation != m_generation)
        return;
    m_running = false;
    m_run->setEnabled(true);
    int unconverged = 0;
    if (result)
        for (const engine::AdaptedTrunk& trunk : result->trunks)
            for (const analysis::FewShotPoint& point : trunk.points)
                unconverged += point.unconverged;
    display(error.isEmpty() ? result : std::nullopt,
        !error.isEmpty()
            ? tr("Adaptation failed: %1").arg(error)
            : tr("Adapted and stored in each run's adaptation.json.%1")
                  .arg(unconverged > 0 ? tr(" %1 heads stopped before the gradient tolerance.").arg(unconverged)
                                       : QString()));
    emit computed();
}

void FewShotAdaptationDialog::display(const std::optional<engine::AdaptationResult>& result, const QString& status)
{
    m_result = result;
    m_status->setText(status);
    m_exportFigure->setEnabled(m_result.has_value());
    m_exportCsv->setEnabled(m_result.has_value());
    fillChart();
    fillTable();
}

void FewShotAdaptationDialog::fillChart()
{
    QList<ChartSeries> series;
    if (m_result) {
        for (std::size_t t = 0; t < m_result->trunks.size(); ++t) {
            const engine::AdaptedTrunk& trunk = m_result->trunks[t];
            const bool floor = trunk.kind == engine::TrunkKind::RandomInit;
            const QColor color = floor ? QColor(120, 120, 120) : style::runColor(static_cast<int>(t));
            const QString name = QString::fromStdString(trunk.label)
                + (floor                      ? QString()
                        : trunk.trainedOnTask ? tr(" (trained on it)")
                                              : tr(" (never trained on it)"));
            ChartSeries band;
            band.name = name + tr(" 95% interval");
            band.kind = ChartSeries::Kind::Band;
            QColor shade = color;
            shade.setAlpha(50);
            band.color = shade;
            band.inLegend = false;
            ChartSeries line;
            line.name = name;
            line.color = color;
            line.width = 2.2;
            line.style = floor ? LineDash(Qt::DashLine) : LineDash(Qt::SolidLine);
            ChartSeries markers;
            markers.name = name + tr(" (episodes' mean)");
            markers.kind = ChartSeries::Kind::Scatter;
            markers.color = color;
            markers.markerSize = 7;
            markers.inLegend = false;
            for (const analysis::FewShotPoint& p : trunk.points) {
                band.points.append({ static_cast<double>(p.shots), p.ciHigh });
                band.lower.append({ static_cast<double>(p.shots), p.ciLow });
                line.points.append({ static_cast<double>(p.shots), p.mean });
                markers.points.append({ static_cast<double>(p.shots), p.mean });
            }
            series << band << line << markers;
        }
        ChartSeries chance;
        chance.name = tr("chance (1/%1)").arg(m_result->classes);
        chance.color = Qt::black;
        chance.style = Qt::DotLine;
        chance.width = 1.2;
        const int first = m_result->options.shots.empty() ? 1 : m_result->options.shots.front();
        const int last = m_result->options.shots.empty() ? 1 : m_result->options.shots.back();
        chance.points = { { static_cast<double>(first), 1.0 / m_result->classes },
            { static_cast<double>(last), 1.0 / m_result->classes } };
        series << chance;
        m_chart->setChartTitle(tr("Few-shot adaptation to '%1': new L2 logistic head on frozen trunks "
                                  "(λ = %2, %3 episodes, mean ± 95% interval)")
                                   .arg(QString::fromStdString(m_result->task))
                                   .arg(m_result->options.head.l2)
                                   .arg(m_result->options.episodes));
    } else {
        m_chart->setChartTitle(tr("Few-shot adaptation"));
    }
    m_chart->setSeries(series);
}

void FewShotAdaptationDialog::fillTable()
{
    const QStringList headers { tr("trunk"), tr("trained on the task"), tr("k"), tr("mean balanced accuracy"),
        tr("95% interval"), tr("std") };
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    int rows = 0;
    if (m_result)
        for (const engine::AdaptedTrunk& trunk : m_result->trunks)
            rows += static_cast<int>(trunk.points.size());
    m_table->setRowCount(rows);
    int row = 0;
    if (m_result)
        for (const engine::AdaptedTrunk& trunk : m_result->trunks)
            for (const analysis::FewShotPoint& p : trunk.points) {
                const QStringList cells { QString::fromStdString(trunk.label), QString::fromStdString(trunk.training),
                    QString::number(p.shots), QString::number(p.mean, 'f', 4),
                    QStringLiteral("[%1, %2]").arg(p.ciLow, 0, 'f', 4).arg(p.ciHigh, 0, 'f', 4),
                    QString::number(p.std, 'f', 4) };
                for (int c = 0; c < cells.size(); ++c)
                    m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
                ++row;
            }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

bool FewShotAdaptationDialog::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    if (!m_result) {
        *error = tr("Nothing to export: run the adaptation first");
        return false;
    }
    return FigureExporter::exportFigure(
        path, options, [this](QPainter& painter, const QRectF& rect) { m_chart->renderTo(painter, rect); }, error);
}

bool FewShotAdaptationDialog::exportCsv(const QString& path, QString* error) const
{
    if (!m_result) {
        *error = tr("Nothing to export: run the adaptation first");
        return false;
    }
    // The same columns as `mtw-cli adapt --csv`.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const std::string text = engine::adaptationCsv(*m_result);
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace mtw::gui

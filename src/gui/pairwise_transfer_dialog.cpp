#include "gui/pairwise_transfer_dialog.h"

#include "gui/charts/heatmap_plot.h"
#include "gui/export/figure_exporter.h"
#include "gui/export_prompts.h"
#include "gui/views/chart_csv.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>
#include <stdexcept>

namespace mtw::gui {

namespace {

// "0, 1,2" -> {0, 1, 2}; throws std::invalid_argument naming the bad item.
std::vector<std::uint64_t> parseSeeds(const QString& text)
{
    std::vector<std::uint64_t> seeds;
    for (const QString& item : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qulonglong seed = item.trimmed().toULongLong(&ok);
        if (!ok)
            throw std::invalid_argument(QStringLiteral("seeds: \"%1\" is not a non-negative integer (e.g. 0,1,2)")
                                            .arg(item.trimmed())
                                            .toStdString());
        seeds.push_back(seed);
    }
    return seeds;
}

// The experiment without what does not change a run's results (its thread count): a stored run of
// the same settings trained with another thread count counts as this run.
std::string settingsOf(engine::Experiment experiment)
{
    experiment.threads = 0;
    return engine::experimentToJsonText(experiment);
}

} // namespace

PairwiseTransferDialog::PairwiseTransferDialog(
    engine::Experiment experiment, std::vector<std::string> taskNames, KnownRuns runs, QWidget* parent)
    : QDialog(parent)
    , m_experiment(std::move(experiment))
    , m_taskNames(std::move(taskNames))
    , m_runs(std::move(runs))
    , m_seedsEdit(new QLineEdit(QString::number(m_experiment.seed)))
    , m_quantity(new QComboBox)
    , m_split(new QComboBox)
    , m_text(new QLabel)
    , m_heatmap(new HeatmapPlot)
    , m_queue(new QPushButton(tr("Queue missing runs")))
{
    setWindowTitle(tr("Pairwise transfer: %1").arg(QString::fromStdString(m_experiment.name)));
    m_seedsEdit->setToolTip(tr("Comma-separated seeds; each trains every task alone and every pair once"));
    m_quantity->addItem(tr("Loss: L_i alone \u2212 L_i with j"), static_cast<int>(engine::TransferQuantity::Loss));
    m_quantity->addItem(tr("Metric gain (positive: better)"), static_cast<int>(engine::TransferQuantity::Metric));
    m_quantity->addItem(tr("Relative metric gain (% of alone)"), static_cast<int>(engine::TransferQuantity::Relative));
    m_split->addItem(tr("test"), static_cast<int>(problem::Split::Test));
    m_split->addItem(tr("validation"), static_cast<int>(problem::Split::Validation));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heatmap->setColormap(Colormap::redBlue());
    m_heatmap->setAxisTitles(tr("partner j (trained with)"), tr("task i (measured)"));
    // Twelve tasks still get their labels (a 12 x 12 matrix in a full-screen dialog).
    m_heatmap->setCellValuesVisible(16);
    m_heatmap->setMinimumSize(520, 440);

    auto* form = new QFormLayout;
    form->addRow(tr("Seeds"), m_seedsEdit);
    form->addRow(tr("Gain"), m_quantity);
    form->addRow(tr("Split"), m_split);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_queue, QDialogButtonBox::AcceptRole);
    QPushButton* refreshButton = buttons->addButton(tr("Refresh"), QDialogButtonBox::ActionRole);
    QPushButton* figureButton = buttons->addButton(tr("Export figure..."), QDialogButtonBox::ActionRole);
    QPushButton* csvButton = buttons->addButton(tr("Export CSV..."), QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_text);
    layout->addWidget(m_heatmap, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refreshButton, &QPushButton::clicked, this, &PairwiseTransferDialog::refresh);
    connect(figureButton, &QPushButton::clicked, this, &PairwiseTransferDialog::exportFigureDialog);
    connect(csvButton, &QPushButton::clicked, this, &PairwiseTransferDialog::exportCsvDialog);
    connect(m_seedsEdit, &QLineEdit::editingFinished, this, [this] { update(); });
    connect(m_quantity, &QComboBox::currentIndexChanged, this, [this] { update(); });
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { update(); });
    resize(900, 820);
    update();
}

void PairwiseTransferDialog::setSeeds(const QString& seeds)
{
    m_seedsEdit->setText(seeds);
    update();
}

void PairwiseTransferDialog::setQuantity(engine::TransferQuantity quantity)
{
    m_quantity->setCurrentIndex(m_quantity->findData(static_cast<int>(quantity)));
}

void PairwiseTransferDialog::setSplit(problem::Split split)
{
    m_split->setCurrentIndex(m_split->findData(static_cast<int>(split)));
}

void PairwiseTransferDialog::refresh()
{
    m_runs.forget();
    update();
}

QString PairwiseTransferDialog::message() const
{
    return m_text->text();
}

const engine::RunRecord* PairwiseTransferDialog::storedRun(const engine::Experiment& experiment) const
{
    const engine::RunRecord* run = m_runs.finished(experiment.name);
    return run && settingsOf(run->experiment) == settingsOf(experiment) ? run : nullptr;
}

void PairwiseTransferDialog::update()
{
    m_plan.clear();
    m_transfer = {};
    const auto quantity = static_cast<engine::TransferQuantity>(m_quantity->currentData().toInt());
    const auto split = static_cast<problem::Split>(m_split->currentData().toInt());
    try {
        m_seeds = parseSeeds(m_seedsEdit->text());
        m_plan = engine::pairwiseTransferPlan(m_experiment, m_taskNames, m_seeds);
    } catch (const std::exception& error) {
        m_text->setText(tr("No study: %1").arg(QString::fromStdString(error.what())));
        m_heatmap->clear();
        m_heatmap->setPlaceholderText(m_text->text());
        m_queue->setEnabled(false);
        return;
    }
    std::vector<const engine::RunRecord*> runs;
    int finished = 0;
    for (const engine::PairwiseRun& run : m_plan) {
        runs.push_back(storedRun(run.experiment));
        finished += runs.back() ? 1 : 0;
    }
    m_transfer = engine::pairwiseTransfer(m_plan, runs, m_taskNames, m_seeds, quantity, split);
    const std::size_t missing = missingRuns().size();
    const int active = static_cast<int>(m_plan.size()) - finished - static_cast<int>(missing);

    QStringList names;
    for (const std::string& name : m_taskNames)
        names << QString::fromStdString(name);
    m_heatmap->setMatrix(m_transfer.mean, names, names);
    QStringList texts;
    double scale = 0;
    for (Eigen::Index i = 0; i < m_transfer.mean.rows(); ++i)
        for (Eigen::Index j = 0; j < m_transfer.mean.cols(); ++j) {
            texts << QString::fromStdString(engine::meanStdLabel(m_transfer.mean(i, j), m_transfer.std(i, j)));
            if (std::isfinite(m_transfer.mean(i, j)))
                scale = std::max(scale, std::abs(m_transfer.mean(i, j)));
        }
    m_heatmap->setCellTexts(texts);
    // Symmetric around 0 so that white is "no transfer" whatever the signs present.
    scale = scale > 0 ? scale : 1;
    m_heatmap->setColorRange(-scale, scale);
    const QString unit = quantity == engine::TransferQuantity::Relative ? tr(" %") : QString();
    m_heatmap->setColorBarTitle(tr("gain%1 (blue: helps, red: hurts)").arg(unit));
    m_heatmap->setTitle(tr("Pairwise transfer, %1 gain on %2 (%3 seed(s))")
                            .arg(QString::fromStdString(engine::transferQuantityName(quantity)), m_split->currentText())
                            .arg(m_seeds.size()));
    m_text->setText(tr("%1 runs (%2 alone and %3 pairs per seed): %4 finished, %5 queued or running, %6 "
                       "missing. Cell (i, j): gain of task i trained with j over alone, mean \u00b1 std over "
                       "the seeds present.")
                        .arg(m_plan.size())
                        .arg(m_taskNames.size())
                        .arg(m_taskNames.size() * (m_taskNames.size() - 1) / 2)
                        .arg(finished)
                        .arg(active)
                        .arg(missing));
    m_queue->setEnabled(missing > 0);
    m_queue->setText(missing > 0 ? tr("Queue %1 missing runs").arg(missing) : tr("No run missing"));
}

std::vector<engine::Experiment> PairwiseTransferDialog::missingRuns() const
{
    std::vector<engine::Experiment> missing;
    for (const engine::PairwiseRun& run : m_plan)
        if (!storedRun(run.experiment) && !m_runs.active(run.experiment.name))
            missing.push_back(run.experiment);
    return missing;
}

bool PairwiseTransferDialog::exportFigure(const QString& path, const ExportOptions& options, QString* error) const
{
    if (!m_heatmap->hasData()) {
        *error = tr("nothing to export: %1").arg(m_text->text());
        return false;
    }
    const QString caption = m_text->text();
    return FigureExporter::exportFigure(
        path, options,
        [this, caption](QPainter& painter, const QRectF& rect) {
            m_heatmap->paint(painter, paintCaptionLine(painter, rect, caption, Qt::BottomEdge));
        },
        error);
}

bool PairwiseTransferDialog::exportCsv(const QString& path, QString* error) const
{
    if (m_plan.empty()) {
        *error = tr("nothing to export: %1").arg(m_text->text());
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QByteArray::fromStdString(engine::pairwiseTransferCsv(m_transfer))) < 0) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void PairwiseTransferDialog::exportFigureDialog()
{
    promptFigureExport(this, QString(), QStringLiteral("pairwise-transfer.png"),
        [this](const QString& path, const ExportOptions& options, QString* error) {
            return exportFigure(path, options, error);
        });
}

void PairwiseTransferDialog::exportCsvDialog()
{
    promptCsvExport(this, QStringLiteral("pairwise-transfer.csv"),
        [this](const QString& path, QString* error) { return exportCsv(path, error); });
}

} // namespace mtw::gui

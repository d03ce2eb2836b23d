#include "gui/task_grouping_dialog.h"

#include "engine/single_task_baselines.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <array>
#include <cmath>
#include <set>

namespace mtw::gui {

namespace {

QString number(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 4) : QStringLiteral("\u2013");
}

} // namespace

TaskGroupingDialog::TaskGroupingDialog(Sources sources, QWidget* parent)
    : QDialog(parent)
    , m_sources(std::move(sources))
    , m_budget(new QSpinBox)
    , m_estimator(new QComboBox)
    , m_text(new QLabel)
    , m_table(new QTableWidget)
    , m_train(new QPushButton(tr("Train missing runs")))
{
    setWindowTitle(
        tr("Task groups under a budget: %1").arg(QString::fromStdString(m_sources.allInOne.experiment.name)));
    const int tasks = static_cast<int>(m_sources.allInOne.taskNames.size());
    m_budget->setRange(1, std::max(1, tasks));
    m_budget->setValue(std::min(2, std::max(1, tasks)));
    m_budget->setSuffix(tr(" models"));
    m_budget->setToolTip(tr("How many models may be trained: each group of tasks is one model"));
    m_estimator->addItem(tr("Optimizer-consistent look-ahead (Wang, Pan & Yu 2024)"));
    m_estimator->addItem(tr("TAG look-ahead (Fifty et al. 2021)"));
    m_estimator->setToolTip(tr("Which recorded gains Z(s \u2192 t) to average over the run's measurements; the "
                               "other is used when the run recorded only that one"));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setWordWrap(true);
    const QStringList headers { tr("task"), tr("group"), tr("gain"), tr("metric"), tr("loss, all in one"),
        tr("loss, grouped"), tr("loss, alone"), tr("metric, all in one"), tr("metric, grouped"), tr("metric, alone") };
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* form = new QFormLayout;
    form->addRow(tr("Budget"), m_budget);
    form->addRow(tr("Gains"), m_estimator);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_train, QDialogButtonBox::AcceptRole);
    QPushButton* exportButton = buttons->addButton(tr("Export CSV..."), QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_text);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path
            = QFileDialog::getSaveFileName(this, tr("Export the comparison"), QString(), tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !writeCsv(path))
            m_text->setText(m_text->text() + tr("\nCannot write %1").arg(path));
    });
    connect(m_budget, &QSpinBox::valueChanged, this, [this] { update(); });
    connect(m_estimator, &QComboBox::currentIndexChanged, this, [this] { update(); });
    resize(900, 420);
    update();
}

void TaskGroupingDialog::setBudget(int models)
{
    m_budget->setValue(models);
}

int TaskGroupingDialog::budget() const
{
    return m_budget->value();
}

QString TaskGroupingDialog::message() const
{
    return m_text->text();
}

const engine::RunRecord* TaskGroupingDialog::finishedRun(const std::string& name) const
{
    return m_sources.runs.finished(name);
}

void TaskGroupingDialog::update()
{
    const std::vector<std::string>& names = m_sources.allInOne.taskNames;
    m_grouping = {};
    m_rows.clear();
    m_table->setRowCount(0);
    try {
        m_gains = engine::meanLookaheadGains(m_sources.factors, names,
            m_estimator->currentIndex() == 0 ? engine::GainEstimator::Optimizer : engine::GainEstimator::Lookahead);
        m_grouping = analysis::chooseTaskGroups(m_gains->gains, budget());
    } catch (const std::exception& error) {
        m_text->setText(tr("No groups: %1").arg(QString::fromStdString(error.what())));
        m_train->setEnabled(false);
        return;
    }
    QStringList groups;
    for (const std::vector<int>& group : m_grouping.groups)
        groups << QString::fromStdString(engine::groupLabel(group, names));
    m_text->setText(tr("Mean %1 gains of %2 measurements; %3 over %4 %5.\nGroups: %6   total gain %7")
                        .arg(QString::fromStdString(engine::gainEstimatorName(m_gains->estimator)))
                        .arg(m_gains->measurements)
                        .arg(m_grouping.exact ? tr("exact") : tr("heuristic"))
                        .arg(m_grouping.partitionsScored)
                        .arg(m_grouping.exact ? tr("partitions") : tr("candidates"))
                        .arg(groups.join(QStringLiteral(", ")))
                        .arg(number(m_grouping.total)));
    std::vector<const engine::RunRecord*> groupRuns, singleRuns;
    for (const std::vector<int>& group : m_grouping.groups)
        groupRuns.push_back(finishedRun(engine::groupExperiment(m_sources.allInOne.experiment, group, names).name));
    for (std::size_t t = 0; t < names.size(); ++t)
        singleRuns.push_back(finishedRun(engine::singleTaskExperiment(
            m_sources.allInOne.experiment, static_cast<int>(t), static_cast<int>(names.size()), names[t])
                                             .name));
    m_rows = engine::compareGroupRuns(m_sources.allInOne, m_grouping, groupRuns, singleRuns, problem::Split::Test);
    // One row per task, then their means (a dash when a run is missing).
    m_table->setRowCount(static_cast<int>(m_rows.size()) + 1);
    const auto fillResults = [this](int row, const std::array<double, 6>& results) {
        for (std::size_t k = 0; k < results.size(); ++k)
            m_table->setItem(row, 4 + static_cast<int>(k), new QTableWidgetItem(number(results[k])));
    };
    for (std::size_t t = 0; t < m_rows.size(); ++t) {
        const engine::GroupComparisonRow& row = m_rows[t];
        const int r = static_cast<int>(t);
        m_table->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(row.task)));
        m_table->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(row.group)));
        m_table->setItem(r, 2, new QTableWidgetItem(number(row.gain)));
        m_table->setItem(r, 3, new QTableWidgetItem(QString::fromStdString(row.metric)));
        fillResults(r, row.results());
    }
    const int meanRow = static_cast<int>(m_rows.size());
    m_table->setItem(meanRow, 0, new QTableWidgetItem(tr("mean")));
    m_table->setItem(meanRow, 2, new QTableWidgetItem(number(m_grouping.total / static_cast<double>(m_rows.size()))));
    fillResults(meanRow, engine::meanResults(m_rows));
    const std::size_t missing = missingRuns().size();
    m_train->setEnabled(missing > 0);
    m_train->setText(missing > 0 ? tr("Train %1 missing runs").arg(missing) : tr("All runs trained"));
}

std::vector<engine::Experiment> TaskGroupingDialog::missingRuns() const
{
    std::vector<engine::Experiment> runs;
    std::set<std::string> seen;
    const std::vector<std::string>& names = m_sources.allInOne.taskNames;
    const auto want = [&](engine::Experiment experiment) {
        if (!seen.insert(experiment.name).second || finishedRun(experiment.name))
            return;
        if (!m_sources.runs.active(experiment.name))
            runs.push_back(std::move(experiment));
    };
    for (const std::vector<int>& group : m_grouping.groups)
        want(engine::groupExperiment(m_sources.allInOne.experiment, group, names));
    for (std::size_t t = 0; t < names.size() && !m_grouping.groups.empty(); ++t)
        want(engine::singleTaskExperiment(
            m_sources.allInOne.experiment, static_cast<int>(t), static_cast<int>(names.size()), names[t]));
    return runs;
}

bool TaskGroupingDialog::writeCsv(const QString& path) const
{
    QFile file(path);
    const QByteArray text = QByteArray::fromStdString(engine::comparisonCsv(m_rows));
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

} // namespace mtw::gui

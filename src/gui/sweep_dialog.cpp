#include "gui/sweep_dialog.h"

#include "engine/sweep_plan.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace mtw::gui {

namespace {

QWidget* withBrowse(QLineEdit* edit, QPushButton* browse)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

QString valueText(const nlohmann::json& value)
{
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

} // namespace

SweepDialog::SweepDialog(QWidget* parent)
    : QDialog(parent)
    , m_file(new QLineEdit)
    , m_directory(new QLineEdit)
    , m_jobs(new QSpinBox)
    , m_message(new QLabel)
    , m_table(new QTableWidget)
{
    setWindowTitle(tr("Run sweep"));
    auto* browseFile = new QPushButton(tr("Browse..."));
    auto* browseDirectory = new QPushButton(tr("Browse..."));
    const int cores = std::max(1, QThread::idealThreadCount());
    m_jobs->setRange(1, 4 * cores);
    m_jobs->setValue(cores);
    m_jobs->setToolTip(tr("Runs at once; each gets cores / runs threads (%1 cores here)").arg(cores));
    m_file->setPlaceholderText(tr("an experiment file with a \"sweep\" block"));
    m_directory->setPlaceholderText(tr("a new or empty folder, or the folder of this sweep to continue it"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Sweep file:"), withBrowse(m_file, browseFile));
    form->addRow(tr("Sweep folder:"), withBrowse(m_directory, browseDirectory));
    form->addRow(tr("Runs at once:"), m_jobs);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_start = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 520);

    connect(browseFile, &QPushButton::clicked, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Sweep file"), m_file->text(), tr("Experiment files (*.json)"));
        if (!path.isEmpty())
            setFile(path);
    });
    connect(browseDirectory, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getExistingDirectory(this, tr("Sweep folder"), m_directory->text());
        if (!path.isEmpty())
            setDirectory(path);
    });
    connect(m_file, &QLineEdit::editingFinished, this, &SweepDialog::plan);
    connect(m_directory, &QLineEdit::textChanged, this, &SweepDialog::updateStart);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateStart();
}

void SweepDialog::setFile(const QString& path)
{
    m_file->setText(path);
    plan();
}

void SweepDialog::setDirectory(const QString& path)
{
    m_directory->setText(path);
}

QString SweepDialog::file() const
{
    return m_file->text().trimmed();
}
QString SweepDialog::directory() const
{
    return m_directory->text().trimmed();
}
int SweepDialog::jobs() const
{
    return m_jobs->value();
}

void SweepDialog::plan()
{
    m_count = 0;
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    if (file().isEmpty()) {
        m_message->clear();
        updateStart();
        return;
    }
    try {
        const engine::SweepPlan plan = engine::loadSweepPlan(file().toStdString());
        QStringList headers { tr("index"), tr("name") };
        for (const engine::SweepAxis& axis : plan.axes)
            headers << QString::fromStdString(axis.key);
        m_table->setColumnCount(static_cast<int>(headers.size()));
        m_table->setHorizontalHeaderLabels(headers);
        m_table->setRowCount(static_cast<int>(plan.combinations.size()));
        for (const engine::SweepCombination& c : plan.combinations) {
            const int row = static_cast<int>(c.index);
            m_table->setItem(row, 0, new QTableWidgetItem(QString::number(c.index)));
            m_table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(c.name)));
            for (std::size_t a = 0; a < c.values.size(); ++a)
                m_table->setItem(row, static_cast<int>(a) + 2, new QTableWidgetItem(valueText(c.values[a].second)));
        }
        m_table->resizeColumnsToContents();
        m_count = static_cast<int>(plan.combinations.size());
        m_message->setText(tr("%n run(s) of %1, all valid.", nullptr, m_count).arg(QString::fromStdString(plan.name)));
        if (directory().isEmpty())
            m_directory->setText(
                QFileInfo(file()).absolutePath() + "/" + QFileInfo(file()).completeBaseName() + "-sweep");
    } catch (const std::exception& error) {
        m_message->setText(QString::fromStdString(error.what()));
    }
    updateStart();
}

void SweepDialog::updateStart()
{
    m_start->setEnabled(m_count > 0 && !directory().isEmpty());
}

} // namespace mtw::gui

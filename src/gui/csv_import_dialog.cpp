#include "gui/csv_import_dialog.h"

#include "data/csv_importer.h"
#include "gui/csv_import_check.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <set>

namespace mtw::gui {

namespace {
constexpr int guessRows = 200; // rows looked at to guess a target's kind

// A column whose values are text, or a few distinct integers, is most likely a class label.
data::TargetKind guessKind(const std::vector<data::CsvImporter::Record>& records, std::size_t column)
{
    std::set<QString> distinct;
    bool integers = true;
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (column >= records[r].fields.size())
            continue;
        const QString cell = QString::fromStdString(records[r].fields[column]).trimmed();
        if (cell.isEmpty())
            continue;
        bool ok = false;
        const double x = QLocale::c().toDouble(cell, &ok);
        if (!ok)
            return data::TargetKind::Classification;
        integers = integers && x == static_cast<double>(static_cast<long long>(x));
        distinct.insert(cell);
    }
    return integers && !distinct.empty() && distinct.size() <= 10 ? data::TargetKind::Classification
                                                                  : data::TargetKind::Regression;
}
} // namespace

CsvImportDialog::CsvImportDialog(QWidget* parent)
    : QDialog(parent)
    , m_path(new QLineEdit)
    , m_preview(new QTableView)
    , m_previewModel(new QStandardItemModel(this))
    , m_columns(new QTableWidget(0, 4))
    , m_skip(new QCheckBox(tr("Skip bad rows (missing or non-numeric cells, ragged rows) and report how many")))
    , m_unlabelled(new QCheckBox(tr("An empty target cell means unlabelled for that task (partial supervision)")))
    , m_status(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setWindowTitle(tr("Import CSV"));
    m_path->setReadOnly(true);
    m_path->setPlaceholderText(tr("Choose a CSV file (header row, comma-separated)"));
    auto* browseButton = new QPushButton(tr("Browse..."));
    m_preview->setModel(m_previewModel);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setToolTip(
        tr("The header and the first %1 rows; row labels are the file's line numbers").arg(previewRows));
    m_columns->setHorizontalHeaderLabels({ tr("Column"), tr("Feature"), tr("Target"), tr("Target kind") });
    m_columns->verticalHeader()->setVisible(false);
    m_columns->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_columns->setColumnWidth(KindColumn, 170); // "classification" in full
    m_columns->setSelectionMode(QAbstractItemView::NoSelection);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(48);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use as problem"));

    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(new QLabel(tr("File")));
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browseButton);
    auto* previewBox = new QWidget;
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(new QLabel(tr("Preview (first %1 rows)").arg(previewRows)));
    previewLayout->addWidget(m_preview);
    auto* columnsBox = new QWidget;
    auto* columnsLayout = new QVBoxLayout(columnsBox);
    columnsLayout->setContentsMargins(0, 0, 0, 0);
    columnsLayout->addWidget(new QLabel(tr("Columns: tick the features and the targets (one task per target)")));
    columnsLayout->addWidget(m_columns);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(previewBox);
    splitter->addWidget(columnsBox);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_skip);
    layout->addWidget(m_unlabelled);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(860, 700);

    connect(browseButton, &QPushButton::clicked, this, &CsvImportDialog::browse);
    connect(m_skip, &QCheckBox::toggled, this, &CsvImportDialog::revalidate);
    connect(m_unlabelled, &QCheckBox::toggled, this, &CsvImportDialog::revalidate);
    connect(m_columns, &QTableWidget::cellChanged, this, &CsvImportDialog::onItemChanged);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    revalidate();
}

QPushButton* CsvImportDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void CsvImportDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import CSV"), QFileInfo(m_path->text()).absolutePath(), tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool CsvImportDialog::openFile(const QString& path)
{
    m_path->setText(path);
    m_text.clear();
    m_loadError.clear();
    m_header.clear();
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        m_text = file.readAll().toStdString();
    else
        m_loadError = QStringLiteral("%1: cannot open file (%2)").arg(path, file.errorString());
    fillPreview();
    return m_loadError.isEmpty();
}

void CsvImportDialog::fillPreview()
{
    m_previewModel->clear();
    std::vector<data::CsvImporter::Record> records;
    if (m_loadError.isEmpty()) {
        try {
            records = data::CsvImporter::parseRecords(m_text, QFileInfo(m_path->text()).fileName().toStdString());
        } catch (const std::exception& error) {
            m_loadError = QString::fromStdString(error.what()); // unterminated quote: nothing to preview
        }
    }
    if (records.size() > static_cast<std::size_t>(guessRows) + 1)
        records.resize(static_cast<std::size_t>(guessRows) + 1);
    if (!records.empty())
        for (const std::string& name : records.front().fields)
            m_header << QString::fromStdString(name).trimmed();
    QStringList headerLabels = m_header;
    QStringList lines;
    for (std::size_t r = 1; r < records.size() && r <= static_cast<std::size_t>(previewRows); ++r) {
        QList<QStandardItem*> row;
        for (const std::string& field : records[r].fields)
            row << new QStandardItem(QString::fromStdString(field));
        while (headerLabels.size() < row.size())
            headerLabels << tr("(extra)"); // a ragged row's surplus fields stay visible
        m_previewModel->appendRow(row);
        lines << QString::number(records[r].line);
    }
    m_previewModel->setHorizontalHeaderLabels(headerLabels);
    m_previewModel->setVerticalHeaderLabels(lines);

    m_updating = true;
    m_columns->setRowCount(0);
    for (int c = 0; c < m_header.size(); ++c)
        addColumnRow(m_header[c], true, true, false, guessKind(records, static_cast<std::size_t>(c)));
    m_updating = false;
    revalidate();
}

void CsvImportDialog::addColumnRow(const QString& name, bool inFile, bool feature, bool target, data::TargetKind kind)
{
    const bool wasUpdating = m_updating;
    m_updating = true; // the row is checked only once all its cells exist
    const int row = m_columns->rowCount();
    m_columns->insertRow(row);
    auto* nameItem = new QTableWidgetItem(inFile ? name : tr("%1 (not in the file)").arg(name));
    nameItem->setData(Qt::UserRole, name);
    nameItem->setFlags(Qt::ItemIsEnabled);
    if (!inFile)
        nameItem->setForeground(QColor(198, 40, 40));
    m_columns->setItem(row, NameColumn, nameItem);
    for (int c : { FeatureColumn, TargetColumn }) {
        auto* item = new QTableWidgetItem;
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState((c == FeatureColumn ? feature : target) ? Qt::Checked : Qt::Unchecked);
        m_columns->setItem(row, c, item);
    }
    auto* kindBox = new QComboBox;
    kindBox->addItem(kindName(data::TargetKind::Regression), static_cast<int>(data::TargetKind::Regression));
    kindBox->addItem(kindName(data::TargetKind::Classification), static_cast<int>(data::TargetKind::Classification));
    kindBox->setCurrentIndex(kind == data::TargetKind::Classification ? 1 : 0);
    kindBox->setEnabled(target);
    m_columns->setCellWidget(row, KindColumn, kindBox);
    connect(kindBox, &QComboBox::currentIndexChanged, this, &CsvImportDialog::revalidate);
    m_updating = wasUpdating;
}

int CsvImportDialog::rowOf(const QString& column) const
{
    for (int r = 0; r < m_columns->rowCount(); ++r)
        if (m_columns->item(r, NameColumn)->data(Qt::UserRole).toString() == column)
            return r;
    return -1;
}

QStringList CsvImportDialog::columns() const
{
    QStringList names;
    for (int r = 0; r < m_columns->rowCount(); ++r)
        names << m_columns->item(r, NameColumn)->data(Qt::UserRole).toString();
    return names;
}

data::TargetKind CsvImportDialog::kindAt(int row) const
{
    const auto* box = qobject_cast<QComboBox*>(m_columns->cellWidget(row, KindColumn));
    return box && box->currentIndex() == 1 ? data::TargetKind::Classification : data::TargetKind::Regression;
}

void CsvImportDialog::onItemChanged(int row, int column)
{
    if (m_updating || (column != FeatureColumn && column != TargetColumn))
        return;
    m_updating = true;
    // A column is a feature or a target, never both (it would leak the target into the input).
    const int other = column == FeatureColumn ? TargetColumn : FeatureColumn;
    if (m_columns->item(row, column)->checkState() == Qt::Checked)
        m_columns->item(row, other)->setCheckState(Qt::Unchecked);
    if (auto* box = m_columns->cellWidget(row, KindColumn))
        box->setEnabled(m_columns->item(row, TargetColumn)->checkState() == Qt::Checked);
    m_updating = false;
    revalidate();
}

void CsvImportDialog::setFeature(const QString& column, bool feature)
{
    const int row = rowOf(column);
    if (row >= 0)
        m_columns->item(row, FeatureColumn)->setCheckState(feature ? Qt::Checked : Qt::Unchecked);
}

void CsvImportDialog::setTarget(const QString& column, bool target, data::TargetKind kind)
{
    const int row = rowOf(column);
    if (row < 0)
        return;
    if (auto* box = qobject_cast<QComboBox*>(m_columns->cellWidget(row, KindColumn)))
        box->setCurrentIndex(kind == data::TargetKind::Classification ? 1 : 0);
    m_columns->item(row, TargetColumn)->setCheckState(target ? Qt::Checked : Qt::Unchecked);
}

void CsvImportDialog::setSkipBadRows(bool skip)
{
    m_skip->setChecked(skip);
}

void CsvImportDialog::revalidate()
{
    if (m_updating)
        return;
    CsvImportCheck check;
    std::map<std::string, core::ParameterValue> params = parameters();
    const QString source = QFileInfo(m_path->text()).fileName();
    if (m_path->text().isEmpty()) {
        check.error = tr("Choose a CSV file.");
    } else if (!m_loadError.isEmpty()) {
        check.error = m_loadError;
    } else if (!m_header.isEmpty() && std::get<std::string>(params.at("features")).empty()) {
        // The importer reads "no features" as "every non-target column": say so rather than guess.
        check.error = tr("Tick at least one feature column.");
    } else if (const QString name = commaColumn(); !name.isEmpty()) {
        check.error = tr(
            "Column '%1' has a comma in its name, which the problem's column lists cannot hold; rename it in the file.")
                          .arg(name);
    } else {
        params.insert(m_extra.begin(), m_extra.end()); // the split the run will use
        check = checkCsvImport(m_text, source.toStdString(), params);
    }
    m_valid = check.valid;
    m_error = check.error;
    m_skipped = check.skipped;
    m_imported = check.imported;
    for (int r = 0; r < m_previewModel->rowCount(); ++r)
        for (int c = 0; c < m_previewModel->columnCount(); ++c)
            if (QStandardItem* item = m_previewModel->item(r, c))
                item->setBackground(QBrush());
    if (m_valid) {
        m_status->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        m_status->setText(check.summary);
    } else {
        m_status->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
        m_status->setText(QStringLiteral("\u2717 ") + m_error);
        // "file.csv:17:3 ..." or "file.csv:17: ...": mark the cell (or row) when it is in the preview.
        const QRegularExpression where(
            QStringLiteral("^%1:(\\d+)(?::(\\d+))?").arg(QRegularExpression::escape(source)));
        const QRegularExpressionMatch match = where.match(m_error);
        if (!source.isEmpty() && match.hasMatch())
            markCell(match.captured(1).toLongLong(), match.captured(2).isEmpty() ? 0 : match.captured(2).toInt());
    }
    okButton()->setEnabled(m_valid);
}

void CsvImportDialog::markCell(long long line, int column)
{
    for (int r = 0; r < m_previewModel->rowCount(); ++r) {
        const QStandardItem* header = m_previewModel->verticalHeaderItem(r);
        if (!header || header->text().toLongLong() != line)
            continue;
        for (int c = 0; c < m_previewModel->columnCount(); ++c)
            if (QStandardItem* item = m_previewModel->item(r, c))
                item->setBackground(column == 0 || c == column - 1 ? QColor(255, 205, 210) : QColor(255, 235, 238));
        m_preview->scrollTo(m_previewModel->index(r, std::max(0, column - 1)));
        return;
    }
}

QString CsvImportDialog::kindName(data::TargetKind kind)
{
    return kind == data::TargetKind::Classification ? QStringLiteral("classification") : QStringLiteral("regression");
}

} // namespace mtw::gui

#include "gui/compare_dialog.h"

#include "mtl/method_registry.h"
#include "ui_compare_dialog.h"

namespace mtw::gui {

CompareDialog::CompareDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::CompareDialog>())
{
    m_ui->setupUi(this);
    for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all()) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  (%2)").arg(QString::fromStdString(spec->displayName), QString::fromStdString(spec->id)),
            m_ui->methodList);
        item->setData(Qt::UserRole, QString::fromStdString(spec->id));
        item->setToolTip(QString::fromStdString(spec->summary + "\n" + spec->paper));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    connect(m_ui->selectAllButton, &QPushButton::clicked, this, [this] { setAll(true); });
    connect(m_ui->selectNoneButton, &QPushButton::clicked, this, [this] { setAll(false); });
}

CompareDialog::~CompareDialog() = default;

void CompareDialog::setAll(bool checked)
{
    for (int i = 0; i < m_ui->methodList->count(); ++i)
        m_ui->methodList->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void CompareDialog::setCheckedMethods(const QStringList& ids)
{
    for (int i = 0; i < m_ui->methodList->count(); ++i) {
        QListWidgetItem* item = m_ui->methodList->item(i);
        item->setCheckState(ids.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList CompareDialog::checkedMethods() const
{
    QStringList ids;
    for (int i = 0; i < m_ui->methodList->count(); ++i)
        if (m_ui->methodList->item(i)->checkState() == Qt::Checked)
            ids << m_ui->methodList->item(i)->data(Qt::UserRole).toString();
    return ids;
}

void CompareDialog::setMaxParallel(int runs)
{
    m_ui->parallelSpin->setValue(runs);
}

int CompareDialog::maxParallel() const
{
    return m_ui->parallelSpin->value();
}

} // namespace mtw::gui

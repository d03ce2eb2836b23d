// CsvImportDialog's parameters: the problem parameters of the csv problem it reads back from an
// experiment and writes into the experiment form (the dialog's widgets are in csv_import_dialog.cpp).
#include "data/csv_importer.h"
#include "gui/csv_import_dialog.h"
#include "gui/experiment_form.h"
#include "gui/parameter_form.h"
#include "gui/parameter_text.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTableWidget>

namespace mtw::gui {

void CsvImportDialog::setParameters(const std::map<std::string, core::ParameterValue>& params)
{
    auto text = [&params](const char* key) {
        const auto it = params.find(key);
        const std::string* s = it == params.end() ? nullptr : std::get_if<std::string>(&it->second);
        return s ? *s : std::string();
    };
    m_extra.clear();
    for (const char* key : { "standardize", "validation_fraction", "test_fraction", "data_seed" })
        if (params.count(key))
            m_extra[key] = params.at(key);
    if (!text("path").empty())
        openFile(QString::fromStdString(text("path")));
    std::vector<std::string> features;
    std::vector<data::CsvTarget> targets;
    try {
        features = data::CsvImporter::parseColumns(text("features"));
        targets = data::CsvImporter::parseTargets(text("targets"));
    } catch (const std::exception&) {
        targets.clear(); // a malformed list is replaced by the user's choice here
    }
    m_updating = true;
    for (int r = 0; r < m_columns->rowCount(); ++r)
        m_columns->item(r, FeatureColumn)->setCheckState(features.empty() ? Qt::Checked : Qt::Unchecked);
    auto ensure = [this](const QString& name) {
        if (rowOf(name) < 0)
            addColumnRow(name, false, false, false, data::TargetKind::Regression);
    };
    for (const std::string& f : features) {
        ensure(QString::fromStdString(f));
        m_columns->item(rowOf(QString::fromStdString(f)), FeatureColumn)->setCheckState(Qt::Checked);
    }
    m_updating = false;
    for (const data::CsvTarget& t : targets) {
        ensure(QString::fromStdString(t.column));
        setTarget(QString::fromStdString(t.column), true, t.kind); // unticks it as a feature
    }
    const auto skip = params.find("skip_bad_rows");
    if (skip != params.end() && std::holds_alternative<bool>(skip->second))
        m_skip->setChecked(std::get<bool>(skip->second));
    const auto unlabelled = params.find("unlabelled_targets");
    if (unlabelled != params.end() && std::holds_alternative<bool>(unlabelled->second))
        m_unlabelled->setChecked(std::get<bool>(unlabelled->second));
    revalidate();
}

std::map<std::string, core::ParameterValue> CsvImportDialog::parameters() const
{
    QStringList features, targets;
    for (int r = 0; r < m_columns->rowCount(); ++r) {
        const QString name = m_columns->item(r, NameColumn)->data(Qt::UserRole).toString();
        if (m_columns->item(r, FeatureColumn)->checkState() == Qt::Checked)
            features << name;
        if (m_columns->item(r, TargetColumn)->checkState() == Qt::Checked)
            targets << name + QLatin1Char(':') + kindName(kindAt(r));
    }
    return { { "path", m_path->text().toStdString() },
        { "features", features.join(QStringLiteral(", ")).toStdString() },
        { "targets", targets.join(QStringLiteral(", ")).toStdString() }, { "skip_bad_rows", m_skip->isChecked() },
        { "unlabelled_targets", m_unlabelled->isChecked() } };
}

QString CsvImportDialog::commaColumn() const
{
    for (int r = 0; r < m_columns->rowCount(); ++r) {
        const QString name = m_columns->item(r, NameColumn)->data(Qt::UserRole).toString();
        const bool used = m_columns->item(r, FeatureColumn)->checkState() == Qt::Checked
            || m_columns->item(r, TargetColumn)->checkState() == Qt::Checked;
        if (used && name.contains(QLatin1Char(',')))
            return name;
    }
    return {};
}

void CsvImportDialog::applyTo(ExperimentForm& form) const
{
    form.selectProblem(QStringLiteral("csv"));
    // A CSV row is a feature vector, not an image: the CNN trunk is refused for it.
    if (const auto model = form.modelForm()->values(); model.count("architecture")
        && std::get_if<std::string>(&model.at("architecture"))
        && std::get<std::string>(model.at("architecture")) == "cnn")
        form.modelForm()->setText(QStringLiteral("architecture"), QStringLiteral("mlp"));
    for (const auto& [name, value] : parameters())
        form.problemForm()->setText(QString::fromStdString(name), parameterToText(value));
}

} // namespace mtw::gui

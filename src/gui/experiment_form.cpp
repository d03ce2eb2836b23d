#include "gui/experiment_form.h"

#include "engine/experiment_error.h"
#include "engine/json_parameters.h"
#include "engine/training_mode_registry.h"
#include "gui/experiment_sections.h"
#include "gui/parameter_form.h"
#include "mtl/method_registry.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"
#include "ui_experiment_form.h"

#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>

namespace mtw::gui {

using nlohmann::json;

namespace {
// Where a section's block lives in the experiment document: "diagnostics.factors" is nested.
json::json_pointer sectionPointer(std::string keyPath)
{
    for (char& c : keyPath)
        if (c == '.')
            c = '/';
    return json::json_pointer("/" + keyPath);
}
} // namespace

ExperimentForm::ExperimentForm(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ExperimentForm>())
    , m_problemForm(new ParameterForm(this))
    , m_modelForm(new ParameterForm(this))
    , m_methodForm(new ParameterForm(this))
    , m_modeForm(new ParameterForm(this))
{
    m_ui->setupUi(this);
    m_ui->problemParamsLayout->addWidget(m_problemForm);
    m_ui->modelParamsLayout->addWidget(m_modelForm);
    m_ui->methodParamsLayout->addWidget(m_methodForm);
    m_modelForm->setSchema(problem::modelSchema(), QStringLiteral("model"));
    buildModeSection();
    for (const ExperimentSection& section : experimentSections()) {
        auto* group = new QGroupBox(section.title, this);
        group->setObjectName(section.key + QStringLiteral("Group"));
        auto* layout = new QVBoxLayout(group);
        auto* form = new ParameterForm(group);
        form->setObjectName(section.key);
        form->setSchema(section.schema, section.key);
        layout->addWidget(form);
        m_ui->sectionsLayout->addWidget(group);
        m_sections << form;
    }
    fillCombos();
    for (ParameterForm* form : allForms())
        connect(form, &ParameterForm::edited, this, [this] {
            if (!m_loading) {
                revalidate();
                Q_EMIT edited();
            }
        });
    connect(m_ui->nameEdit, &QLineEdit::textEdited, this, [this] {
        revalidate();
        Q_EMIT edited();
    });
    connect(m_ui->problemCombo, &QComboBox::currentIndexChanged, this, [this] {
        onProblemChanged();
        Q_EMIT edited();
    });
    connect(m_ui->methodCombo, &QComboBox::currentIndexChanged, this, [this] {
        onMethodChanged();
        Q_EMIT edited();
    });
    setExperiment(engine::Experiment {});
}

ExperimentForm::~ExperimentForm() = default;

QComboBox* ExperimentForm::problemCombo() const
{
    return m_ui->problemCombo;
}
QComboBox* ExperimentForm::methodCombo() const
{
    return m_ui->methodCombo;
}
QLineEdit* ExperimentForm::nameEdit() const
{
    return m_ui->nameEdit;
}
QLabel* ExperimentForm::validationLabel() const
{
    return m_ui->validationLabel;
}

ParameterForm* ExperimentForm::sectionForm(const QString& key) const
{
    for (ParameterForm* form : m_sections)
        if (form->keyPath() == key)
            return form;
    return nullptr;
}

QList<ParameterForm*> ExperimentForm::allForms() const
{
    return QList<ParameterForm*> { m_problemForm, m_modelForm, m_methodForm, m_modeForm } + m_sections;
}

void ExperimentForm::fillCombos()
{
    const QSignalBlocker blockProblems(m_ui->problemCombo);
    const QSignalBlocker blockMethods(m_ui->methodCombo);
    for (const problem::ProblemSpec* spec : problem::ProblemRegistry::instance().all()) {
        m_ui->problemCombo->addItem(QString::fromStdString(spec->displayName), QString::fromStdString(spec->id));
        m_ui->problemCombo->setItemData(
            m_ui->problemCombo->count() - 1, QString::fromStdString(spec->summary), Qt::ToolTipRole);
    }
    std::optional<mtl::MethodFamily> family;
    for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all()) {
        if (family && *family != spec->family)
            m_ui->methodCombo->insertSeparator(m_ui->methodCombo->count());
        family = spec->family;
        m_ui->methodCombo->addItem(
            QStringLiteral("%1  (%2)")
                .arg(QString::fromStdString(spec->displayName), QString::fromStdString(mtl::familyName(spec->family))),
            QString::fromStdString(spec->id));
        m_ui->methodCombo->setItemData(m_ui->methodCombo->count() - 1,
            QString::fromStdString(spec->summary + "\n" + spec->paper), Qt::ToolTipRole);
    }
}

void ExperimentForm::selectProblem(const QString& id)
{
    const int index = m_ui->problemCombo->findData(id);
    if (index >= 0)
        m_ui->problemCombo->setCurrentIndex(index);
}

void ExperimentForm::selectMethod(const QString& id)
{
    const int index = m_ui->methodCombo->findData(id);
    if (index >= 0)
        m_ui->methodCombo->setCurrentIndex(index);
}

void ExperimentForm::onProblemChanged()
{
    const std::string id = m_ui->problemCombo->currentData().toString().toStdString();
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(id);
    if (!spec)
        return;
    const bool wasLoading = m_loading;
    m_loading = true;
    m_problemForm->setSchema(spec->parameters, QStringLiteral("problem.params"));
    m_ui->problemSummary->setText(QString::fromStdString(spec->summary));
    m_ui->modelGroup->setVisible(spec->usesModel);
    m_loading = wasLoading;
    if (!m_loading)
        revalidate();
}

void ExperimentForm::onMethodChanged()
{
    const std::string id = m_ui->methodCombo->currentData().toString().toStdString();
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(id);
    if (!spec)
        return;
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString paper = QString::fromStdString(spec->paper);
    m_methodForm->setSchema(spec->parameters, QStringLiteral("method.params"), paper);
    m_ui->methodInfo->setText(QStringLiteral("%1<br><i>%2</i>")
                                  .arg(QString::fromStdString(spec->summary).toHtmlEscaped(), paper.toHtmlEscaped()));
    m_ui->methodInfo->setToolTip(paper);
    m_loading = wasLoading;
    if (!m_loading)
        revalidate();
}

// The training mode (engine/training_mode_registry.h): how a step uses the method -- one joint
// step, alternating / selective group steps, or per-task SAM. Its own box above the optimizer.
void ExperimentForm::buildModeSection()
{
    auto* group = new QGroupBox(tr("Training mode"), this);
    group->setObjectName(QStringLiteral("modeGroup"));
    auto* layout = new QVBoxLayout(group);
    m_modeCombo = new QComboBox(group);
    m_modeCombo->setObjectName(QStringLiteral("modeCombo"));
    for (const engine::TrainingModeSpec& mode : engine::trainingModes()) {
        m_modeCombo->addItem(QString::fromStdString(mode.displayName), QString::fromStdString(mode.id));
        m_modeCombo->setItemData(
            m_modeCombo->count() - 1, QString::fromStdString(mode.summary + "\n" + mode.paper), Qt::ToolTipRole);
    }
    m_modeInfo = new QLabel(group);
    m_modeInfo->setWordWrap(true);
    layout->addWidget(m_modeCombo);
    layout->addWidget(m_modeInfo);
    layout->addWidget(m_modeForm);
    m_ui->sectionsLayout->insertWidget(0, group);
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, [this] {
        onModeChanged();
        Q_EMIT edited();
    });
}

void ExperimentForm::selectMode(const QString& id)
{
    const int index = m_modeCombo->findData(id);
    if (index >= 0)
        m_modeCombo->setCurrentIndex(index);
}

void ExperimentForm::onModeChanged()
{
    const engine::TrainingModeSpec* spec
        = engine::findTrainingMode(m_modeCombo->currentData().toString().toStdString());
    if (!spec)
        return;
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString paper = QString::fromStdString(spec->paper);
    m_modeForm->setSchema(spec->parameters, QStringLiteral("mode.params"), paper);
    m_modeInfo->setText(paper.isEmpty()
            ? QString::fromStdString(spec->summary).toHtmlEscaped()
            : QStringLiteral("%1<br><i>%2</i>")
                  .arg(QString::fromStdString(spec->summary).toHtmlEscaped(), paper.toHtmlEscaped()));
    m_loading = wasLoading;
    if (!m_loading)
        revalidate();
}

void ExperimentForm::setExperiment(const engine::Experiment& experiment)
{
    m_loading = true;
    m_ui->nameEdit->setText(QString::fromStdString(experiment.name));
    selectProblem(QString::fromStdString(experiment.problem));
    onProblemChanged(); // rebuilds even when the index did not change
    m_problemForm->setValues(experiment.problemParams);
    m_modelForm->setValues(experiment.modelParams);
    selectMethod(QString::fromStdString(experiment.method));
    onMethodChanged();
    m_methodForm->setValues(experiment.methodParams);
    selectMode(QString::fromStdString(experiment.mode));
    onModeChanged();
    m_modeForm->setValues(experiment.modeParams);
    const json document = json::parse(engine::experimentToJsonText(experiment));
    for (ParameterForm* form : m_sections) {
        std::map<std::string, core::ParameterValue> values;
        const std::string key = form->keyPath().toStdString();
        const json::json_pointer at = sectionPointer(key);
        if (document.contains(at))
            for (auto it = document[at].begin(); it != document[at].end(); ++it)
                if (!it.value().is_object()) // a nested block has its own section
                    values[it.key()] = engine::parameterFromJson(it.value(), key + "." + it.key());
        form->setValues(values);
    }
    m_loading = false;
    revalidate();
}

QString ExperimentForm::jsonText() const
{
    json document;
    document["schema"] = engine::Experiment::schemaName;
    document["name"] = m_ui->nameEdit->text().toStdString();
    const std::string problemId = m_ui->problemCombo->currentData().toString().toStdString();
    document["problem"] = { { "type", problemId }, { "params", engine::parametersToJson(m_problemForm->values()) } };
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(problemId);
    if (spec && spec->usesModel)
        document["model"] = engine::parametersToJson(m_modelForm->values());
    document["method"] = { { "name", m_ui->methodCombo->currentData().toString().toStdString() },
        { "params", engine::parametersToJson(m_methodForm->values()) } };
    document["mode"] = { { "name", m_modeCombo->currentData().toString().toStdString() },
        { "params", engine::parametersToJson(m_modeForm->values()) } };
    for (ParameterForm* form : m_sections)
        document[sectionPointer(form->keyPath().toStdString())] = engine::parametersToJson(form->values());
    return QString::fromStdString(document.dump(2));
}

void ExperimentForm::showExternalError(const std::string& path, const QString& message)
{
    const QString key = QString::fromStdString(path);
    for (ParameterForm* form : allForms()) {
        if (key == form->keyPath()) {
            form->setExternalError({}, message);
            return;
        }
        if (key.startsWith(form->keyPath() + QLatin1Char('.'))) {
            form->setExternalError(key.mid(form->keyPath().size() + 1), message);
            return;
        }
    }
    if (key == QLatin1String("problem"))
        m_problemForm->setExternalError({}, message);
    else if (key == QLatin1String("method"))
        m_methodForm->setExternalError({}, message);
    else if (key.startsWith(QLatin1String("mode")))
        m_modeForm->setExternalError({}, message);
}

void ExperimentForm::revalidate()
{
    // The number of experts means something only for the mixture of experts.
    if (auto* architecture = qobject_cast<QComboBox*>(m_modelForm->editor(QStringLiteral("architecture"))))
        m_modelForm->setFieldVisible(QStringLiteral("experts"), architecture->currentText() == QLatin1String("mmoe"));
    const bool wasValid = isValid();
    for (ParameterForm* form : allForms())
        form->clearExternalErrors();
    m_valid.reset();
    m_message.clear();
    for (ParameterForm* form : allForms()) {
        if (form == m_modelForm && m_ui->modelGroup->isHidden())
            continue; // the model block is ignored for problems without a network
        m_message = form->firstError();
        if (!m_message.isEmpty())
            break;
    }
    if (m_message.isEmpty()) {
        try {
            m_valid = engine::experimentFromJsonText(jsonText().toStdString());
        } catch (const engine::ExperimentError& error) {
            const std::string what = error.what();
            const QString reason = QString::fromStdString(
                what.size() > error.path().size() + 2 ? what.substr(error.path().size() + 2) : what);
            showExternalError(error.path(), reason);
            m_message = QString::fromStdString(what);
        } catch (const std::exception& error) {
            m_message = QString::fromStdString(error.what());
        }
    }
    // The engine accepts one task (single-task baselines are such runs), but a multi-task
    // experiment set up in the form with one task compares nothing: not ready.
    if (const problem::ProblemSpec* spec
        = m_valid ? problem::ProblemRegistry::instance().find(m_valid->problem) : nullptr) {
        try {
            problem::ProblemContext context;
            context.problem = core::withDefaults(spec->parameters, m_valid->problemParams);
            context.model = core::withDefaults(problem::modelSchema(), m_valid->modelParams);
            const int tasks = spec->taskCount ? spec->taskCount(context) : 2;
            if (tasks < 2) {
                m_message = tr("the problem has %1 task; multi-task learning needs at least 2 (problem.params.tasks)")
                                .arg(tasks);
                m_problemForm->setExternalError(QStringLiteral("tasks"), tr("at least 2 tasks"));
                m_valid.reset();
            }
        } catch (const std::exception&) {
            // The task count is only known once the data loads; the run reports it then.
        }
    }
    if (m_valid) {
        m_ui->validationLabel->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        const QString method = QString::fromStdString(m_valid->method)
            + (m_valid->mode == "joint" ? QString()
                                        : QStringLiteral(" (%1)").arg(QString::fromStdString(m_valid->mode)));
        m_ui->validationLabel->setText(QStringLiteral("\u2713 Ready: %1, %2, %3 steps")
                                           .arg(QString::fromStdString(m_valid->problem), method)
                                           .arg(m_valid->steps));
    } else {
        m_ui->validationLabel->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold;"));
        m_ui->validationLabel->setText(QStringLiteral("\u2717 Cannot start: %1").arg(m_message));
    }
    if (wasValid != isValid())
        Q_EMIT validityChanged(isValid());
}

} // namespace mtw::gui

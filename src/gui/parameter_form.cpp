#include "gui/parameter_form.h"

#include "gui/parameter_text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace mtw::gui {

namespace {

const char* invalidStyle = "QLineEdit { border: 2px solid #c62828; background: #fff3f3; }";

QLabel* makeErrorLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setVisible(false);
    return label;
}

} // namespace

ParameterForm::ParameterForm(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QFormLayout)
    , m_formError(makeErrorLabel(this))
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    outer->addLayout(m_layout);
    outer->addWidget(m_formError);
}

void ParameterForm::clear()
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    m_order.clear();
    m_formError->clear();
    m_formError->setVisible(false);
}

void ParameterForm::setSchema(const core::ParameterSchema& schema, const QString& keyPath, const QString& citation)
{
    clear();
    m_keyPath = keyPath;
    m_citation = citation;
    for (const core::ParameterSpec& spec : schema) {
        const QString name = QString::fromStdString(spec.name);
        Field field;
        field.spec = spec;
        auto* cell = new QWidget(this);
        auto* box = new QVBoxLayout(cell);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(1);
        if (spec.type == core::ParameterType::Boolean) {
            auto* checkBox = new QCheckBox(cell);
            connect(checkBox, &QCheckBox::toggled, this, [this, name] {
                check(m_fields[name]);
                Q_EMIT edited();
            });
            field.editor = checkBox;
        } else if (spec.type == core::ParameterType::Choice) {
            auto* combo = new QComboBox(cell);
            for (const std::string& option : spec.choices)
                combo->addItem(QString::fromStdString(option));
            connect(combo, &QComboBox::currentTextChanged, this, [this, name] {
                check(m_fields[name]);
                Q_EMIT edited();
            });
            field.editor = combo;
        } else {
            auto* edit = new QLineEdit(cell);
            if (spec.required)
                edit->setPlaceholderText(QStringLiteral("required"));
            connect(edit, &QLineEdit::textChanged, this, [this, name] {
                Field& f = m_fields[name];
                f.externalError.clear();
                check(f);
                Q_EMIT edited();
            });
            field.editor = edit;
        }
        field.editor->setObjectName(name);
        field.editor->setToolTip(parameterTooltip(spec, citation));
        field.error = makeErrorLabel(cell);
        box->addWidget(field.editor);
        box->addWidget(field.error);
        auto* label = new QLabel(name, this);
        label->setToolTip(field.editor->toolTip());
        m_layout->addRow(label, cell);
        m_order << name;
        m_fields.insert(name, field);
        Field& stored = m_fields[name];
        setEditorText(stored, spec.required ? QString() : parameterToText(spec.defaultValue));
        check(stored);
    }
}

void ParameterForm::setValues(const std::map<std::string, core::ParameterValue>& values)
{
    for (const QString& name : m_order) {
        Field& field = m_fields[name];
        auto it = values.find(name.toStdString());
        const QString text = it != values.end() ? parameterToText(it->second)
            : field.spec.required               ? QString()
                                                : parameterToText(field.spec.defaultValue);
        field.externalError.clear();
        setEditorText(field, text);
        check(field);
    }
}

std::map<std::string, core::ParameterValue> ParameterForm::values() const
{
    std::map<std::string, core::ParameterValue> result;
    for (const QString& name : m_order) {
        const Field& field = m_fields[name];
        const QString text = editorText(field);
        if (field.spec.required && text.trimmed().isEmpty())
            continue;
        QString error;
        if (auto value = parameterFromText(field.spec, text, &error))
            result[name.toStdString()] = core::coerceParameter(field.spec, *value);
    }
    return result;
}

QString ParameterForm::firstError() const
{
    for (const QString& name : m_order) {
        const Field& field = m_fields[name];
        if (!field.parseError.isEmpty())
            return QStringLiteral("%1.%2: %3").arg(m_keyPath, name, field.parseError);
    }
    return {};
}

void ParameterForm::setExternalError(const QString& name, const QString& message)
{
    if (name.isEmpty() || !m_fields.contains(name)) {
        m_formError->setText(message);
        m_formError->setVisible(!message.isEmpty());
        return;
    }
    Field& field = m_fields[name];
    field.externalError = message;
    showError(field);
}

void ParameterForm::setFieldVisible(const QString& name, bool visible)
{
    if (QWidget* field = editor(name))
        m_layout->setRowVisible(field->parentWidget(), visible);
}

bool ParameterForm::isFieldVisible(const QString& name) const
{
    QWidget* field = editor(name);
    return field && field->parentWidget()->isVisibleTo(const_cast<ParameterForm*>(this));
}

void ParameterForm::clearExternalErrors()
{
    m_formError->clear();
    m_formError->setVisible(false);
    for (const QString& name : m_order) {
        Field& field = m_fields[name];
        field.externalError.clear();
        showError(field);
    }
}

QWidget* ParameterForm::editor(const QString& name) const
{
    return m_fields.contains(name) ? m_fields[name].editor : nullptr;
}

QLabel* ParameterForm::errorLabel(const QString& name) const
{
    return m_fields.contains(name) ? m_fields[name].error : nullptr;
}

void ParameterForm::setText(const QString& name, const QString& text)
{
    if (m_fields.contains(name))
        setEditorText(m_fields[name], text); // the editor's own signal re-checks and emits edited()
}

QString ParameterForm::editorText(const Field& field) const
{
    if (auto* checkBox = qobject_cast<QCheckBox*>(field.editor))
        return checkBox->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    if (auto* combo = qobject_cast<QComboBox*>(field.editor))
        return combo->currentText();
    return static_cast<QLineEdit*>(field.editor)->text();
}

void ParameterForm::setEditorText(Field& field, const QString& text)
{
    if (auto* checkBox = qobject_cast<QCheckBox*>(field.editor))
        checkBox->setChecked(text == QLatin1String("true"));
    else if (auto* combo = qobject_cast<QComboBox*>(field.editor))
        combo->setCurrentText(text);
    else
        static_cast<QLineEdit*>(field.editor)->setText(text);
}

void ParameterForm::check(Field& field)
{
    field.parseError.clear();
    const QString text = editorText(field);
    if (text.trimmed().isEmpty() && field.spec.required) {
        field.parseError = QStringLiteral("is required (%1)").arg(QString::fromStdString(field.spec.doc));
    } else if (auto value = parameterFromText(field.spec, text, &field.parseError)) {
        if (auto problem = core::checkParameter(field.spec, *value))
            field.parseError = QString::fromStdString(*problem);
    }
    showError(field);
}

void ParameterForm::showError(Field& field)
{
    const QString message = !field.parseError.isEmpty() ? field.parseError : field.externalError;
    field.error->setText(message);
    field.error->setVisible(!message.isEmpty());
    if (qobject_cast<QLineEdit*>(field.editor))
        field.editor->setStyleSheet(message.isEmpty() ? QString() : QString::fromLatin1(invalidStyle));
}

} // namespace mtw::gui

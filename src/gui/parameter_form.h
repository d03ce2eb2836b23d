#pragma once
// A form generated from a parameter schema (core/parameter_schema.h): one editor per parameter
// (line edit for numbers, lists and text; check box; combo box for choices), defaults filled,
// tooltips with the documentation and the paper. Every edit is parsed and range-checked at once;
// a bad value turns its field red and shows the reason under it. Errors found by the
// whole-experiment check (engine::experimentFromJsonText) are shown the same way through
// setExternalError().
#include "core/parameter_schema.h"

#include <QHash>
#include <QString>
#include <QWidget>
#include <map>

class QFormLayout;
class QLabel;

namespace mtw::gui {

class ParameterForm : public QWidget {
    Q_OBJECT
public:
    explicit ParameterForm(QWidget* parent = nullptr);

    // Rebuilds the editors. keyPath is the JSON path of the object ("method.params"); citation
    // is appended to every tooltip.
    void setSchema(const core::ParameterSchema& schema, const QString& keyPath, const QString& citation = {});
    const QString& keyPath() const { return m_keyPath; }
    bool isEmpty() const { return m_fields.isEmpty(); }

    // Shows the given values; parameters not given show their defaults.
    void setValues(const std::map<std::string, core::ParameterValue>& values);
    // The values of every field that parses (an empty optional field is left out).
    std::map<std::string, core::ParameterValue> values() const;

    // The first per-field problem as "keyPath.name: reason", or empty.
    QString firstError() const;
    bool hasErrors() const { return !firstError().isEmpty(); }

    // Errors from the whole-experiment check; name empty: a form-level message.
    void setExternalError(const QString& name, const QString& message);
    // Hides a field's row (its value still counts): parameters that apply only to some choices.
    void setFieldVisible(const QString& name, bool visible);
    bool isFieldVisible(const QString& name) const;
    void clearExternalErrors();

    QWidget* editor(const QString& name) const;
    QLabel* errorLabel(const QString& name) const;
    QLabel* formErrorLabel() const { return m_formError; }
    // Sets an editor's text (or check state / choice) as if typed by the user.
    void setText(const QString& name, const QString& text);

Q_SIGNALS:
    void edited();

private:
    struct Field {
        core::ParameterSpec spec;
        QWidget* editor = nullptr;
        QLabel* error = nullptr;
        QString parseError;
        QString externalError;
    };
    QString editorText(const Field& field) const;
    void setEditorText(Field& field, const QString& text);
    void check(Field& field);
    void showError(Field& field);
    void clear();

    QFormLayout* m_layout;
    QLabel* m_formError;
    QString m_keyPath;
    QString m_citation;
    QList<QString> m_order;
    QHash<QString, Field> m_fields;
};

} // namespace mtw::gui

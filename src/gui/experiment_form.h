#pragma once
// The experiment dock's form: problem, model (for neural problems), method, training mode, optimizer, schedule,
// training, evaluation and diagnostics, each a form generated from its schema. Every edit
// re-validates the whole experiment through engine::experimentFromJsonText -- the same reader as
// experiment files and mtw-cli -- and shows the reason at the field its key path names, plus a
// summary line at the top. experiment() is set only while everything is valid.
#include "engine/experiment.h"

#include <QString>
#include <QWidget>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Ui {
class ExperimentForm;
}

namespace mtw::gui {

class ParameterForm;

class ExperimentForm : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentForm(QWidget* parent = nullptr);
    ~ExperimentForm() override;

    void setExperiment(const engine::Experiment& experiment);
    // The validated experiment, or nothing while a value is invalid.
    const std::optional<engine::Experiment>& experiment() const { return m_valid; }
    bool isValid() const { return m_valid.has_value(); }
    QString validationMessage() const { return m_message; }
    // The experiment file text of the current values (also when invalid, for diagnostics).
    QString jsonText() const;

    void selectProblem(const QString& id);
    void selectMethod(const QString& id);
    void selectMode(const QString& id);
    QComboBox* problemCombo() const;
    QComboBox* methodCombo() const;
    QLineEdit* nameEdit() const;
    QLabel* validationLabel() const;
    ParameterForm* problemForm() const { return m_problemForm; }
    ParameterForm* modelForm() const { return m_modelForm; }
    ParameterForm* methodForm() const { return m_methodForm; }
    ParameterForm* modeForm() const { return m_modeForm; }
    ParameterForm* sectionForm(const QString& key) const; // "optimizer", "training", ...

Q_SIGNALS:
    void validityChanged(bool valid);
    void edited();

private:
    void fillCombos();
    void onProblemChanged();
    void onMethodChanged();
    void buildModeSection();
    void onModeChanged();
    void revalidate();
    void showExternalError(const std::string& path, const QString& message);
    QList<ParameterForm*> allForms() const;

    std::unique_ptr<Ui::ExperimentForm> m_ui;
    ParameterForm* m_problemForm;
    ParameterForm* m_modelForm;
    ParameterForm* m_methodForm;
    ParameterForm* m_modeForm;
    QComboBox* m_modeCombo = nullptr;
    QLabel* m_modeInfo = nullptr;
    QList<ParameterForm*> m_sections;
    std::optional<engine::Experiment> m_valid;
    QString m_message;
    bool m_loading = false;
};

} // namespace mtw::gui

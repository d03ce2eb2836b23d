#pragma once
// Run > Learning-function fit...: the learning function of Bettgenhäuser, Hedderich & Klakow
// (2020) over the shown stored runs (engine/learning_function_points.h, the same fit as
// `mtw-cli learning-fit`): a performance quantity against T, n and the tasks' AMI by least squares
// on chosen terms. Shows the formula, R^2, each coefficient with its standard error, the measured
// against the fitted values (with y = x), and the performance against one variable with the fitted
// function drawn over the points (the other variables at their mean over the runs). The fit runs
// on a worker thread (rebuilding each run's data set for n and the AMI); figure and CSV export.
#include "engine/learning_function_points.h"

#include <QDialog>
#include <QStringList>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QThread;

namespace mtw::gui {

class ChartPanel;
struct ExportOptions;

class LearningFunctionDialog : public QDialog {
    Q_OBJECT
public:
    explicit LearningFunctionDialog(const QStringList& runDirectories, QWidget* parent = nullptr);
    ~LearningFunctionDialog() override;

    void setQuantity(const QString& y);
    void setTerms(const QString& terms);
    void setVariable(const QString& variable); // the x of the second chart: n, T, ami or rho
    // Starts the fit on a worker thread; false (statusText() says why) for bad input.
    bool fit();
    bool isRunning() const { return m_thread != nullptr; }
    const std::optional<engine::LearningFunctionStudy>& study() const { return m_study; }
    QString statusText() const;
    ChartPanel* fittedChart() const { return m_fitted; }
    ChartPanel* variableChart() const { return m_byVariable; }
    QTableWidget* table() const { return m_table; }
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error);
    bool exportCsv(const QString& path, QString* error) const;

signals:
    void fitted(); // after a fit ended (see study() and statusText())

private:
    void finish(std::optional<engine::LearningFunctionStudy> study, const QString& error);
    void draw();

    QStringList m_runs;
    std::optional<engine::LearningFunctionStudy> m_study;
    QThread* m_thread = nullptr;
    QComboBox* m_y = nullptr;
    QLineEdit* m_terms = nullptr;
    QComboBox* m_variable = nullptr;
    QPushButton* m_fit = nullptr;
    QPushButton* m_exportFigure = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;
    ChartPanel* m_fitted = nullptr;
    ChartPanel* m_byVariable = nullptr;
};

} // namespace mtw::gui

// LinearMtlDialog: the form and the worker thread (linear_mtl_dialog_view.cpp draws the results).
#include "gui/linear_mtl_dialog.h"

#include "gui/charts/chart_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

namespace mtw::gui {

namespace {

QSpinBox* intSpin(int low, int high, const QString& tip)
{
    auto* spin = new QSpinBox;
    spin->setRange(low, high);
    spin->setToolTip(tip);
    return spin;
}

QDoubleSpinBox* doubleSpin(double low, double high, int decimals, double step, const QString& tip)
{
    auto* spin = new QDoubleSpinBox;
    spin->setRange(low, high);
    spin->setDecimals(decimals);
    spin->setSingleStep(step);
    spin->setToolTip(tip);
    return spin;
}

} // namespace

LinearMtlDialog::LinearMtlDialog(QWidget* parent)
    : QDialog(parent)
    , m_run(new QPushButton(tr("&Run")))
    , m_xAxis(new QComboBox)
    , m_status(new QLabel)
    , m_chart(new ChartPanel)
    , m_table(new QTableWidget)
    , m_exportFigure(new QPushButton(tr("Export figure...")))
    , m_exportCsv(new QPushButton(tr("Export CSV...")))
{
    setWindowTitle(tr("Classical linear MTL: trace norm / l2,1, synchronous vs asynchronous"));
    auto* form = new QFormLayout;
    buildForm(form);
    auto* options = new QGroupBox(tr("Problem and solvers"));
    auto* optionsLayout = new QVBoxLayout(options);
    optionsLayout->addLayout(form);
    optionsLayout->addWidget(m_run);
    optionsLayout->addStretch(1);
    m_run->setObjectName(QStringLiteral("linearMtlRun"));
    m_run->setToolTip(tr("Generate the tasks, compute F* and run the chosen solvers (the same as mtw-cli linear-mtl)"));

    m_xAxis->addItem(tr("Simulated time"), static_cast<int>(XAxis::Time));
    m_xAxis->addItem(tr("Iterations (async: epochs of T updates)"), static_cast<int>(XAxis::Iteration));
    m_xAxis->setToolTip(tr("Time: a synchronous iteration waits for the slowest node, the asynchronous server "
                           "does not. Iterations: the same work, T task updates"));
    m_chart->setLogY(true);
    m_chart->setMinimumSize(560, 360);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Set the options and press Run."));
    const QStringList headers { tr("solver"), tr("iterations"), tr("objective"), tr("F \u2212 F*"), tr("residual"),
        tr("recovery error"), tr("rank / rows"), tr("simulated time"), tr("delay max / mean") };
    m_table->setColumnCount(static_cast<int>(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setMaximumHeight(130);
    m_exportFigure->setEnabled(false);
    m_exportCsv->setEnabled(false);

    auto* axisRow = new QHBoxLayout;
    axisRow->addWidget(new QLabel(tr("x axis")));
    axisRow->addWidget(m_xAxis);
    axisRow->addStretch(1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_exportFigure, QDialogButtonBox::ActionRole);
    buttons->addButton(m_exportCsv, QDialogButtonBox::ActionRole);
    auto* results = new QVBoxLayout;
    results->addLayout(axisRow);
    results->addWidget(m_chart, 1);
    results->addWidget(m_status);
    results->addWidget(m_table);
    results->addWidget(buttons);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(options);
    layout->addLayout(results, 1);

    setOptions(classical::LinearMtlOptions {});
    connect(m_run, &QPushButton::clicked, this, [this] { run(); });
    connect(m_xAxis, &QComboBox::currentIndexChanged, this, [this] { updateChart(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_exportFigure, &QPushButton::clicked, this, &LinearMtlDialog::exportFigureDialog);
    connect(m_exportCsv, &QPushButton::clicked, this, &LinearMtlDialog::exportCsvDialog);
}

LinearMtlDialog::~LinearMtlDialog()
{
    // The worker posts its result to this dialog: stop it (the solvers check between iterations)
    // and let it finish first.
    if (m_thread) {
        m_stop->store(true);
        m_thread->wait();
    }
}

void LinearMtlDialog::buildForm(QFormLayout* form)
{
    m_regularizer = new QComboBox;
    m_regularizer->addItem(tr("Trace norm (shared low-rank subspace)"), QStringLiteral("trace"));
    m_regularizer->addItem(tr("\u2113\u2082,\u2081 norm (shared feature selection)"), QStringLiteral("l21"));
    m_regularizer->setToolTip(tr("Omega(W) and the structure of the synthetic W*: rank r or s non-zero rows"));
    m_lambda = doubleSpin(0.0001, 1000, 4, 0.05, tr("Weight lambda of the regularizer"));
    const char* solverLabels[3] = { "ISTA", "FISTA", "Async (AMTL)" };
    auto* solvers = new QWidget;
    auto* solverRow = new QHBoxLayout(solvers);
    solverRow->setContentsMargins(0, 0, 0, 0);
    for (int k = 0; k < 3; ++k) {
        m_solvers[k] = new QCheckBox(QString::fromLatin1(solverLabels[k]));
        solverRow->addWidget(m_solvers[k]);
    }
    m_maxDelay
        = intSpin(0, 100000, tr("Async: maximum staleness tau (server updates); the KM step is c/(2 tau/sqrt(T)+1)"));
    m_delays = new QComboBox;
    m_delays->addItem(tr("Drawn in 0..\u03c4"), QStringLiteral("drawn"));
    m_delays->addItem(tr("From the node clock"), QStringLiteral("clock"));
    m_delays->setToolTip(tr("Async staleness: drawn uniformly up to tau, or the updates other nodes made while a "
                            "node computed (may exceed tau; tau then only sets the KM step)"));
    m_kmConstant = doubleSpin(0.01, 0.99, 2, 0.05, tr("Async: c in (0, 1) of the KM step"));
    m_straggler = doubleSpin(1, 1000, 2, 0.5, tr("Compute time of the last task's node, in units of the others'"));
    m_jitter = doubleSpin(0, 100, 2, 0.25, tr("Mean of each node's exponential extra compute time"));
    m_tasks = intSpin(1, 10000, tr("Tasks T"));
    m_features = intSpin(1, 100000, tr("Features d"));
    m_samples = intSpin(1, 1000000, tr("Samples n per task"));
    m_rank = intSpin(1, 100000, tr("Rank r of W* (trace norm); at most min(d, T)"));
    m_rows = intSpin(1, 100000, tr("Non-zero rows s of W* (l2,1); at most d"));
    m_noise = doubleSpin(0, 1000, 3, 0.05, tr("Noise standard deviation"));
    m_seed = intSpin(0, 2147483647, tr("Seed of the data, the node clock and the delays"));
    m_iterations = intSpin(1, 1000000, tr("Synchronous iterations; async runs until the same simulated time"));
    form->addRow(tr("Regularizer"), m_regularizer);
    form->addRow(tr("\u03bb"), m_lambda);
    form->addRow(tr("Solvers"), solvers);
    form->addRow(tr("Iterations"), m_iterations);
    form->addRow(tr("Max delay \u03c4"), m_maxDelay);
    form->addRow(tr("Staleness"), m_delays);
    form->addRow(tr("KM constant c"), m_kmConstant);
    form->addRow(tr("Straggler factor"), m_straggler);
    form->addRow(tr("Jitter"), m_jitter);
    form->addRow(tr("Tasks T"), m_tasks);
    form->addRow(tr("Features d"), m_features);
    form->addRow(tr("Samples per task n"), m_samples);
    form->addRow(tr("Rank of W*"), m_rank);
    form->addRow(tr("Non-zero rows of W*"), m_rows);
    form->addRow(tr("Noise \u03c3"), m_noise);
    form->addRow(tr("Seed"), m_seed);
    connect(m_regularizer, &QComboBox::currentIndexChanged, this, [this] {
        const bool trace = m_regularizer->currentData().toString() == QLatin1String("trace");
        m_rank->setEnabled(trace);
        m_rows->setEnabled(!trace);
        m_lambda->setValue(
            classical::defaultLambda(trace ? classical::Regularizer::TraceNorm : classical::Regularizer::L21));
    });
}

classical::LinearMtlOptions LinearMtlDialog::options() const
{
    classical::LinearMtlOptions o;
    o.regularizer = *classical::parseRegularizer(m_regularizer->currentData().toString().toStdString());
    o.lambda = m_lambda->value();
    o.solvers.clear();
    const classical::LinearSolver solvers[3]
        = { classical::LinearSolver::Ista, classical::LinearSolver::Fista, classical::LinearSolver::Async };
    for (int k = 0; k < 3; ++k)
        if (m_solvers[k]->isChecked())
            o.solvers.push_back(solvers[k]);
    o.iterations = m_iterations->value();
    o.async.maxDelay = m_maxDelay->value();
    o.async.kmConstant = m_kmConstant->value();
    o.async.delays = *classical::parseDelayModel(m_delays->currentData().toString().toStdString());
    o.timing.straggler = m_straggler->value();
    o.timing.jitter = m_jitter->value();
    o.data.tasks = m_tasks->value();
    o.data.features = m_features->value();
    o.data.samples = m_samples->value();
    o.data.rank = m_rank->value();
    o.data.rows = m_rows->value();
    o.data.noise = m_noise->value();
    o.data.seed = static_cast<std::uint64_t>(m_seed->value());
    // Leave the GUI a core (the results do not depend on the thread count).
    o.threads = std::max(1, QThread::idealThreadCount() - 1);
    return o;
}

void LinearMtlDialog::setOptions(const classical::LinearMtlOptions& o)
{
    m_regularizer->setCurrentIndex(o.regularizer == classical::Regularizer::TraceNorm ? 0 : 1);
    m_rank->setEnabled(o.regularizer == classical::Regularizer::TraceNorm);
    m_rows->setEnabled(o.regularizer == classical::Regularizer::L21);
    m_lambda->setValue(o.lambda.value_or(classical::defaultLambda(o.regularizer)));
    const classical::LinearSolver solvers[3]
        = { classical::LinearSolver::Ista, classical::LinearSolver::Fista, classical::LinearSolver::Async };
    for (int k = 0; k < 3; ++k)
        m_solvers[k]->setChecked(std::find(o.solvers.begin(), o.solvers.end(), solvers[k]) != o.solvers.end());
    m_iterations->setValue(o.iterations);
    m_maxDelay->setValue(o.async.maxDelay);
    m_kmConstant->setValue(o.async.kmConstant);
    m_delays->setCurrentIndex(o.async.delays == classical::DelayModel::Drawn ? 0 : 1);
    m_straggler->setValue(o.timing.straggler);
    m_jitter->setValue(o.timing.jitter);
    m_tasks->setValue(o.data.tasks);
    m_features->setValue(o.data.features);
    m_samples->setValue(o.data.samples);
    m_rank->setValue(o.data.rank);
    m_rows->setValue(o.data.rows);
    m_noise->setValue(o.data.noise);
    m_seed->setValue(static_cast<int>(o.data.seed));
}

bool LinearMtlDialog::run()
{
    if (m_thread)
        return false;
    const classical::LinearMtlOptions o = options();
    try {
        classical::validate(o);
    } catch (const std::invalid_argument& error) {
        const QString message = tr("Not run: %1").arg(QString::fromStdString(error.what()));
        m_status->setText(message);
        emit failed(message);
        return false;
    }
    m_run->setEnabled(false);
    m_status->setText(tr("Computing F* and running the solvers..."));
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_thread = QThread::create([this, o, stop = m_stop] {
        std::shared_ptr<const classical::LinearMtlComparison> result;
        QString error;
        try {
            result = std::make_shared<const classical::LinearMtlComparison>(
                classical::compareLinearMtlSolvers(o, stop.get()));
        } catch (const classical::SolverStopped&) {
            return; // the dialog is closing: nobody to tell
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        // Queued to the GUI thread; the destructor joins this thread first.
        QMetaObject::invokeMethod(
            this, [this, result, error] { onResult(result, error); }, Qt::QueuedConnection);
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
    return true;
}

void LinearMtlDialog::onResult(
    const std::shared_ptr<const classical::LinearMtlComparison>& result, const QString& error)
{
    m_thread = nullptr;
    m_run->setEnabled(true);
    if (!result) {
        m_status->setText(tr("Failed: %1").arg(error));
        emit failed(error);
        return;
    }
    m_comparison = result;
    m_exportFigure->setEnabled(true);
    m_exportCsv->setEnabled(true);
    updateChart();
    updateTable();
    emit comparisonReady();
}

QString LinearMtlDialog::statusText() const
{
    return m_status->text();
}

void LinearMtlDialog::setXAxis(XAxis axis)
{
    m_xAxis->setCurrentIndex(axis == XAxis::Time ? 0 : 1);
}

LinearMtlDialog::XAxis LinearMtlDialog::xAxis() const
{
    return static_cast<XAxis>(m_xAxis->currentData().toInt());
}

} // namespace mtw::gui

#pragma once
// GUI-thread accumulation of one run's snapshots, so that views redraw from the latest state only,
// with decimation for long series. Snapshots carry only what is new since
// the previous one; RunHistory folds them into bounded per-task series (DecimatedSeries), a
// thinned history of cosine matrices and trajectory points (ThinnedSamples), the per-step extras
// (ExtrasHistory), and the latest status, so memory stays bounded for 10^6-step runs. Not thread-safe: append() and the
// accessors are called on the GUI thread.
#include "engine/experiment.h"
#include "engine/snapshot.h"
#include "gui/decimated_series.h"
#include "gui/extras_history.h"
#include "gui/factor_history.h"
#include "gui/thinned_samples.h"

#include <Eigen/Dense>
#include <QColor>
#include <QString>
#include <QStringList>
#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace mtw::gui {

// Per-task series recorded every step (x = step).
enum class TaskSeries { Loss, Weight, GradientNorm, Alignment, Slowdown };
// Per-task series recorded at evaluations (x = step).
// WorstGroup: the worst-group accuracy of data sets with sample groups (problem/task_metrics.h);
// empty for the others.
enum class EvalSeries { Loss, Metric, WorstGroup };

// One checkpoint of a task with both the training loss (on the fixed training subset) and the
// validation split at the same step: the points of validation-vs-training-loss curves (Mueller
// et al. 2024; analysis/generalization_gap.h). Only data problems report them.
struct TransferPoint {
    long long step = 0;
    double trainLoss = 0;
    double validationLoss = 0;
    double validationMetric = 0;
};

class RunHistory {
public:
    RunHistory(QString name, engine::Experiment experiment, int bucketCapacity = 2000);

    void append(const engine::SnapshotPtr& snapshot);

    const QString& name() const { return m_name; }
    // The colour "Colour runs by" gave the run (run_colouring.h); invalid: the view's palette.
    QColor colour() const { return m_colour; }
    void setColour(const QColor& colour) { m_colour = colour; }
    const engine::Experiment& experiment() const { return m_experiment; }
    const QStringList& taskNames() const { return m_taskNames; }
    int taskCount() const { return static_cast<int>(m_taskNames.size()); }
    // Increases on every append(); views skip redraws when it has not changed.
    long long revision() const { return m_revision; }
    // Where the run keeps its store (engine/run_store.h); empty until RunManager knows it (a
    // queued run) or when the run keeps nothing. Cross-run studies read only runs that have one.
    const QString& runDirectory() const { return m_runDirectory; }
    void setRunDirectory(const QString& directory) { m_runDirectory = directory; }

    engine::RunStatus status() const { return m_status; }
    long long step() const { return m_step; }
    long long totalSteps() const { return m_totalSteps; }
    double stepsPerSecond() const { return m_stepsPerSecond; }
    double elapsedSeconds() const { return m_elapsed; }

    const DecimatedSeries& series(TaskSeries kind, int task) const;
    const DecimatedSeries& evaluation(EvalSeries kind, int task) const;
    QString metricName(int task) const;
    bool metricHigherIsBetter(int task) const;
    // The split the evaluation series show (Validation when the run reports it, else Train).
    problem::Split evaluationSplit() const
    {
        return m_hasValidation ? problem::Split::Validation : problem::Split::Train;
    }
    const engine::EvaluationRecord* latestEvaluation() const;
    // The latest evaluation of one split (train, validation or test), or null: the outcome
    // fronts of the Pareto view read each run's final validation and test results here.
    const engine::EvaluationRecord* latestEvaluation(problem::Split split) const;
    // Paired train/validation checkpoints of a task, in step order (all of them: evaluations are
    // sparse, at most steps / evaluation.every plus the dense early ones).
    const std::vector<TransferPoint>& transferPoints(int task) const;

    const DecimatedSeries& conflictFraction() const { return m_conflict; }
    const DecimatedSeries& directionNorm() const { return m_directionNorm; }
    const DecimatedSeries& learningRate() const { return m_learningRate; }
    // Fraction of recorded steps whose direction did not conflict with any task (J d >= 0).
    double nonConflictingFraction() const;
    long long recordedSteps() const { return m_recordedSteps; }

    // Method internals and training-mode numbers recorded per step (StepRecord::extras).
    const ExtrasHistory& extras() const { return m_extras; }
    // Trajectory factors measured on a schedule (diagnostics.factors; engine/factor_probe.h).
    const FactorHistory& factors() const { return m_factors; }

    // Cosine matrices (thinned, newest always included) for the time scrubber.
    std::vector<std::pair<long long, Eigen::MatrixXd>> cosineHistory() const { return m_matrices.samples(); }
    // The same without a copy (at(i), size()): what views read on every redraw.
    const ThinnedSamples<Eigen::MatrixXd>& cosineSamples() const { return m_matrices; }
    const Eigen::MatrixXd& latestCosine() const { return m_matrices.latest().second; }
    // The further matrices of each matrix step (per shared layer cosines "cosine@<layer>", then
    // "cka"; engine/snapshot.h), thinned in lockstep with cosineSamples(): index i of both is the
    // same step. Empty vectors for runs without them (analytic problems).
    const ThinnedSamples<std::vector<engine::NamedMatrix>>& layerMatrixSamples() const { return m_moreMatrices; }
    // Whether the newest matrix step carried further matrices (what the per-layer view needs).
    bool hasLayerMatrices() const { return !m_moreMatrices.isEmpty() && !m_moreMatrices.latest().second.empty(); }
    // The epoch (0-based) of a step: that of the latest recorded step at or before it (the first
    // recorded epoch for earlier steps, 0 without step records). Epoch box plots group the
    // matrices by it.
    int epochAt(long long step) const;

    // Parameters before each recorded step (planar problems only) plus the current parameters.
    std::vector<std::pair<long long, Eigen::VectorXd>> trajectory() const;
    // Per-step task losses (thinned) for trajectories in task-loss space.
    std::vector<std::pair<long long, Eigen::VectorXd>> lossTrajectory() const { return m_lossPoints.samples(); }
    const Eigen::VectorXd& currentParameters() const { return m_parameters; }
    // Every stored parameter snapshot (diagnostics.parameters_every), in step order: the points of
    // the trajectory planes of neural landscapes (engine/landscape_job.h). Kept whole: the run's
    // schedule bounds them.
    const std::vector<engine::ParameterRecord>& parameterRecords() const { return m_parameterRecords; }
    // The last recorded step's task losses (the run's final point once finished).
    Eigen::VectorXd finalLosses() const;

private:
    void ensureTasks(const std::vector<std::string>& names);
    void pairTransfer(const engine::EvaluationRecord& e);

    QString m_name;
    QColor m_colour;
    QString m_runDirectory;
    engine::Experiment m_experiment;
    int m_capacity;
    QStringList m_taskNames;
    long long m_revision = 0;
    engine::RunStatus m_status = engine::RunStatus::Running;
    long long m_step = 0;
    long long m_totalSteps = 0;
    double m_stepsPerSecond = 0;
    double m_elapsed = 0;

    std::vector<std::vector<DecimatedSeries>> m_series; // [kind][task]
    std::vector<std::vector<DecimatedSeries>> m_eval; // [kind][task]
    std::vector<QString> m_metricNames;
    std::vector<bool> m_metricHigher;
    long long m_evaluationCount = 0;
    bool m_hasValidation = false;
    engine::EvaluationRecord m_latestEvaluation;
    std::array<std::optional<engine::EvaluationRecord>, 3> m_latestBySplit; // by problem::Split
    engine::EvaluationRecord m_pendingValidation; // waits for the train record of its step
    std::vector<std::vector<TransferPoint>> m_transfer; // [task]
    std::vector<TransferPoint> m_noTransfer;
    DecimatedSeries m_conflict;
    DecimatedSeries m_directionNorm;
    DecimatedSeries m_learningRate;
    long long m_recordedSteps = 0;
    long long m_nonConflictingSteps = 0;
    ExtrasHistory m_extras;
    FactorHistory m_factors;
    ThinnedSamples<Eigen::MatrixXd> m_matrices;
    ThinnedSamples<std::vector<engine::NamedMatrix>> m_moreMatrices;
    // The first recorded step of each epoch, in step order: (step, epoch). One entry per epoch,
    // so it stays small while the steps themselves are decimated.
    std::vector<std::pair<long long, int>> m_epochStarts;
    ThinnedSamples<Eigen::VectorXd> m_points;
    ThinnedSamples<Eigen::VectorXd> m_lossPoints;
    Eigen::VectorXd m_parameters;
    std::vector<engine::ParameterRecord> m_parameterRecords;
    DecimatedSeries m_empty;
};

// Views read a run's history and never change it: they get RunHistoryPtr. Only its owner (the
// RunManager's RunEntry, and code that builds a history) appends snapshots and sets its colour and
// run directory, through a MutableRunHistoryPtr.
using RunHistoryPtr = std::shared_ptr<const RunHistory>;
using MutableRunHistoryPtr = std::shared_ptr<RunHistory>;

} // namespace mtw::gui

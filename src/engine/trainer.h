#pragma once
// The training loop. One step is the training mode's (engine/
// training_mode.h; by default JointStep: gradients, the method's weights, d = J^T w, the
// optimizer step at lr * schedule(step)), plus per-step diagnostics from G, NaN/Inf and divergence checks that end the
// run with a reason, periodic evaluation, and batches of records handed to the observer and the run store at most every
// `snapshot_ms` (and always at the end). All parallel work runs in one tbb::task_arena capped at `threads`; every
// reduction has a fixed order, so a seed gives the same bits with any thread count.
#include "core/lr_schedule.h"
#include "core/optimizer.h"
#include "engine/experiment.h"
#include "engine/run_control.h"
#include "engine/run_outcome.h"
#include "engine/snapshot.h"
#include "engine/training_mode.h"
#include "mtl/method.h"
#include "problem/multi_task_problem.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>

namespace mtw::engine {

class RunStore;
class FactorProbe;
struct Checkpoint;
struct TrainerArena; // the run's tbb::task_arena, kept out of this header (TBB and Qt's `emit` clash)

// When the trainer writes its checkpoint while run() goes on: at the start of a run from step 0
// (so even a run killed in its first minute can be resumed), every `everySteps` steps, every
// `everySeconds` of wall-clock time, and when the run ends or stops. `inputFingerprints` are stored
// in it (engine/input_files.h) for a resume to compare.
struct CheckpointPolicy {
    long long everySteps = 0; // 0: no step cadence
    double everySeconds = 0; // 0: no wall-clock cadence
    std::map<std::string, std::string> inputFingerprints;
};

class Trainer {
public:
    // Creates problem, method and optimizer from the experiment (throws ExperimentError or
    // std::exception on a problem that cannot be built, e.g. a missing data set).
    explicit Trainer(const Experiment& experiment);
    // For tests and tools that bring their own problem.
    Trainer(const Experiment& experiment, std::unique_ptr<problem::MultiTaskProblem> problem);
    ~Trainer();

    void setObserver(Observer* observer) { m_observer = observer; }
    void setRunStore(RunStore* store) { m_store = store; }
    void setControl(RunControl* control) { m_control = control; }

    // Runs to the end, a stop request, or a failure; honours pause and single-step requests.
    RunOutcome run();
    // Runs `count` steps directly (benchmarks, tools): no evaluation, no flush; returns the reason
    // a step failed, or an empty string.
    std::string advance(long long count);

    // Checkpoints (engine/checkpoint.h) written to `path` while run() goes on.
    void setCheckpointing(std::string path, CheckpointPolicy policy);
    void saveCheckpoint(const std::string& path) const;
    // Continues from a checkpoint of the same experiment (only `steps` and `threads` may differ: a
    // run can be extended, and threads do not change results). Throws CheckpointError naming the
    // first differing key path otherwise.
    void restoreCheckpoint(const std::string& path);
    // The same for a checkpoint already read from `path` (named in errors).
    void restoreCheckpoint(const Checkpoint& checkpoint, const std::string& path);

    const problem::MultiTaskProblem& problem() const { return *m_problem; }
    const Experiment& experiment() const { return m_experiment; }
    const core::Vector& parameters() const { return m_theta; }
    long long stepsDone() const { return m_step; }
    // The training mode (its optimizer's look-ahead step, for tools measuring factors themselves).
    const TrainingMode& trainingMode() const { return *m_mode; }
    std::vector<std::string> taskNames() const;

private:
    // One optimizer step; returns an empty string or the reason the run must fail.
    std::string step();
    // The learning rate of the next step: the experiment's, scaled by the schedule.
    double currentLearningRate() const;
    bool evaluationDue() const;
    void evaluate();
    // The trajectory factors (engine/factor_probe.h) at the current parameters, once per step.
    void measureFactors();
    // A copy of all parameters (diagnostics.parameters_every), once per step; `atEnd`: whatever
    // the schedule says (the trajectory's last point is the run's end).
    void recordParameters(bool atEnd);
    void flush(RunStatus status, const std::string& message);
    RunOutcome finish(RunStatus status, const std::string& message);
    bool checkpointDue() const;
    void writeCheckpoint(); // records first, then the checkpoint

    Experiment m_experiment;
    std::unique_ptr<problem::MultiTaskProblem> m_problem;
    std::unique_ptr<mtl::Method> m_method;
    std::unique_ptr<TrainerArena> m_arena;
    core::LearningRateSchedule m_schedule;
    core::Rng m_batchRng;
    core::Rng m_methodRng;
    core::Vector m_theta;
    std::unique_ptr<TrainingContext> m_context;
    std::unique_ptr<TrainingMode> m_mode;
    std::unique_ptr<FactorProbe> m_factors; // null unless diagnostics.factors is on
    long long m_lastFactorStep = -1;
    long long m_lastParameterStep = -1;
    // Atomic: stepsDone() may be read from another thread (a GUI or test polling a running trainer).
    std::atomic<long long> m_step = 0;
    std::string m_checkpointPath;
    CheckpointPolicy m_checkpointPolicy;
    std::chrono::steady_clock::time_point m_lastCheckpoint;

    Observer* m_observer = nullptr;
    RunStore* m_store = nullptr;
    RunControl* m_control = nullptr;
    std::shared_ptr<Snapshot> m_pending; // records since the last flush
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastFlush;
    long long m_stepsAtLastFlush = 0;
    std::string m_storeError;
};

} // namespace mtw::engine

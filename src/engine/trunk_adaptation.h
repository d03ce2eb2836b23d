#pragma once
// Few-shot adaptation of the frozen trunks of stored runs (H. Wang, H. Zhao & B. Li, ICML 2021,
// "Bridging Multi-Task Learning and Meta-Learning", Sec. 3: an MTL-trained body with a new
// L2-regularised logistic-regression head fitted on k shots per class of an unseen task). Shared by
// `mtw-cli adapt` and the GUI's "Few-shot adaptation..." dialog.
//
// Per run: its problem is rebuilt from the stored experiment (engine/problem_factory.h) and its
// parameters taken at the end (engine/run_points.h) or at a stored snapshot step; the trunk's
// representation is the input of the task heads -- a hard-sharing trunk's output, or an MMoE's
// expert outputs stacked (the only part its tasks share). The episodes run on the data set's
// train split (support) and test split (accuracy): analysis/few_shot_episodes.h, with one seed
// for every trunk so all are adapted on the same support sets.
//
// A trunk "was trained on" the task unless its run is the method "fixed" with weight 0 on it
// (a group run of `mtw-cli grouping --train`, a single-task baseline of another task, or a
// hand-made held-out run). With `randomTrunk` the first run's network at its initialisation
// (the run's seed, as the trainer draws it) is added as a floor.
#include "analysis/few_shot_episodes.h"
#include "engine/experiment.h"

#include <atomic>
#include <string>
#include <vector>

namespace mtw::engine {

struct AdaptationRequest {
    std::vector<std::string> runs; // run directories
    std::string task; // the adapted task's name (any task of the runs' data set)
    analysis::FewShotOptions options;
    long long step = -1; // -1: each run's end; else a stored parameter snapshot step of every run
    bool randomTrunk = true;
};

enum class TrunkKind { Trained, RandomInit };

struct AdaptedTrunk {
    std::string label; // the run's name, "<name> @<step>", or "<name> (random init)"
    std::string directory;
    TrunkKind kind = TrunkKind::Trained;
    long long step = 0; // the parameters' step (0 for the initialisation)
    bool trainedOnTask = false;
    std::string training; // how the run treated the task ("weight 0: never trained on it", ...)
    std::vector<analysis::FewShotPoint> points;
};

struct AdaptationResult {
    std::string task;
    int classes = 0;
    analysis::FewShotOptions options;
    int representationSize = 0; // of the first trunk
    std::vector<AdaptedTrunk> trunks;
};

// The weight of `task` in the run's training (method "fixed": its weight; any other method trains
// every task), and a phrase saying it.
struct TaskTraining {
    bool trained = true;
    std::string description;
};
TaskTraining taskTraining(const Experiment& experiment, int task);

// Throws std::runtime_error naming the run and what is wrong: an unknown task (with the run's
// tasks), a regression task, a problem without a data set or trunk, a run without stored
// parameters (and how to store them), too many shots for a class.
AdaptationResult adaptTrunks(const AdaptationRequest& request, const std::atomic<bool>* cancel = nullptr);

std::string trunkKindName(TrunkKind kind); // "trained" | "random-init"

} // namespace mtw::engine

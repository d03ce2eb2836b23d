#pragma once
// Few-shot adaptation results (engine/trunk_adaptation.h) saved with the runs, as
// <run>/adaptation.json, so they travel with the run directory and `mtw-cli adapt` and the GUI's
// "Few-shot adaptation..." dialog read them back:
//   {"schema": "mtw-adaptation/1", "results": [{"task", "trunk" ("trained" | "random-init"),
//     "label", "step", "trained_on_task", "training", "classes", "episodes", "l2",
//     "normalization", "seed", "points": [{"k", "mean", "std", "ci95": [lo, hi], "unconverged",
//     "accuracies": [...]}]}, ...]}
// A trunk's result goes to its own run's file (a random-init floor to the run it was drawn from);
// a new result replaces the one of the same task and trunk kind, other tasks' results stay.
// Written atomically (engine/atomic_file.h); the run's writer never touches the file.
#include "engine/trunk_adaptation.h"

#include <optional>
#include <string>
#include <vector>

namespace mtw::engine {

constexpr const char* adaptationFileName = "adaptation.json";

struct StoredAdaptation {
    std::string task;
    int classes = 0;
    analysis::FewShotOptions options; // shots, episodes, l2, normalization, seed
    AdaptedTrunk trunk;
};

// Throws RunStoreError naming the file when it cannot be written.
void storeAdaptation(const AdaptationResult& result);
// Missing file: nothing. Throws RunStoreError naming the file and key when it does not parse.
std::vector<StoredAdaptation> readStoredAdaptations(const std::string& runDirectory);
// The stored result of `task` for these runs, in the order adaptTrunks gives (each run's trained
// trunk, then a random-init floor found in any of their files), when every run has one with the
// same options; else nothing.
std::optional<AdaptationResult> storedAdaptation(const std::vector<std::string>& runs, const std::string& task);

// The table as CSV: trunk, training, trained_on_task, k, episodes, mean_balanced_accuracy, std,
// ci95_low, ci95_high, then the settings (task, l2, normalization, seed); one row per trunk and k.
std::string adaptationCsv(const AdaptationResult& result);

} // namespace mtw::engine

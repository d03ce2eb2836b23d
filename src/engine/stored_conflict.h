#pragma once
// A stored run's conflict matrices by kind (run_store.h's matrices table; snapshot.h's
// NamedMatrix): the whole-network cosine, each shared layer's cosine and the heads' CKA, each with
// the step and epoch of every matrix -- what `mtw-cli conflict` reports and exports. The epoch of
// a matrix step is that of the latest recorded step at or before it (the steps table).
#include "analysis/conflict_angles.h"

#include <Eigen/Dense>
#include <string>
#include <utility>
#include <vector>

namespace mtw::engine {

struct ConflictSeries {
    std::string kind; // "cosine", "cosine@<layer>" or "cka"
    std::vector<long long> steps;
    std::vector<int> epochs;
    std::vector<Eigen::MatrixXd> matrices;
};

struct StoredConflict {
    std::vector<std::string> taskNames;
    std::vector<ConflictSeries> series; // "cosine" first, then the layers input side first, then "cka"
    const ConflictSeries* find(const std::string& kind) const;
};

// The epoch of `step`: that of the latest recorded step at or before it (the first one's for an
// earlier step; 0 without any). `recorded` pairs steps with their epochs in step order; it may
// hold only each epoch's first recorded step.
int epochAtStep(const std::vector<std::pair<long long, int>>& recorded, long long step);

// Reads the run directory (engine/run_follower.h); throws RunStoreError when it cannot.
StoredConflict readStoredConflict(const std::string& runDirectory);

// Whether a matrix kind is one shared layer's cosines ("cosine@<layer>").
bool isLayerCosineKind(const std::string& kind);
// "all shared layers" for "cosine", the layer's label for "cosine@<layer>", "CKA of the heads".
std::string conflictKindTitle(const std::string& kind);
// The series whose kind or title equals `name`, or whose layer label starts with `name` followed
// by a space ("L2" for "cosine@L2 Linear 54"); null when none or several match.
const ConflictSeries* findConflictSeries(const StoredConflict& conflict, const std::string& name);

// Over the task pairs i < j with a finite m(i, j): the mean, and the share below 0 (both NaN
// without any).
struct PairSummary {
    double mean = 0;
    double negativeShare = 0;
};
PairSummary summarizePairs(const Eigen::MatrixXd& m);

// FairBranch's groups at threshold tau of an affinity (the heads' CKA) by task name:
// "{class, tops} {footwear} {bag}" (analysis::thresholdGroups).
std::string taskGroupsText(const Eigen::MatrixXd& affinity, double tau, const std::vector<std::string>& taskNames);

std::vector<analysis::AngleBox> angleBoxes(const ConflictSeries& series, int maxBoxes = 40);

// Long format: kind,step,epoch,task_i,task_j,value for every pair i < j of every matrix.
std::string storedConflictCsv(const StoredConflict& conflict);
// kind,first_epoch,last_epoch,count,min,q1,median,q3,max,conflict_share (epochs 1-based): the
// angle boxes of every cosine series (all shared layers, then each layer).
std::string angleBoxesCsv(const StoredConflict& conflict, int maxBoxes = 40);

} // namespace mtw::engine

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

// "all shared layers" for "cosine", the layer's label for "cosine@<layer>", "CKA of the heads".
std::string conflictKindTitle(const std::string& kind);
// The series whose kind or title equals `name`, or whose layer label starts with `name` followed
// by a space ("L2" for "cosine@L2 Linear 54"); null when none or several match.
const ConflictSeries* findConflictSeries(const StoredConflict& conflict, const std::string& name);

// Mean over task pairs i < j of m(i, j) (non-finite entries left out; NaN without any).
double meanOverPairs(const Eigen::MatrixXd& m);
// Share of task pairs i < j with m(i, j) < 0 (NaN without finite pairs).
double negativeShare(const Eigen::MatrixXd& m);

std::vector<analysis::AngleBox> angleBoxes(const ConflictSeries& series, int maxBoxes = 40);

// Long format: kind,step,epoch,task_i,task_j,value for every pair i < j of every matrix.
std::string storedConflictCsv(const StoredConflict& conflict);
// kind,first_epoch,last_epoch,count,min,q1,median,q3,max,conflict_share (epochs 1-based).
std::string angleBoxesCsv(const std::string& kind, const std::vector<analysis::AngleBox>& boxes);

} // namespace mtw::engine

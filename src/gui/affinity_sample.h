#pragma once
// One step's inter-task affinity matrix as the Conflict view replays it, and which affinity it is.
#include <Eigen/Dense>

namespace mtw::gui {

enum class AffinityKind {
    Proximal, // A[s,t] of a selective-groups run (Jeong & Yoon 2025), with its task groups
    Lookahead, // TAG's Z(s -> t) (Fifty et al. 2021), a trajectory factor
    OptimizerLookahead, // the optimizer-consistent Z(s -> t) (Wang, Pan & Yu 2024), a trajectory factor
};

// The affinity and the groups recorded at one step. Entries a step did not record are NaN;
// `groups` is empty for the look-ahead affinities.
struct AffinitySample {
    Eigen::MatrixXd affinity; // rows: source task s, columns: target task t
    Eigen::VectorXd groups; // group index of each task (0-based)
};

} // namespace mtw::gui

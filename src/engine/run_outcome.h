#pragma once
// How a run ended: the trainer returns it, the run store writes it to summary.json, and the CLI
// and the GUI report it. Its own header so that the run store does not depend on the trainer.
#include "core/tensor.h"
#include "engine/snapshot.h"
#include "problem/multi_task_problem.h"

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace mtw::engine {

struct RunOutcome {
    RunStatus status = RunStatus::Finished;
    std::string message;
    long long steps = 0;
    double seconds = 0;
    Eigen::VectorXd finalLosses; // on the problem's evaluation set
    std::vector<problem::TaskEvaluation> finalTest; // test split at the end (data problems with splits)
    core::Vector finalParameters;
};

} // namespace mtw::engine

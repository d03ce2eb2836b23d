#pragma once
// The points of a learning-function fit (analysis/learning_function.h; Bettgenhäuser, Hedderich &
// Klakow 2020) from stored runs: per run its variables and one performance quantity.
//   T    the run's number of tasks
//   n    its training samples (the data set's training split, rebuilt from experiment.json)
//   ami  the tasks' relatedness: the mean over task pairs of the adjusted mutual information of
//        their training labels (classification labels; binary targets as 0/1), each pair over the
//        samples labelled for both (analysis/adjusted_mutual_information.h); absent for a run with
//        fewer than two such tasks or with regression tasks
//   rho  problem.params.rho when the run has it (the synthetic family's teacher correlation)
// The performance y is any number of the study quantities (engine/quantity.h), by default
// final.test.metric.mean. A run that lacks y or a variable is skipped with the reason.
#include "analysis/learning_function.h"
#include "data/multi_task_dataset.h"
#include "engine/run_collection.h"

#include <map>
#include <string>
#include <vector>

namespace mtw::engine {

struct LearningPoint {
    std::string run; // directory
    std::map<std::string, double> variables;
    double y = 0;
};

struct LearningPoints {
    std::vector<LearningPoint> points;
    std::vector<std::pair<std::string, std::string>> skipped; // run, reason
};

// `needed`: the variables the terms use (a run lacking one is skipped, the others are kept).
LearningPoints learningPoints(const RunCollection& runs, const std::string& y, const std::vector<std::string>& needed);

// The fit over the runs: the points of the variables `terms` use, then the least-squares fit.
// Throws std::invalid_argument for bad terms or a fit the points cannot make (fewer points than
// terms, a rank-deficient basis), with the skipped runs' reasons appended when they explain it.
struct LearningFunctionStudy {
    std::string y;
    LearningPoints points;
    analysis::LearningFunctionFit fit;
};
LearningFunctionStudy fitLearningFunction(const RunCollection& runs, const std::string& y, const std::string& terms);

// The points as CSV: run, the variables used (sorted by name), y, fitted, residual.
std::string learningFunctionCsv(const LearningFunctionStudy& study);

// The mean pairwise AMI of a data set's classification and binary tasks on its training split;
// NaN with fewer than two such tasks or any regression task (`why` says which).
double meanTaskAmi(const data::MultiTaskDataset& dataset, std::string* why = nullptr);

} // namespace mtw::engine

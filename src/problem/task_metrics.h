#pragma once
// Per-task outcome metrics on a split, beside the single metric
// of TaskEvaluation:
//   classification  accuracy; macro-F1 = mean over classes c of F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c),
//                   over the classes present in the labels or the predictions (scikit-learn's
//                   f1_score(average="macro") convention)
//   binary          accuracy (logit > 0 predicts 1); F1 of the positive class (0 if undefined)
//   regression      MSE and MAE, averaged over outputs and samples
// Each metric says whether higher is better (what the delta-m conventions need).
#include "core/tensor.h"
#include "data/multi_task_dataset.h"
#include "problem/multi_task_problem.h"

#include <string>
#include <vector>

namespace mtw::problem {

struct MetricValue {
    std::string name;
    double value = 0;
    bool higherIsBetter = true;
};

struct TaskMetrics {
    std::string task;
    double loss = 0;
    std::vector<MetricValue> metrics;
    const MetricValue* find(const std::string& name) const;
};

double macroF1(const std::vector<int>& predicted, const std::vector<int>& truth);
double binaryF1(const std::vector<int>& predicted, const std::vector<int>& truth);

// Metrics of one task from its outputs (outputs x samples, column i for samples[i]).
std::vector<MetricValue> metricsFromOutputs(
    const data::TaskTargets& target, const std::vector<Index>& samples, const Matrix& outputs);

// All tasks' metrics at theta on a split; supports HardSharingNetwork and MmoeNetwork
// (std::invalid_argument for other problems).
std::vector<TaskMetrics> taskMetrics(const MultiTaskProblem& problem, const Vector& theta, Split split);

} // namespace mtw::problem

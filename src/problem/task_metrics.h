#pragma once
// Per-task outcome metrics on a split; TaskEvaluation carries the first as its metric and the
// others as moreMetrics:
//   classification  accuracy; macro-F1 = mean over classes c of F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c),
//                   over the classes present in the labels or the predictions (scikit-learn's
//                   f1_score(average="macro") convention); macro one-vs-rest ROC AUC of the softmax
//                   probabilities over the classes present in the labels with at least one sample
//                   outside them (scikit-learn's roc_auc_score(multi_class="ovr", average="macro"),
//                   which instead refuses labels that miss a class)
//   binary          accuracy (logit > 0 predicts 1); F1 of the positive class, the decisions of all
//                   outputs pooled (0 if undefined);
//                   ROC AUC of the logits, averaged over the outputs that have both labels
//                   (roc_auc_score's average="macro" for multi-label targets)
//   regression      MSE and MAE, averaged over outputs and samples
// With sample groups (MultiTaskDataset::groups), classification and binary tasks also report the
// worst-group accuracy: the lowest accuracy over the groups present in the split (Sagawa et al.
// 2020, the metric of Kulkarni et al. 2024), the decisions of a sample's outputs in its group.
// AUC is the Mann-Whitney statistic: the probability that a positive sample scores above a
// negative one, ties counting 1/2; NaN when no class or output has both labels.
// Each metric says whether higher is better (what the delta-m conventions need).
#include "core/tensor.h"
#include "data/multi_task_dataset.h"
#include "problem/multi_task_problem.h"

#include <optional>
#include <string>
#include <vector>

namespace mtw::problem {

struct TaskMetrics {
    std::string task;
    double loss = 0;
    std::vector<MetricValue> metrics;
    const MetricValue* find(const std::string& name) const;
};

double macroF1(const std::vector<int>& predicted, const std::vector<int>& truth);
double binaryF1(const std::vector<int>& predicted, const std::vector<int>& truth);
// ROC AUC of scores against 0/1 labels (ties count 1/2); NaN without both labels.
double rocAuc(const std::vector<double>& scores, const std::vector<int>& positive);
// Macro one-vs-rest AUC of class scores (classes x samples, softmax probabilities) against labels.
double oneVsRestAuc(const Eigen::MatrixXd& probabilities, const std::vector<int>& truth);

// The lowest accuracy over the groups present: decision i (predicted[i] against truth[i]) is in
// group groupOf[i]. NaN without decisions.
double worstGroupAccuracy(
    const std::vector<int>& predicted, const std::vector<int>& truth, const std::vector<int>& groupOf);

// The primary metric (TaskEvaluation::metric) summed over the labelled ones of `samples` (output
// column i for samples[i]): 1 per correct class, each binary sample's accuracy over its outputs,
// each regression sample's squared error averaged over its outputs; divided by the labelled count
// it is the metric of a split. Chunked evaluations add the sums and the counts.
struct MetricSum {
    double sum = 0;
    Index labelled = 0;
};
MetricSum primaryMetricSum(const data::TaskTargets& target, const std::vector<Index>& samples, const Matrix& outputs);

// Sets out.labelled to the batch's labelled count per task when the data set is partially
// labelled (computed once by the caller: MultiTaskDataset::partiallyLabelled), else empties it.
void recordLabelled(
    bool partiallyLabelled, const data::MultiTaskDataset& dataset, const std::vector<Index>& batch, StepGradients& out);

// Metrics of one task from its outputs (outputs x samples, column i for samples[i]) over the
// samples labelled for it; `groups`: the data set's sample groups (empty: no worst-group accuracy).
std::vector<MetricValue> metricsFromOutputs(const data::TaskTargets& target, const std::vector<Index>& samples,
    const Matrix& outputs, const std::vector<int>& groups = {});

// The metrics after the first (accuracy, MSE), which TaskEvaluation holds as its metric: the
// evaluations' moreMetrics.
std::vector<MetricValue> furtherMetrics(const data::TaskTargets& target, const std::vector<Index>& samples,
    const Matrix& outputs, const std::vector<int>& groups = {});

// The named metric of an evaluation: its primary metric by name ("accuracy", "mse") or one of its
// moreMetrics; "f1" also finds "macro_f1" (a classification task's F1). nullopt when it has none
// or its value is not finite (AUC of a split without both labels).
std::optional<MetricValue> findMetric(const TaskEvaluation& evaluation, const std::string& name);

// All tasks' metrics at theta on a split; supports HardSharingNetwork and MmoeNetwork
// (std::invalid_argument for other problems).
std::vector<TaskMetrics> taskMetrics(const MultiTaskProblem& problem, const Vector& theta, Split split);

} // namespace mtw::problem

#pragma once
// Delta-m%: the relative multi-task performance against a baseline (usually single-task models),
// in the two conventions found in the literature. Label which one a table shows.
//
// (a) Lower is better -- Maninis, Radosavovic & Kokkinos 2019 (CVPR) as used by CAGrad
//     (Liu et al. 2021, section 5) and Nash-MTL (Navon et al. 2022, section 6):
//       dm% = 100/K sum_{k=1..K} (-1)^{d_k} (M_m,k - M_b,k) / M_b,k
//     over all K metrics of all tasks pooled, d_k = 1 when higher is better for metric k. Negative
//     values mean the method beats the baseline.
// (b) Higher is better -- LibMTL (Lin & Zhang 2023, JMLR; LibMTL/utils.py count_improvement):
//       dp% = 100/T sum_{t=1..T} 1/N_t sum_{i=1..N_t} (-1)^{s_t,i} (M_m,t,i - M_b,t,i) / M_b,t,i
//     with s_t,i = 1 when lower is better: the mean over tasks of each task's mean over its N_t
//     metrics. Positive values mean the method beats the baseline.
// The two differ in sign and in weighting (pooled metrics vs per-task means) whenever tasks have
// different numbers of metrics.
#include <string>
#include <vector>

namespace mtw::analysis {

struct MetricResult {
    std::string task;
    std::string metric;
    double value = 0;
    bool higherIsBetter = true;
};

// Each baseline metric must exist in method (matched by task and metric name) and be non-zero;
// otherwise std::invalid_argument names it.
double deltaMLowerIsBetter(const std::vector<MetricResult>& method, const std::vector<MetricResult>& baseline);
double deltaMHigherIsBetter(const std::vector<MetricResult>& method, const std::vector<MetricResult>& baseline);

} // namespace mtw::analysis

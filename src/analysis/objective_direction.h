#pragma once
// Outcome fronts minimise every objective (analysis/pareto.h): an evaluation metric where larger
// is better (accuracy, F1, macro-F1, AUC: all in [0, 1]) enters as its complement 1 - metric
// (the error rate for accuracy); losses and lower-is-better metrics (MSE) enter as they are.
namespace mtw::analysis {

inline double minimisedMetric(double metric, bool higherIsBetter)
{
    return higherIsBetter ? 1.0 - metric : metric;
}

} // namespace mtw::analysis

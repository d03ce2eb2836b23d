#pragma once
// The built-in demo: engine::demoExperiment (CAGrad toy, Nash-MTL, 35,000 Adam steps) plus the
// same experiment for a few comparison methods, so the Pareto view shows several end points.
#include "engine/experiment.h"

#include <QStringList>
#include <vector>

namespace mtw::gui {

QStringList demoComparisonMethods(); // ew, mgda, pcgrad, cagrad, upgrad (those registered)

// The demo first, then the comparison runs; steps > 0 overrides the step count (tests).
std::vector<engine::Experiment> demoExperiments(long long steps = 0);

// The same experiment with another method (its parameters at their defaults), named after it.
engine::Experiment withMethod(const engine::Experiment& experiment, const std::string& method);

} // namespace mtw::gui

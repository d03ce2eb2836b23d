#pragma once
// The short two-task toy run the session and GUI suites train: the demo experiment with `steps`
// steps on one thread (so that a suite's timing does not depend on the machine's cores).
#include "engine/experiment.h"

namespace mtw::test {

inline engine::Experiment toyExperiment(long long steps, const std::string& method = "nash_mtl")
{
    engine::Experiment e = engine::demoExperiment(method);
    e.steps = steps;
    e.threads = 1;
    return e;
}

} // namespace mtw::test

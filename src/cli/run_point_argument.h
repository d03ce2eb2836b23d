#pragma once
// A point of a stored run named on the command line (`mtw-cli landscape --points`,
// `mtw-cli interpolate`): RUN (its end), RUN@start, RUN@end or RUN@STEP (a stored parameter
// snapshot). The run's experiment comes with it, for the model checks of engine/run_points.h.
#include "engine/experiment.h"
#include "engine/run_points.h"

#include <string>

namespace mtw::cli {

struct RunPointArgument {
    std::string directory;
    std::string label; // "<run name> end", "<run name> start", "<run name> @500"
    engine::Experiment experiment;
    engine::RunPoint point;
};

// Throws std::runtime_error (RunStoreError, ExperimentError) with the spec and the reason.
RunPointArgument resolveRunPoint(const std::string& spec);

} // namespace mtw::cli

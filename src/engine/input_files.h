#pragma once
// The files a run reads (a CSV, a data directory: the problem's path parameters, see
// problem::ProblemSpec::pathParameters), made absolute when the run starts and fingerprinted in its
// checkpoint, so a resume reads the same bytes from any working directory or refuses with the
// reason: "training data changed since the checkpoint: '/data/x.csv' was 1048576 bytes, now 512".
#include "engine/experiment.h"

#include <map>
#include <string>

namespace mtw::engine {

// Rewrites every non-empty path parameter of the experiment's problem as an absolute path
// (relative ones are taken from the current working directory).
void makeInputPathsAbsolute(Experiment& experiment);

// One entry per input file: key "input:<absolute path>", value "size=<bytes> fnv1a64=<hex>".
// A directory contributes each regular file directly inside it. A missing path gives "missing".
std::map<std::string, std::string> inputFingerprints(const Experiment& experiment);

// The differences between the fingerprints a checkpoint recorded and the current ones, as one
// readable sentence per file; empty when nothing changed.
std::string describeInputChanges(
    const std::map<std::string, std::string>& recorded, const std::map<std::string, std::string>& current);

} // namespace mtw::engine

#pragma once
// Training a derived run (a group, a task alone, a pair) into <root>/<name>, or reusing the
// finished run of the very same experiment already stored there; shared by `mtw-cli grouping
// --train` and `mtw-cli pairs --train`.
#include "engine/experiment.h"
#include "engine/run_reader.h"

#include <optional>
#include <string>

namespace mtw::cli {

// The finished run of `experiment` stored in `directory` (same experiment JSON), or nothing when
// there is none, it did not finish, it is another experiment or it cannot be read.
std::optional<engine::RunRecord> finishedRunIn(const std::string& directory, const engine::Experiment& experiment);

// Trains `experiment` into `directory` (replacing what is there when `force`), or reuses a
// finished run of the same experiment there. Returns the run, or nothing when it failed or was
// stopped (the message is printed). Throws what runToDirectory throws on set-up errors.
std::optional<engine::RunRecord> trainOrReuse(
    const engine::Experiment& experiment, const std::string& directory, bool force, bool quiet);

} // namespace mtw::cli

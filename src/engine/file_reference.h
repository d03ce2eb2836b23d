#pragma once
// The keys of experiment and sweep files, as their readers read them: the source of the file
// reference in docs/user-guide.md (`mtw-cli reference`).
//
// Parses built-in documents that reach every block the readers know (every block present, every
// kind of sweep axis) under an engine::KeyRecorder, then the given files. A reader records every
// key it looks for, present or not, so one document per block reaches all of the block's keys;
// the given files (the bundled examples) are a check that nothing is reached only through them.
#include "engine/key_recorder.h"

#include <string>
#include <vector>

namespace mtw::engine {

// Keys in the order first read. Throws ExperimentError when a document does not parse (the file's
// path first), std::runtime_error when a file reaches a key the built-in documents do not.
std::vector<KeyRecord> fileReferenceKeys(const std::vector<std::string>& files = {});

} // namespace mtw::engine

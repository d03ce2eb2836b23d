#pragma once
// Finds the run directories below a set of paths, for cross-run studies. A run directory holds
// experiment.json and run.sqlite (engine/run_store.h); a path may be one itself. The search
// descends into every folder (not into run directories, which never nest) and follows no
// symbolic links to folders.
#include <string>
#include <vector>

namespace mtw::engine {

bool isRunDirectory(const std::string& path);

// Sorted, without duplicates. Throws StudyError (engine/quantity.h) for a path that does not
// exist or holds no run directory, naming it.
std::vector<std::string> findRunDirectories(const std::vector<std::string>& paths);

} // namespace mtw::engine

#include "engine/run_discovery.h"

#include "engine/quantity.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace mtw::engine {

namespace fs = std::filesystem;

namespace {
// "runs/a/" and "runs/./a" name the same run as "runs/a".
std::string normalized(const fs::path& path)
{
    fs::path clean = path.lexically_normal();
    if (!clean.has_filename() && clean.has_parent_path())
        clean = clean.parent_path();
    return clean.string();
}
} // namespace

bool isRunDirectory(const std::string& path)
{
    std::error_code error;
    return fs::is_regular_file(fs::path(path) / "experiment.json", error)
        && fs::is_regular_file(fs::path(path) / "run.sqlite", error);
}

std::vector<std::string> findRunDirectories(const std::vector<std::string>& paths)
{
    std::vector<std::string> runs;
    for (const std::string& path : paths) {
        std::error_code error;
        if (!fs::exists(path, error))
            throw StudyError("'" + path + "' does not exist");
        const std::size_t before = runs.size();
        if (isRunDirectory(path)) {
            runs.push_back(normalized(path));
        } else if (fs::is_directory(path, error)) {
            fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error), end;
            for (; !error && it != end; it.increment(error)) {
                if (!it->is_directory(error) || it->is_symlink(error))
                    continue;
                if (isRunDirectory(it->path().string())) {
                    runs.push_back(normalized(it->path()));
                    it.disable_recursion_pending();
                }
            }
            if (error)
                throw StudyError("cannot search '" + path + "': " + error.message());
        }
        if (runs.size() == before)
            throw StudyError(
                "'" + path + "' holds no run directory (a run directory has experiment.json and run.sqlite)");
    }
    std::sort(runs.begin(), runs.end());
    runs.erase(std::unique(runs.begin(), runs.end()), runs.end());
    return runs;
}

} // namespace mtw::engine

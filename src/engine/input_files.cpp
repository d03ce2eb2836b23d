#include "engine/input_files.h"

#include "core/fnv1a.h"
#include "problem/problem_registry.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace mtw::engine {

namespace fs = std::filesystem;

namespace {

const problem::ProblemSpec* specOf(const Experiment& experiment)
{
    return problem::ProblemRegistry::instance().find(experiment.problem);
}

std::string fileFingerprint(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "missing";
    // Read in 1 MiB blocks: a 200 MB CSV costs well under a second.
    core::Fnv1a hash;
    std::uint64_t size = 0;
    std::vector<char> block(1 << 20);
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const std::streamsize got = in.gcount();
        hash.add(std::string_view(block.data(), static_cast<std::size_t>(got)));
        size += static_cast<std::uint64_t>(got);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value()));
    return "size=" + std::to_string(size) + " fnv1a64=" + hex;
}

std::string sizeOf(const std::string& fingerprint)
{
    const auto start = fingerprint.find("size=");
    if (start == std::string::npos)
        return fingerprint;
    return fingerprint.substr(start + 5, fingerprint.find(' ', start) - start - 5) + " bytes";
}

} // namespace

void makeInputPathsAbsolute(Experiment& experiment)
{
    const problem::ProblemSpec* spec = specOf(experiment);
    if (!spec)
        return;
    for (const std::string& name : spec->pathParameters) {
        const auto it = experiment.problemParams.find(name);
        if (it == experiment.problemParams.end())
            continue;
        const std::string* path = std::get_if<std::string>(&it->second);
        if (path && !path->empty())
            it->second = fs::absolute(*path).lexically_normal().string();
    }
}

std::map<std::string, std::string> inputFingerprints(const Experiment& experiment)
{
    std::map<std::string, std::string> fingerprints;
    const problem::ProblemSpec* spec = specOf(experiment);
    if (!spec)
        return fingerprints;
    for (const std::string& name : spec->pathParameters) {
        const auto it = experiment.problemParams.find(name);
        const std::string* path
            = it == experiment.problemParams.end() ? nullptr : std::get_if<std::string>(&it->second);
        if (!path || path->empty())
            continue; // a built-in default location (the Debian data set), not a user file
        std::error_code error;
        if (fs::is_directory(*path, error)) {
            for (const fs::directory_entry& entry : fs::directory_iterator(*path, error))
                if (entry.is_regular_file())
                    fingerprints["input:" + entry.path().string()] = fileFingerprint(entry.path());
        } else {
            fingerprints["input:" + *path] = fileFingerprint(*path);
        }
    }
    return fingerprints;
}

std::string describeInputChanges(
    const std::map<std::string, std::string>& recorded, const std::map<std::string, std::string>& current)
{
    // A stream, not "'" + file + ...: GCC 12 warns falsely (-Wrestrict) on that operator+ chain.
    std::ostringstream changes;
    const char* separator = "";
    for (const auto& [key, before] : recorded) {
        const std::string file = key.substr(6);
        const auto now = current.find(key);
        const bool missing = now == current.end() || now->second == "missing";
        if (!missing && now->second == before)
            continue;
        changes << separator << "'" << file << "'";
        if (missing)
            changes << " is missing";
        else
            changes << " changed (was " << sizeOf(before) << ", now " << sizeOf(now->second)
                    << (sizeOf(before) == sizeOf(now->second) ? ", other contents" : "") << ")";
        separator = "; ";
    }
    for (const auto& [key, now] : current)
        if (!recorded.count(key)) {
            changes << separator << "'" << key.substr(6) << "' is new";
            separator = "; ";
        }
    return changes.str();
}

} // namespace mtw::engine

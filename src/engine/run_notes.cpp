#include "engine/run_notes.h"

#include "engine/atomic_file.h"
#include "engine/run_discovery.h"
#include "engine/run_store.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace {
std::string trimmed(const std::string& text)
{
    const std::size_t first = text.find_first_not_of(" \t\n\r");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\n\r") - first + 1);
}
} // namespace

RunNotes readRunNotes(const std::string& runDirectory)
{
    const std::string path = runDirectory + "/" + runNotesFileName;
    std::ifstream in(path);
    if (!in)
        return {};
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_object())
        throw RunStoreError("'" + path + "' is not a JSON object");
    RunNotes notes;
    if (const auto tags = json.find("tags"); tags != json.end()) {
        if (!tags->is_array())
            throw RunStoreError("'" + path + "': \"tags\" must be an array of strings");
        for (const nlohmann::json& tag : *tags) {
            if (!tag.is_string())
                throw RunStoreError("'" + path + "': \"tags\" must be an array of strings");
            notes.tags.push_back(tag.get<std::string>());
        }
    }
    if (const auto note = json.find("note"); note != json.end()) {
        if (!note->is_string())
            throw RunStoreError("'" + path + "': \"note\" must be a string");
        notes.note = note->get<std::string>();
    }
    return notes;
}

void writeRunNotes(const std::string& runDirectory, RunNotes notes)
{
    if (!isRunDirectory(runDirectory))
        throw RunStoreError("'" + runDirectory + "' is not a run directory (no experiment.json and run.sqlite)");
    std::vector<std::string> tags;
    for (const std::string& tag : notes.tags) {
        const std::string clean = trimmed(tag);
        if (clean.find(',') != std::string::npos)
            throw RunStoreError("tag '" + clean + "' contains a comma (tags are listed comma-separated)");
        if (!clean.empty())
            tags.push_back(clean);
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    nlohmann::json json;
    json["tags"] = tags;
    json["note"] = notes.note;
    const std::string path = runDirectory + "/" + runNotesFileName;
    if (const auto error = writeFileAtomically(path, json.dump(2) + "\n"))
        throw RunStoreError(*error);
}

} // namespace mtw::engine

#pragma once
// A researcher's tags and free-text note on a run, saved with the run as <run>/notes.json
// ({"tags": [...], "note": "..."}), so they travel with the directory (copied, archived, opened on
// another machine) and any tool reads them. Written atomically (a temporary file renamed over the
// old one); a run's writer never touches the file, so notes can be edited while the run trains.
#include <string>
#include <vector>

namespace mtw::engine {

struct RunNotes {
    std::vector<std::string> tags; // sorted, unique, no empty or comma-containing tags
    std::string note;
    bool operator==(const RunNotes&) const = default;
};

constexpr const char* runNotesFileName = "notes.json";

// Missing file: empty notes. Throws RunStoreError naming the file when it does not parse.
RunNotes readRunNotes(const std::string& runDirectory);
// Throws RunStoreError when the directory is not a run or the file cannot be written; tags are
// trimmed, sorted and made unique; a tag with a comma is refused (tags are listed comma-separated).
void writeRunNotes(const std::string& runDirectory, RunNotes notes);

} // namespace mtw::engine

#pragma once
// The file and command reference of docs/user-guide.md as Markdown, from the code: the experiment
// and sweep keys as their readers read them (engine/file_reference.h), every problem, the model
// block, every method and training mode from their parameter schemas, and mtw-cli's exit codes.
// The guide holds it between two marker lines; `mtw-cli reference --update` rewrites that part.
#include "engine/key_recorder.h"

#include <string>
#include <vector>

namespace mtw::cli {

inline constexpr const char* referenceBegin
    = "<!-- BEGIN generated reference: scripts/update-user-guide.sh rewrites this part -->";
inline constexpr const char* referenceEnd = "<!-- END generated reference -->";

std::string referenceMarkdown(const std::vector<engine::KeyRecord>& keys);

// The guide with the text between its marker lines replaced by `reference`; throws
// std::runtime_error when the markers are missing or out of order.
std::string spliceReference(const std::string& guide, const std::string& reference);

} // namespace mtw::cli

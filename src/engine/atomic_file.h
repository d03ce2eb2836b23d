#pragma once
// Replaces a file's contents all at once: written to <path>.tmp, then renamed over <path>, so a
// reader (or a crash) sees the old file or the new one, never half of one.
#include <optional>
#include <string>

namespace mtw::engine {

// The reason when it fails ("cannot write 'x.tmp' (disk full or not writable?)"), else nullopt;
// callers throw their own error type with it. A temporary that could not be written is removed.
std::optional<std::string> writeFileAtomically(const std::string& path, const std::string& bytes);

} // namespace mtw::engine

#pragma once
// The error of an experiment file, a `--param` argument or any other input a person writes: the
// message, and the key path it concerns ("method.params.c: must be in [0, 1000], got -1"). Its own
// header so that the JSON helpers below the experiment reader throw it without including it.
#include <stdexcept>
#include <string>

namespace mtw::engine {

class ExperimentError : public std::runtime_error {
public:
    // Control characters in the path (a key holding a NUL or a newline) are shown escaped.
    ExperimentError(const std::string& path, const std::string& message)
        : std::runtime_error(printable(path).empty() ? message : printable(path) + ": " + message)
        , m_path(printable(path))
        , m_message(message)
    {
    }
    const std::string& path() const { return m_path; }
    const std::string& message() const { return m_message; } // without the path

private:
    static std::string printable(const std::string& text);
    std::string m_path;
    std::string m_message;
};

} // namespace mtw::engine

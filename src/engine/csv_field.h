#pragma once
// One field of a CSV file a program writes (RFC 4180): quoted when it holds a comma, a quote or a
// line break, with quotes doubled.
#include <string>

namespace mtw::engine {

inline std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace mtw::engine

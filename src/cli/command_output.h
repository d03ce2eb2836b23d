#pragma once
// Where a command's table goes: the file --out names, or stdout when it names none. Opened before
// the work starts, so a path that cannot be written is said at once, not after minutes of work;
// a file that cannot be written is exit 1 (ExitRunFailed), as for every --csv of mtw-cli.
#include <fstream>
#include <iosfwd>
#include <string>

namespace mtw::cli {

class CommandOutput {
public:
    explicit CommandOutput(std::string path); // empty: stdout
    // False (and the error printed) when the file cannot be opened.
    bool ok() const;
    std::ostream& stream();
    // Flushes; false (and the error printed) when the file could not be written.
    bool finish();

private:
    std::string m_path;
    std::ofstream m_file;
};

} // namespace mtw::cli

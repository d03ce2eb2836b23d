#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli notes RUN... [--tag T]... [--untag T]... [--note TEXT]`: adds or removes tags and sets
// the note of runs (engine/run_notes.h, the same notes.json the runs table edits), then prints each
// run's tags and note. Without options it only prints them.
class NotesCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_runs;
    std::vector<std::string> m_tags;
    std::vector<std::string> m_untags;
    std::string m_note;
    bool m_setNote = false;
};

} // namespace mtw::cli

#include "cli/command_notes.h"

#include "engine/run_notes.h"

#include <algorithm>
#include <iostream>

namespace mtw::cli {

void NotesCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("notes", "Show or edit the tags and note saved with runs (notes.json)");
    subcommand->add_option("runs", m_runs, "Run directories")->required();
    subcommand->add_option("--tag", m_tags, "Add a tag (repeatable)");
    subcommand->add_option("--untag", m_untags, "Remove a tag (repeatable)");
    subcommand->add_option("--note", m_note, "Replace the note (\"\" clears it)")->each([this](const std::string&) {
        m_setNote = true;
    });
}

int NotesCommand::execute()
{
    int code = ExitOk;
    for (const std::string& run : m_runs) {
        try {
            engine::RunNotes notes = engine::readRunNotes(run);
            if (!m_tags.empty() || !m_untags.empty() || m_setNote) {
                notes.tags.insert(notes.tags.end(), m_tags.begin(), m_tags.end());
                std::erase_if(notes.tags, [this](const std::string& tag) {
                    return std::find(m_untags.begin(), m_untags.end(), tag) != m_untags.end();
                });
                if (m_setNote)
                    notes.note = m_note;
                engine::writeRunNotes(run, notes);
                notes = engine::readRunNotes(run);
            }
            std::string tags;
            for (const std::string& tag : notes.tags)
                tags += (tags.empty() ? "" : ", ") + tag;
            std::cout << run << "\n  tags: " << (tags.empty() ? "(none)" : tags)
                      << "\n  note: " << (notes.note.empty() ? "(none)" : notes.note) << "\n";
        } catch (const std::exception& error) {
            std::cerr << "error: " << error.what() << "\n";
            code = ExitBadInput;
        }
    }
    return code;
}

} // namespace mtw::cli

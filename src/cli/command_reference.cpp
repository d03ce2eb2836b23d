#include "cli/command_reference.h"

#include "cli/reference_markdown.h"
#include "engine/file_reference.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace mtw::cli {

namespace {

// Directories as their *.json files, sorted, so the check reads them in a fixed order.
std::vector<std::string> expandExamples(const std::vector<std::string>& paths)
{
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        if (!std::filesystem::is_directory(path)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> inside;
        for (const auto& entry : std::filesystem::directory_iterator(path))
            if (entry.path().extension() == ".json")
                inside.push_back(entry.path().string());
        std::sort(inside.begin(), inside.end());
        files.insert(files.end(), inside.begin(), inside.end());
    }
    return files;
}

bool readText(const std::string& path, std::string& text)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return static_cast<bool>(in);
}

// "line N: expected ... / found ..." for the first line that differs.
std::string firstDifference(const std::string& expected, const std::string& found)
{
    std::istringstream a(expected), b(found);
    std::string lineA, lineB;
    for (int line = 1;; ++line) {
        const bool moreA = static_cast<bool>(std::getline(a, lineA));
        const bool moreB = static_cast<bool>(std::getline(b, lineB));
        if (!moreA && !moreB)
            return {};
        if (!moreA || !moreB || lineA != lineB)
            return "first difference at line " + std::to_string(line) + "\n  generated: " + (moreA ? lineA : "(end)")
                + "\n  in guide:  " + (moreB ? lineB : "(end)");
    }
}

} // namespace

void ReferenceCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("reference",
        "Print the experiment file, problem, method, mode and exit-code reference as Markdown (docs/user-guide.md)");
    subcommand->add_option("--examples", m_examples,
        "Also parse these experiment or sweep files (directories: their *.json) and fail if one reaches a key the "
        "reference misses");
    auto* update
        = subcommand->add_option("--update", m_update, "Rewrite the reference between the marker lines of this guide");
    auto* check = subcommand->add_option("--check", m_check,
        "Compare with the reference between the marker lines of this guide; exit 1 when they differ");
    update->excludes(check);
}

int ReferenceCommand::execute()
{
    std::string reference;
    try {
        reference = referenceMarkdown(engine::fileReferenceKeys(expandExamples(m_examples)));
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    if (m_update.empty() && m_check.empty()) {
        std::cout << reference;
        return ExitOk;
    }
    const std::string path = m_update.empty() ? m_check : m_update;
    std::string guide;
    std::string updated;
    try {
        if (!readText(path, guide))
            throw std::runtime_error("cannot read the file");
        updated = spliceReference(guide, reference);
    } catch (const std::exception& error) {
        std::cerr << "error: " << path << ": " << error.what() << "\n";
        return ExitBadInput;
    }
    if (!m_check.empty()) {
        if (updated == guide)
            return ExitOk;
        std::cerr << path << ": the generated reference is out of date (" << firstDifference(updated, guide)
                  << ")\nupdate it with: scripts/update-user-guide.sh BUILD_DIR\n"
                  << "            (or: mtw-cli reference --examples resources/examples --update " << path << ")\n";
        return ExitRunFailed;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << updated;
    out.flush();
    if (!out) {
        std::cerr << "error: cannot write " << path << "\n";
        return ExitRunFailed;
    }
    std::cout << (updated == guide ? "unchanged: " : "updated: ") << path << "\n";
    return ExitOk;
}

} // namespace mtw::cli

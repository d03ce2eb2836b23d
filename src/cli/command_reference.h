#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli reference [--examples PATH...] [--update GUIDE | --check GUIDE]`: the experiment file,
// problem, method, mode and exit-code reference as Markdown (cli/reference_markdown.h), printed,
// written between the marker lines of the user guide, or compared with them (exit 1 when they
// differ, with the command that updates them).
class ReferenceCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_examples;
    std::string m_update;
    std::string m_check;
};

} // namespace mtw::cli

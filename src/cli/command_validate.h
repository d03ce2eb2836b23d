#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli validate EXP.json`: parses and checks an experiment file; prints the error with its
// key path, or the normalized experiment.
class ValidateCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_experiment;
    bool m_print = false;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

namespace mtw::cli {

// `mtw-cli problems`: every problem with its parameters (and the model block's parameters).
class ProblemsCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

namespace mtw::cli {

// `mtw-cli modes [--json]`: the training modes (experiment file "mode" section), their papers and
// parameters.
class ModesCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    bool m_json = false;
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli baselines EXP.json [--root DIR] [--with-multi]`: one single-task run per task with
// the experiment's model, optimizer, budget and seed (densely evaluated early), and optionally
// the multi-task run itself, into <root>/<name>-st-<task> and <root>/<name>-mt. Then
// `mtw-cli transfer` compares them.
class BaselinesCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_experiment;
    std::string m_root = "runs";
    bool m_withMulti = false;
    bool m_force = false;
    bool m_quiet = false;
};

} // namespace mtw::cli

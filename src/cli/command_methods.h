#pragma once
#include "cli/command.h"

namespace mtw::cli {

class MethodsCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    bool m_json = false;
};

} // namespace mtw::cli

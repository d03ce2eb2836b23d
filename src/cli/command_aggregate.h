#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli aggregate --method NAME [--param k=v ...] < matrix.json`: reads task gradients (a JSON
// array of rows, or {"jacobian": [[...]], "losses": [...]}) on stdin and prints the method's
// weights and direction as JSON -- a scriptable check of our methods against other libraries.
class AggregateCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_method;
    std::vector<std::string> m_params;
    long long m_seed = 0;
};

} // namespace mtw::cli

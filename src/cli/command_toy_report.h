#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli toy-report`: runs the CAGrad/Nash-MTL toy for several methods from several start
// points (Nash-MTL's five or CAGrad's three) and prints each end point, its losses and its
// Pareto-stationarity (norm of the min-norm point of the convex hull of the two gradients).
class ToyReportCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_methods { "ew", "mgda", "pcgrad", "cagrad", "nash_mtl", "upgrad" };
    std::string m_starts = "nash";
    long long m_steps = 35000;
    std::vector<double> m_scales { 1.0, 1.0 };
    std::string m_csv;
    int m_jobs = 0;
    std::string m_mode = "joint";
};

} // namespace mtw::cli

#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli learning-fit PATHS... [--y QUANTITY] [--terms "1, sqrt(n), sqrt(T), sqrt(ami)"] [--csv FILE]`:
// the learning function of Bettgenhäuser, Hedderich & Klakow (2020) fitted by least squares over
// stored runs (engine/learning_function_points.h): per run T, n, the tasks' mean AMI and rho, and
// a performance quantity (default final.test.metric.mean); prints the coefficients with standard
// errors, R^2 and the skipped runs; --csv writes each run's variables, y, fitted value and residual.
class LearningFitCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::vector<std::string> m_paths;
    std::string m_y = "final.test.metric.mean";
    std::string m_terms;
    std::string m_csv;
};

} // namespace mtw::cli

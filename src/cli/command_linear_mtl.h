#pragma once
#include "classical/linear_mtl_comparison.h"
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli linear-mtl [--regularizer trace|l21] [--lambda X] [--solver ista,fista,async]
// [--max-delay K] [--delays drawn|clock] [--straggler F] [--jitter J] [--tasks T --features d --samples n --rank r
// --rows s --noise sigma --seed S] [--iterations N] [--csv FILE]`: classical linear multi-task
// regression with a trace-norm or l2,1 regularizer on synthetic data with a known W*, solved by
// synchronous ISTA / FISTA and the simulated asynchronous AMTL (classical/linear_mtl_comparison.h),
// one summary row per solver (final objective, F - F*, prox-gradient residual, recovery error,
// rank or non-zero rows, simulated time, staleness) and with --csv the objective curves.
class LinearMtlCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_regularizer = "trace";
    std::string m_delays = "drawn";
    std::vector<std::string> m_solvers;
    std::string m_csv;
    double m_lambda = 0; // used when --lambda is given
    classical::LinearMtlOptions m_options;
};

} // namespace mtw::cli

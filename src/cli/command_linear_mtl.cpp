#include "cli/command_linear_mtl.h"

#include "classical/linear_mtl_comparison.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace mtw::cli {

namespace {

std::string number(double value, int precision = 4)
{
    std::ostringstream out;
    out << std::setprecision(precision) << value;
    return out.str();
}

} // namespace

void LinearMtlCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("linear-mtl",
        "Classical linear MTL: trace-norm or l2,1 regularized regression by ISTA, FISTA and simulated asynchronous "
        "AMTL, on synthetic tasks with a known W*");
    classical::LinearMtlOptions& o = m_options;
    subcommand
        ->add_option("--regularizer", m_regularizer, "trace (low-rank W*) or l21 (row-sparse W*) (default: trace)")
        ->check(CLI::IsMember({ "trace", "l21" }));
    subcommand->add_option(
        "--lambda", m_lambda, "Regularization weight lambda > 0 (default: 0.5 with trace, 0.2 with l21)");
    subcommand->add_option("--solver", m_solvers, "Solvers to compare, comma separated (default: ista,fista,async)")
        ->delimiter(',')
        ->check(CLI::IsMember({ "ista", "fista", "async" }));
    subcommand->add_option("--max-delay", o.async.maxDelay,
        "Async: maximum staleness tau in server updates; KM step c/(2 tau/sqrt(T)+1) (default: 5)");
    subcommand
        ->add_option("--delays", m_delays,
            "Async staleness: drawn uniformly in 0..tau, or clock: the updates other nodes made while a node "
            "computed (default: drawn)")
        ->check(CLI::IsMember({ "drawn", "clock" }));
    subcommand->add_option("--km-constant", o.async.kmConstant, "Async: c in (0, 1) of the KM step (default: 0.9)");
    subcommand->add_option("--straggler", o.timing.straggler,
        "Compute time of the last task's node, in units of the others' (default: 1)");
    subcommand->add_option(
        "--jitter", o.timing.jitter, "Mean of the exponential extra compute time of a node, a fraction (default: 0.5)");
    subcommand->add_option("--tasks", o.data.tasks, "Tasks T (default: 20)");
    subcommand->add_option("--features", o.data.features, "Features d (default: 50)");
    subcommand->add_option("--samples", o.data.samples, "Samples per task n (default: 40)");
    subcommand->add_option("--rank", o.data.rank, "Rank of W* with --regularizer trace (default: 3)");
    subcommand->add_option("--rows", o.data.rows, "Non-zero rows of W* with --regularizer l21 (default: 5)");
    subcommand->add_option("--noise", o.data.noise, "Noise standard deviation (default: 0.1)");
    subcommand->add_option("--seed", o.data.seed, "Seed of the data, the node clock and the delays (default: 1)");
    subcommand->add_option("--iterations", o.iterations,
        "Synchronous iterations; async runs epochs of T server updates until the same simulated time (alone: N epochs) "
        "(default: 300)");
    subcommand->add_option("--threads", o.threads, "Threads of the per-task work; 0: all cores (default: 0)");
    subcommand->add_option("--csv", m_csv, "Write the curves: solver,iteration,time,objective,gap");
}

int LinearMtlCommand::execute()
{
    m_options.regularizer = *classical::parseRegularizer(m_regularizer);
    m_options.async.delays = *classical::parseDelayModel(m_delays);
    if (subcommand->count("--lambda") > 0)
        m_options.lambda = m_lambda;
    if (!m_solvers.empty()) {
        m_options.solvers.clear();
        for (const std::string& name : m_solvers)
            m_options.solvers.push_back(*classical::parseSolver(name));
    }
    classical::LinearMtlComparison result;
    try {
        result = classical::compareLinearMtlSolvers(m_options);
    } catch (const std::invalid_argument& error) {
        std::cerr << "error: --" << error.what() << "\n";
        return ExitBadInput;
    }
    const classical::LinearMtlOptions& o = result.options;
    const bool trace = o.regularizer == classical::Regularizer::TraceNorm;
    std::cout << "Linear MTL, " << (trace ? "trace norm" : "l2,1 norm") << ", lambda " << *o.lambda << ": T "
              << o.data.tasks << " tasks, d " << o.data.features << " features, n " << o.data.samples
              << " samples per task, W* "
              << (trace ? "rank " + std::to_string(o.data.rank) : std::to_string(o.data.rows) + " non-zero rows")
              << ", noise " << o.data.noise << ", seed " << o.data.seed << "\n";
    std::cout << "Step eta = 1/L = " << number(1.0 / result.lipschitz) << "; nodes: straggler x" << o.timing.straggler
              << ", jitter " << o.timing.jitter << "; async: " << classical::delayModelName(o.async.delays)
              << " delays, max delay " << o.async.maxDelay << ", KM step "
              << number(classical::kmRelaxation(o.async.maxDelay, o.data.tasks, o.async.kmConstant)) << "\n";
    std::cout << "F* = " << std::setprecision(10) << result.optimum.objective << " (FISTA with restart, "
              << result.optimum.iterations << " iterations, residual " << number(result.optimum.residual, 2) << "), "
              << (trace ? "rank " + std::to_string(result.optimumRank) : std::to_string(result.optimumRows) + " rows")
              << ", recovery error " << number(result.optimumRecoveryError) << "\n";
    const char* structure = trace ? "rank" : "rows";
    std::cout << "Synchronous solvers: " << o.iterations
              << " iterations; async: epochs of T updates until the same simulated time\n";
    std::cout << std::left << std::setw(8) << "solver" << std::right << std::setw(8) << "iters" << std::setw(18)
              << "objective" << std::setw(11) << "F - F*" << std::setw(11) << "residual" << std::setw(10) << "recovery"
              << std::setw(6) << structure << std::setw(10) << "sim.time" << std::setw(16) << "delay max/mean"
              << "\n";
    const double floor = result.floorObjective();
    for (const classical::SolverSummary& s : result.solvers) {
        const bool async = s.run.solver == "async";
        std::cout << std::left << std::setw(8) << s.run.solver << std::right << std::setw(8)
                  << s.run.trace.back().iteration << std::setw(18) << std::setprecision(12) << s.objective
                  << std::setw(11) << number(s.objective - floor, 3) << std::setw(11) << number(s.residual, 3)
                  << std::setw(10) << number(s.recoveryError) << std::setw(6) << (trace ? s.rank : s.rows)
                  << std::setw(10) << number(s.run.time) << std::setw(16)
                  << (async ? std::to_string(s.run.maxDelay) + "/" + number(s.run.meanDelay, 3) : std::string("-"))
                  << "\n";
    }
    if (!m_csv.empty()) {
        std::ofstream csv(m_csv);
        csv << classical::curvesCsv(result);
        if (!csv) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
        std::cout << "curves: " << m_csv << "\n";
    }
    return ExitOk;
}

} // namespace mtw::cli

#include "cli/command_learning_fit.h"

#include "engine/learning_function_points.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>

namespace mtw::cli {

void LearningFitCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("learning-fit",
        "Fit performance against T, n and the tasks' AMI over stored runs by least squares (Bettgenhauser et al. "
        "2020)");
    subcommand->add_option("paths", m_paths, "Run directories or folders holding them (searched recursively)")
        ->required();
    subcommand->add_option("--y", m_y, "Performance quantity (any number of `mtw-cli study --list`)")
        ->capture_default_str();
    m_terms = analysis::defaultLearningTerms();
    subcommand
        ->add_option("--terms", m_terms,
            "Comma-separated terms: 1, v, sqrt(v), 1/sqrt(v), log(v) or 1/v of the variables T, n, ami, rho")
        ->capture_default_str();
    subcommand->add_option("--csv", m_csv, "Write run, variables, y, fitted value and residual");
}

int LearningFitCommand::execute()
{
    engine::LearningFunctionStudy study;
    try {
        const engine::RunCollection runs(m_paths);
        study = engine::fitLearningFunction(runs, m_y, m_terms);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    const analysis::LearningFunctionFit& fit = study.fit;
    std::cout << "learning function: " << m_y << " = " << fit.formula() << "\n"
              << "  " << study.points.points.size() << " runs (" << study.points.skipped.size()
              << " skipped), R^2 = " << std::setprecision(4) << fit.rSquared << ", residual std " << fit.residualStd
              << "\n";
    std::cout << "  " << std::left << std::setw(14) << "term" << std::setw(14) << "coefficient"
              << "std error\n";
    for (std::size_t k = 0; k < fit.terms.size(); ++k) {
        const Eigen::Index i = static_cast<Eigen::Index>(k);
        std::cout << "  " << std::setw(14) << fit.terms[k].text() << std::setw(14) << std::setprecision(6)
                  << fit.coefficients(i) << fit.standardErrors(i) << "\n";
    }
    for (const auto& [run, reason] : study.points.skipped)
        std::cout << "  skipped " << run << ": " << reason << "\n";
    if (!m_csv.empty()) {
        std::ofstream csv(m_csv);
        csv << engine::learningFunctionCsv(study);
        csv.flush();
        if (!csv) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
    }
    return ExitOk;
}

} // namespace mtw::cli

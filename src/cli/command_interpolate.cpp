#include "cli/command_interpolate.h"

#include "cli/command_output.h"
#include "cli/run_point_argument.h"
#include "engine/csv_field.h"

#include <iomanip>
#include <iostream>

namespace mtw::cli {

void InterpolateCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("interpolate",
        "Losses along the line between two runs' parameters (e.g. single-task vs multi-task ends) as CSV");
    subcommand->add_option("a", m_a, "First point (alpha = 0): RUN, RUN@start, RUN@end or RUN@STEP")->required();
    subcommand->add_option("b", m_b, "Second point (alpha = 1)")->required();
    subcommand->add_option("--from", m_from, "First alpha")->capture_default_str();
    subcommand->add_option("--to", m_to, "Last alpha")->capture_default_str();
    subcommand->add_option("--points", m_points, "Evenly spaced alphas (0 and 1 are always added)")
        ->check(CLI::Range(2, 10001))
        ->capture_default_str();
    subcommand->add_option("--out", m_out, "Write the CSV here instead of stdout");
}

int InterpolateCommand::execute()
{
    CommandOutput output(m_out);
    if (!output.ok())
        return ExitRunFailed;
    analysis::LossInterpolation curve;
    RunPointArgument a, b;
    try {
        a = resolveRunPoint(m_a);
        b = resolveRunPoint(m_b);
        if (const std::string difference = engine::modelDifference(a.experiment, b.experiment); !difference.empty())
            throw std::runtime_error("'" + m_a + "' and '" + m_b + "' train different models (" + difference + ")");
        curve = engine::interpolateRunLosses(a.experiment, a.point.parameters, b.point.parameters,
            analysis::interpolationAlphas(m_from, m_to, m_points));
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    std::ostream& out = output.stream();
    const bool validation = curve.validationLosses.size() > 0;
    out << "alpha";
    for (const char* split : { "train", "validation" }) {
        if (std::string(split) == "validation" && !validation)
            break;
        for (const std::string& task : curve.taskNames)
            out << "," << engine::csvField(std::string(split) + ":" + task);
        out << "," << split << ":mean";
    }
    out << "\n" << std::setprecision(9);
    const Eigen::VectorXd trainMean = curve.trainLosses.rowwise().mean();
    const Eigen::VectorXd validationMean
        = validation ? Eigen::VectorXd(curve.validationLosses.rowwise().mean()) : Eigen::VectorXd();
    for (std::size_t i = 0; i < curve.alphas.size(); ++i) {
        const auto row = static_cast<Eigen::Index>(i);
        out << curve.alphas[i];
        for (Eigen::Index t = 0; t < curve.trainLosses.cols(); ++t)
            out << "," << curve.trainLosses(row, t);
        out << "," << trainMean(row);
        if (validation) {
            for (Eigen::Index t = 0; t < curve.validationLosses.cols(); ++t)
                out << "," << curve.validationLosses(row, t);
            out << "," << validationMean(row);
        }
        out << "\n";
    }
    std::cerr << a.label << " (" << a.point.source << ", step " << a.point.step << ") -> " << b.label << " ("
              << b.point.source << ", step " << b.point.step << "): barrier of the mean training loss "
              << analysis::lossBarrier(curve.alphas, trainMean);
    if (validation)
        std::cerr << ", of the mean validation loss " << analysis::lossBarrier(curve.alphas, validationMean);
    std::cerr << "\n";
    return output.finish() ? ExitOk : ExitRunFailed;
}

} // namespace mtw::cli

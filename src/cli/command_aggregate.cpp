#include "cli/command_aggregate.h"

#include "cli/parameter_arguments.h"
#include "engine/experiment_error.h"
#include "engine/strict_json.h"
#include "mtl/method_registry.h"

#include <cmath>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace mtw::cli {

namespace {
Eigen::MatrixXd readJacobian(const nlohmann::json& rows)
{
    if (!rows.is_array() || rows.empty())
        throw engine::ExperimentError("jacobian", "must be a non-empty array of rows (one per task)");
    const std::size_t columns = rows[0].is_array() ? rows[0].size() : 0;
    if (columns == 0)
        throw engine::ExperimentError("jacobian[0]", "must be a non-empty array of numbers");
    Eigen::MatrixXd J(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string path = "jacobian[" + std::to_string(i) + "]";
        if (!rows[i].is_array() || rows[i].size() != columns)
            throw engine::ExperimentError(path, "must have " + std::to_string(columns) + " numbers like row 0");
        for (std::size_t j = 0; j < columns; ++j) {
            if (!rows[i][j].is_number())
                throw engine::ExperimentError(path + "[" + std::to_string(j) + "]", "must be a number");
            J(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j].get<double>();
        }
    }
    if (!J.allFinite())
        throw engine::ExperimentError("jacobian", "contains NaN or infinity");
    return J;
}
} // namespace

void AggregateCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("aggregate", "Apply a method to task gradients read as JSON on stdin");
    subcommand->add_option("--method", m_method, "Method id (see `mtw-cli methods`)")->required();
    subcommand->add_option("--param", m_params, "Method parameter name=value (repeatable)");
    subcommand->add_option("--seed", m_seed, "Seed for stochastic methods")->check(CLI::NonNegativeNumber);
}

int AggregateCommand::execute()
{
    try {
        const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(m_method);
        if (!spec)
            throw engine::ExperimentError("--method", "unknown method '" + m_method + "' (see `mtw-cli methods`)");
        const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        nlohmann::json input;
        try {
            input = engine::parseStrictJson(text);
        } catch (const engine::ExperimentError& error) {
            throw engine::ExperimentError("stdin: " + error.path(), error.message());
        }
        const Eigen::MatrixXd J = readJacobian(input.is_object() ? input.value("jacobian", nlohmann::json()) : input);
        Eigen::VectorXd losses = Eigen::VectorXd::Ones(J.rows());
        if (input.is_object() && input.contains("losses")) {
            const nlohmann::json& l = input["losses"];
            if (!l.is_array() || l.size() != static_cast<std::size_t>(J.rows()))
                throw engine::ExperimentError("losses", "must have one number per task");
            for (std::size_t t = 0; t < l.size(); ++t) {
                if (!l[t].is_number() || !std::isfinite(l[t].get<double>()))
                    throw engine::ExperimentError(
                        "losses[" + std::to_string(t) + "]", "must be a finite number, got " + l[t].dump());
                losses(static_cast<Eigen::Index>(t)) = l[t].get<double>();
            }
        }
        const auto params = parseParameterArguments(m_params, spec->parameters, "--param");
        auto method = mtl::MethodRegistry::instance().create(m_method, params, static_cast<int>(J.rows()));
        const Eigen::MatrixXd G = J * J.transpose();
        if (!G.allFinite())
            throw engine::ExperimentError("jacobian",
                "entries too large: the Gramian J J^T overflows double precision "
                "(squared gradient norms beyond 1.8e308); rescale the gradients");
        const core::Matrix Jf = J.cast<core::Scalar>();
        core::Rng rng(static_cast<std::uint64_t>(m_seed));
        mtl::MethodInput methodInput { G, losses, method->needsJacobian() ? &Jf : nullptr, 0, 0, true, rng };
        mtl::MethodOutput output;
        method->compute(methodInput, output);
        const Eigen::VectorXd direction = output.hasDirection ? Eigen::VectorXd(output.direction.cast<double>())
                                                              : Eigen::VectorXd(J.transpose() * output.weights);
        if (!direction.allFinite() || (!output.hasDirection && !output.weights.allFinite())) {
            std::cerr << "error: method '" << m_method << "' produced a non-finite direction for this input\n";
            return ExitRunFailed;
        }
        nlohmann::json result;
        result["method"] = m_method;
        if (!output.hasDirection)
            result["weights"]
                = std::vector<double>(output.weights.data(), output.weights.data() + output.weights.size());
        result["direction"] = std::vector<double>(direction.data(), direction.data() + direction.size());
        const Eigen::VectorXd progress = J * direction;
        result["progress"] = std::vector<double>(progress.data(), progress.data() + progress.size());
        std::cout << result.dump(2) << "\n";
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli

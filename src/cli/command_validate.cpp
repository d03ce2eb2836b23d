#include "cli/command_validate.h"

#include "engine/experiment.h"

#include <iostream>

namespace mtw::cli {

void ValidateCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("validate", "Check an experiment file (exit 0 valid, 2 invalid)");
    subcommand->add_option("experiment", m_experiment, "Experiment JSON file")->required();
    subcommand->add_flag("--print", m_print, "Print the experiment with every default filled in");
}

int ValidateCommand::execute()
{
    try {
        const engine::Experiment experiment = engine::loadExperiment(m_experiment);
        try {
            engine::checkExperimentInputs(experiment); // the data files it names, read as a run would
        } catch (const engine::ExperimentError& error) {
            throw engine::ExperimentError(m_experiment + ": " + error.path(), error.message());
        }
        std::cout << m_experiment << ": valid (" << experiment.problem << ", " << experiment.method << ", "
                  << experiment.steps << " steps)\n";
        if (m_print)
            std::cout << engine::experimentToJsonText(experiment);
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli

#include "cli/command_modes.h"

#include "cli/schema_printer.h"
#include "engine/training_mode_registry.h"

#include <iostream>

namespace mtw::cli {

void ModesCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("modes", "List the training modes (the experiment's \"mode\" section)");
    subcommand->add_flag("--json", m_json, "Print JSON instead of text");
}

int ModesCommand::execute()
{
    if (m_json) {
        nlohmann::json list = nlohmann::json::array();
        for (const engine::TrainingModeSpec& mode : engine::trainingModes())
            list.push_back({ { "id", mode.id }, { "name", mode.displayName }, { "paper", mode.paper },
                { "summary", mode.summary }, { "parameters", schemaJson(mode.parameters) } });
        std::cout << list.dump(2) << "\n";
        return ExitOk;
    }
    for (const engine::TrainingModeSpec& mode : engine::trainingModes()) {
        std::cout << mode.id << "  " << mode.displayName << "\n    " << mode.summary << "\n";
        if (!mode.paper.empty())
            std::cout << "    paper: " << mode.paper << "\n";
        printSchema(std::cout, mode.parameters);
        std::cout << "\n";
    }
    return ExitOk;
}

} // namespace mtw::cli

// The list of mtw-cli subcommands.
#include "cli/command_adapt.h"
#include "cli/command_aggregate.h"
#include "cli/command_baselines.h"
#include "cli/command_conflict.h"
#include "cli/command_factors.h"
#include "cli/command_grouping.h"
#include "cli/command_interpolate.h"
#include "cli/command_landscape.h"
#include "cli/command_learning_fit.h"
#include "cli/command_linear_mtl.h"
#include "cli/command_methods.h"
#include "cli/command_modes.h"
#include "cli/command_notes.h"
#include "cli/command_pairs.h"
#include "cli/command_pareto.h"
#include "cli/command_problems.h"
#include "cli/command_reference.h"
#include "cli/command_resume.h"
#include "cli/command_run.h"
#include "cli/command_study.h"
#include "cli/command_sweep.h"
#include "cli/command_toy_report.h"
#include "cli/command_transfer.h"
#include "cli/command_validate.h"

namespace mtw::cli {

std::vector<std::unique_ptr<Command>> makeCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<RunCommand>());
    commands.push_back(std::make_unique<ResumeCommand>());
    commands.push_back(std::make_unique<ValidateCommand>());
    commands.push_back(std::make_unique<MethodsCommand>());
    commands.push_back(std::make_unique<ModesCommand>());
    commands.push_back(std::make_unique<ProblemsCommand>());
    commands.push_back(std::make_unique<AggregateCommand>());
    commands.push_back(std::make_unique<ToyReportCommand>());
    commands.push_back(std::make_unique<BaselinesCommand>());
    commands.push_back(std::make_unique<GroupingCommand>());
    commands.push_back(std::make_unique<PairsCommand>());
    commands.push_back(std::make_unique<AdaptCommand>());
    commands.push_back(std::make_unique<LinearMtlCommand>());
    commands.push_back(std::make_unique<TransferCommand>());
    commands.push_back(std::make_unique<StudyCommand>());
    commands.push_back(std::make_unique<LearningFitCommand>());
    commands.push_back(std::make_unique<ConflictCommand>());
    commands.push_back(std::make_unique<FactorsCommand>());
    commands.push_back(std::make_unique<LandscapeCommand>());
    commands.push_back(std::make_unique<InterpolateCommand>());
    commands.push_back(std::make_unique<ParetoCommand>());
    commands.push_back(std::make_unique<SweepCommand>());
    commands.push_back(std::make_unique<NotesCommand>());
    commands.push_back(std::make_unique<ReferenceCommand>());
    return commands;
}

} // namespace mtw::cli

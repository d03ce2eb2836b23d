#include "engine/problem_factory.h"

#include "problem/network_builder.h"

namespace mtw::engine {

namespace {
const problem::ProblemSpec& specOf(const Experiment& e)
{
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
    if (!spec)
        throw ExperimentError("problem.type", "unknown problem '" + e.problem + "'");
    return *spec;
}
} // namespace

problem::ProblemContext problemContext(const Experiment& e)
{
    problem::ProblemContext context;
    context.problem = core::withDefaults(specOf(e).parameters, e.problemParams);
    context.model = core::withDefaults(problem::modelSchema(), e.modelParams);
    context.batchSize = e.batchSize;
    context.seed = e.seed;
    return context;
}

std::unique_ptr<problem::MultiTaskProblem> createProblem(const Experiment& e)
{
    return specOf(e).create(problemContext(e));
}

} // namespace mtw::engine

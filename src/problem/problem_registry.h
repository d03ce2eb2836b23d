#pragma once
// All problems by id, each with its parameter schema; neural problems also read the model block
// (network_builder.h). Families register through one function each, so adding a problem family
// touches only its own file and one line here.
#include "core/parameter_schema.h"
#include "problem/multi_task_problem.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace mtw::problem {

struct ProblemContext {
    core::ParameterValues problem;
    core::ParameterValues model;
    int batchSize = 256;
    std::uint64_t seed = 0;
};

struct ProblemSpec {
    std::string id;
    std::string displayName;
    std::string summary;
    bool usesModel = false; // neural problems read the model block
    core::ParameterSchema parameters;
    // Text parameters that name a file or directory the problem reads: a run stores them as
    // absolute paths and its checkpoint fingerprints their contents (engine/input_files.h).
    std::vector<std::string> pathParameters;
    // Returns "<key path>: <reason>" for an invalid combination, the path as the user writes it
    // ("problem.start" for a parameter, "model.architecture"); the engine reports parameters at
    // their full path, problem.params.<name>.
    std::function<std::optional<std::string>(const ProblemContext&)> validate;
    // Checks of the files the problem reads (a CSV's existence and header columns), in the same
    // form as validate. Run by `mtw-cli validate` and before a new run starts, never when a stored
    // run's experiment is loaded: its data may have moved since, and the run can still be viewed.
    std::function<std::optional<std::string>(const ProblemContext&)> checkInputs;
    // Number of tasks the problem will have (method parameters are checked against it before
    // any data is loaded).
    std::function<int(const ProblemContext&)> taskCount;
    std::function<std::unique_ptr<MultiTaskProblem>(const ProblemContext&)> create;
};

class ProblemRegistry {
public:
    static const ProblemRegistry& instance();
    const ProblemSpec* find(const std::string& id) const;
    std::vector<const ProblemSpec*> all() const;
    void add(ProblemSpec spec);

private:
    std::map<std::string, ProblemSpec> m_specs;
};

void registerAnalyticProblems(ProblemRegistry& registry);
void registerSyntheticProblems(ProblemRegistry& registry);
void registerDataProblems(ProblemRegistry& registry); // data sets on disk (Fashion-MNIST, CSV)

} // namespace mtw::problem

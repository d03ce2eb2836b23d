#pragma once
// What the registry knows of a method: identity, paper, properties and hyperparameter schema.
// The schema is the single source for JSON validation, `mtw-cli methods` and the GUI form.
#include "core/parameter_schema.h"
#include "mtl/method.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace mtw::mtl {

enum class MethodFamily { Scalarization, LossWeighting, GradientAggregation, TrainingMode };

std::string familyName(MethodFamily family);

struct MethodProperties {
    bool nonConflicting = false; // J d >= 0 for every J (TorchJD's definition)
    // When the claim holds exactly ("reg_eps = 0"); empty: with any parameters.
    std::string nonConflictingCondition;
    bool linearUnderScaling = false; // c -> A(diag(c) J) linear for c > 0
    bool weighted = true; // d = J^T w
    bool permutationEquivariant = true; // permuting tasks permutes the weights
    bool stochastic = false; // uses the Rng
    bool stateful = false;
};

struct MethodSpec {
    std::string id; // "upgrad": the name used in files and on the command line
    std::string displayName; // "UPGrad"
    MethodFamily family = MethodFamily::GradientAggregation;
    std::string paper; // "Quinton & Rey 2024, Jacobian Descent for Multi-Objective Optimization, Eq. 5"
    std::string summary; // one line
    MethodProperties properties;
    core::ParameterSchema parameters;
    // Cross-parameter checks and checks against the task count (e.g. TrimmedMean needs T >= 2k+1).
    std::function<std::optional<std::string>(const core::ParameterValues&, int taskCount)> validate;
    std::function<std::unique_ptr<Method>(const core::ParameterValues&, int taskCount)> create;
    // Parameters for the shared property tests when the defaults cannot be used (required
    // parameters such as Krum's n_byzantine); empty means the defaults.
    std::function<std::map<std::string, core::ParameterValue>(int taskCount)> exampleParameters;
};

// How every family file starts a spec (identity and paper); the caller then sets the properties
// that differ from the defaults, the parameters and the factory.
MethodSpec methodSpec(
    std::string id, std::string displayName, MethodFamily family, std::string paper, std::string summary);

// A parameter without a usable default that every experiment must give (Krum's n_byzantine).
core::ParameterSpec requiredParameter(core::ParameterSpec spec);

} // namespace mtw::mtl

#pragma once
// All methods, by id. Each family file builds one MethodSpec per method (a function started by
// methodSpec()) and adds them in its one registration function (registerScalarizationMethods,
// ...), so adding a method touches only its family's file.
#include "mtl/method_spec.h"

#include <map>
#include <vector>

namespace mtw::mtl {

class MethodRegistry {
public:
    static const MethodRegistry& instance();

    const MethodSpec* find(const std::string& id) const;
    std::vector<const MethodSpec*> all() const; // sorted by family, then id
    void add(MethodSpec spec);

    // Validates values (types, ranges, the spec's own checks) and creates the method; on invalid
    // input throws std::invalid_argument whose message names the parameter.
    std::unique_ptr<Method> create(
        const std::string& id, const std::map<std::string, core::ParameterValue>& given, int taskCount) const;
    // The same checks without creating; returns the first problem, if any.
    std::optional<std::string> check(
        const std::string& id, const std::map<std::string, core::ParameterValue>& given, int taskCount) const;

private:
    std::map<std::string, MethodSpec> m_specs;
};

// Registration functions, one per family source file.
void registerScalarizationMethods(MethodRegistry& registry);
void registerAggregationMethods(MethodRegistry& registry);
void registerLossWeightingMethods(MethodRegistry& registry);
void registerExtendedAggregationMethods(MethodRegistry& registry);

} // namespace mtw::mtl

#include "mtl/method_registry.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace mtw::mtl {

std::string familyName(MethodFamily family)
{
    switch (family) {
    case MethodFamily::Scalarization:
        return "scalarization";
    case MethodFamily::LossWeighting:
        return "loss weighting";
    case MethodFamily::GradientAggregation:
        return "gradient aggregation";
    case MethodFamily::TrainingMode:
        return "training mode";
    }
    return "?";
}

MethodSpec methodSpec(
    std::string id, std::string displayName, MethodFamily family, std::string paper, std::string summary)
{
    MethodSpec spec;
    spec.id = std::move(id);
    spec.displayName = std::move(displayName);
    spec.family = family;
    spec.paper = std::move(paper);
    spec.summary = std::move(summary);
    return spec;
}

core::ParameterSpec requiredParameter(core::ParameterSpec spec)
{
    spec.required = true;
    return spec;
}

const MethodRegistry& MethodRegistry::instance()
{
    static const MethodRegistry registry = [] {
        MethodRegistry r;
        registerScalarizationMethods(r);
        registerAggregationMethods(r);
        registerLossWeightingMethods(r);
        registerExtendedAggregationMethods(r);
        return r;
    }();
    return registry;
}

const MethodSpec* MethodRegistry::find(const std::string& id) const
{
    auto it = m_specs.find(id);
    return it == m_specs.end() ? nullptr : &it->second;
}

std::vector<const MethodSpec*> MethodRegistry::all() const
{
    std::vector<const MethodSpec*> specs;
    for (const auto& entry : m_specs)
        specs.push_back(&entry.second);
    std::stable_sort(specs.begin(), specs.end(), [](const MethodSpec* a, const MethodSpec* b) {
        return static_cast<int>(a->family) < static_cast<int>(b->family);
    });
    return specs;
}

void MethodRegistry::add(MethodSpec spec)
{
    if (m_specs.count(spec.id))
        throw std::logic_error("method '" + spec.id + "' registered twice");
    const std::string id = spec.id;
    m_specs.emplace(id, std::move(spec));
}

std::optional<std::string> MethodRegistry::check(
    const std::string& id, const std::map<std::string, core::ParameterValue>& given, int taskCount) const
{
    const MethodSpec* spec = find(id);
    if (!spec)
        return "unknown method '" + id + "' (see `mtw-cli methods`)";
    for (const auto& [name, value] : given) {
        auto it = std::find_if(spec->parameters.begin(), spec->parameters.end(),
            [&name = name](const core::ParameterSpec& p) { return p.name == name; });
        if (it == spec->parameters.end())
            return "method '" + id + "' has no parameter '" + name + "'";
        if (auto error = core::checkParameter(*it, value))
            return "parameter '" + name + "' of method '" + id + "' " + *error;
    }
    for (const core::ParameterSpec& p : spec->parameters)
        if (p.required && !given.count(p.name))
            return "method '" + id + "' needs parameter '" + p.name + "' (" + p.doc + ")";
    if (spec->validate)
        if (auto error = spec->validate(core::withDefaults(spec->parameters, given), taskCount))
            return "method '" + id + "': " + *error;
    return std::nullopt;
}

std::unique_ptr<Method> MethodRegistry::create(
    const std::string& id, const std::map<std::string, core::ParameterValue>& given, int taskCount) const
{
    if (auto error = check(id, given, taskCount))
        throw std::invalid_argument(*error);
    const MethodSpec* spec = find(id);
    return spec->create(core::withDefaults(spec->parameters, given), taskCount);
}

} // namespace mtw::mtl

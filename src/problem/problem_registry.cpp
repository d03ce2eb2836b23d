#include "problem/problem_registry.h"

#include <stdexcept>

namespace mtw::problem {

const ProblemRegistry& ProblemRegistry::instance()
{
    static const ProblemRegistry registry = [] {
        ProblemRegistry r;
        registerAnalyticProblems(r);
        registerSyntheticProblems(r);
        registerDataProblems(r);
        return r;
    }();
    return registry;
}

const ProblemSpec* ProblemRegistry::find(const std::string& id) const
{
    auto it = m_specs.find(id);
    return it == m_specs.end() ? nullptr : &it->second;
}

std::vector<const ProblemSpec*> ProblemRegistry::all() const
{
    std::vector<const ProblemSpec*> specs;
    for (const auto& entry : m_specs)
        specs.push_back(&entry.second);
    return specs;
}

void ProblemRegistry::add(ProblemSpec spec)
{
    if (m_specs.count(spec.id))
        throw std::logic_error("problem '" + spec.id + "' registered twice");
    const std::string id = spec.id;
    m_specs.emplace(id, std::move(spec));
}

} // namespace mtw::problem

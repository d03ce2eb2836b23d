#include "cli/reference_markdown.h"

#include "cli/command.h"
#include "engine/object_reader.h"
#include "engine/training_mode_registry.h"
#include "mtl/method_registry.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace mtw::cli {

namespace {

// A table cell: no line breaks, and '|' would end the cell.
std::string cell(const std::string& text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else
            out += c == '\n' ? ' ' : c;
    }
    return out;
}

std::string code(const std::string& text)
{
    return "`" + text + "`";
}

std::string choiceList(const std::vector<std::string>& choices)
{
    std::string list;
    for (const std::string& c : choices)
        list += (list.empty() ? "" : ", ") + code(c);
    return list;
}

std::string parentOf(const std::string& path)
{
    const std::size_t dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

void keyTables(std::ostream& out, const std::vector<engine::KeyRecord>& keys)
{
    std::vector<std::string> parents;
    for (const engine::KeyRecord& key : keys)
        if (std::find(parents.begin(), parents.end(), parentOf(key.path)) == parents.end())
            parents.push_back(parentOf(key.path));
    for (const std::string& parent : parents) {
        out << "\n#### " << (parent.empty() ? std::string("Top level") : code(parent)) << "\n\n";
        out << "| key | type | when absent | range or choices | meaning |\n|---|---|---|---|---|\n";
        for (const engine::KeyRecord& key : keys) {
            if (parentOf(key.path) != parent)
                continue;
            const std::string absent = key.absentIsValue ? code(key.absent) : key.absent;
            const std::string range = key.choices.empty() ? key.range : choiceList(key.choices);
            out << "| " << code(key.path) << " | " << cell(key.type) << " | " << cell(absent) << " | " << cell(range)
                << " | " << cell(key.doc) << " |\n";
        }
    }
}

bool integral(core::ParameterType type)
{
    return type == core::ParameterType::Integer || type == core::ParameterType::IntegerList;
}

bool numeric(core::ParameterType type)
{
    return integral(type) || type == core::ParameterType::Real || type == core::ParameterType::RealList;
}

// Schemas store bounds as doubles, +-1e300 meaning none; integer bounds as integers (2^53, 100000).
std::string bound(double x, core::ParameterType type)
{
    if (x <= -1e299)
        return "-inf";
    if (x >= 1e299)
        return "inf";
    if (integral(type) && std::abs(x) < 9e18)
        return engine::referenceInteger(std::llround(x));
    return engine::referenceNumber(x);
}

void parameterTable(std::ostream& out, const core::ParameterSchema& schema, const std::string& prefix)
{
    if (schema.empty()) {
        out << "No parameters.\n";
        return;
    }
    out << "| key | type | default | range or choices | meaning |\n|---|---|---|---|---|\n";
    for (const core::ParameterSpec& p : schema) {
        std::string range;
        if (!p.choices.empty())
            range = choiceList(p.choices);
        else if (numeric(p.type) && (p.minimum > -1e299 || p.maximum < 1e299))
            range = "[" + bound(p.minimum, p.type) + ", " + bound(p.maximum, p.type) + "]";
        const std::string value = core::formatParameterValue(p.defaultValue);
        const std::string fallback = p.required ? "required" : code(value.empty() ? "\"\"" : value);
        out << "| " << code(prefix + p.name) << " | " << core::parameterTypeName(p.type) << " | " << cell(fallback)
            << " | " << cell(range) << " | " << cell(p.doc) << " |\n";
    }
}

void problems(std::ostream& out)
{
    out << "\n### Problems (`problem.type`)\n";
    for (const problem::ProblemSpec* spec : problem::ProblemRegistry::instance().all()) {
        out << "\n#### " << code(spec->id) << ": " << spec->displayName << "\n\n"
            << spec->summary << (spec->usesModel ? " Reads the `model` block." : "") << "\n\n";
        parameterTable(out, spec->parameters, "problem.params.");
    }
    out << "\n### Model block (`model`, problems that read it)\n\n";
    parameterTable(out, problem::modelSchema(), "model.");
}

void methods(std::ostream& out)
{
    out << "\n### Methods (`method.name`)\n";
    for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all()) {
        out << "\n#### " << code(spec->id) << ": " << spec->displayName << "\n\n"
            << spec->summary << " (" << mtl::familyName(spec->family) << "; " << spec->paper << ")\n\n";
        parameterTable(out, spec->parameters, "method.params.");
    }
}

void modes(std::ostream& out)
{
    out << "\n### Training modes (`mode.name`)\n";
    for (const engine::TrainingModeSpec& mode : engine::trainingModes()) {
        out << "\n#### " << code(mode.id) << ": " << mode.displayName << "\n\n" << mode.summary;
        if (!mode.paper.empty())
            out << " (" << mode.paper << ")";
        out << "\n\n";
        parameterTable(out, mode.parameters, "mode.params.");
    }
}

} // namespace

std::string referenceMarkdown(const std::vector<engine::KeyRecord>& keys)
{
    std::ostringstream out;
    out << "### Experiment and sweep files\n\n"
           "Every key the readers accept, with its type, its value when left out and its range. Any other key is an "
           "error naming its key path; so is a value of the wrong type or out of range.\n";
    keyTables(out, keys);
    problems(out);
    methods(out);
    modes(out);
    out << "\n### Exit codes of `mtw-cli`\n\n| code | meaning |\n|---|---|\n";
    for (const ExitCodeMeaning& exit : exitCodeMeanings)
        out << "| " << static_cast<int>(exit.code) << " | " << cell(exit.meaning) << " |\n";
    return out.str();
}

std::string spliceReference(const std::string& guide, const std::string& reference)
{
    const std::string begin = std::string(referenceBegin) + "\n";
    const std::string end = std::string(referenceEnd) + "\n";
    const std::size_t from = guide.find(begin);
    const std::size_t to = guide.find(end);
    if (from == std::string::npos || to == std::string::npos || to < from)
        throw std::runtime_error(
            std::string("the marker lines are missing or out of order: ") + referenceBegin + " ... " + referenceEnd);
    return guide.substr(0, from + begin.size()) + reference + guide.substr(to);
}

} // namespace mtw::cli

#include "engine/learning_function_points.h"

#include "analysis/adjusted_mutual_information.h"
#include "engine/problem_factory.h"
#include "problem/hard_sharing_network.h"
#include "problem/mmoe_network.h"

#include "engine/csv_field.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mtw::engine {

namespace {
// A task's class per sample (binary: 0/1), -1 where unlabelled.
std::vector<int> classesOf(const data::TaskTargets& task)
{
    if (task.kind == data::TargetKind::Classification)
        return task.labels;
    std::vector<int> classes(static_cast<std::size_t>(task.values.cols()));
    for (core::Index i = 0; i < task.values.cols(); ++i)
        classes[static_cast<std::size_t>(i)]
            = task.isLabelled(i) ? (task.values(0, i) > 0.5f ? 1 : 0) : data::unlabelledClass;
    return classes;
}

const data::MultiTaskDataset* datasetOf(const problem::MultiTaskProblem& problem)
{
    if (const auto* hard = dynamic_cast<const problem::HardSharingNetwork*>(&problem))
        return &hard->dataset();
    if (const auto* mmoe = dynamic_cast<const problem::MmoeNetwork*>(&problem))
        return &mmoe->dataset();
    return nullptr;
}
} // namespace

double meanTaskAmi(const data::MultiTaskDataset& dataset, std::string* why)
{
    std::vector<std::vector<int>> classes;
    for (const data::TaskTargets& task : dataset.tasks) {
        if (task.kind == data::TargetKind::Regression || task.values.rows() > 1) {
            if (why)
                *why = "task '" + task.name + "' has no class labels (AMI compares labelings)";
            return std::nan("");
        }
        classes.push_back(classesOf(task));
    }
    if (classes.size() < 2) {
        if (why)
            *why = "AMI needs two tasks or more";
        return std::nan("");
    }
    double sum = 0;
    int pairs = 0;
    for (std::size_t s = 0; s < classes.size(); ++s)
        for (std::size_t t = s + 1; t < classes.size(); ++t) {
            std::vector<int> a, b;
            for (const core::Index sample : dataset.train) {
                const int x = classes[s][static_cast<std::size_t>(sample)],
                          y = classes[t][static_cast<std::size_t>(sample)];
                if (x != data::unlabelledClass && y != data::unlabelledClass) {
                    a.push_back(x);
                    b.push_back(y);
                }
            }
            sum += analysis::adjustedMutualInformation(a, b);
            ++pairs;
        }
    return sum / pairs;
}

LearningPoints learningPoints(const RunCollection& runs, const std::string& y, const std::vector<std::string>& needed)
{
    LearningPoints result;
    const auto needs = [&](const char* name) { return std::find(needed.begin(), needed.end(), name) != needed.end(); };
    for (const UnreadableRun& bad : runs.unreadable())
        result.skipped.push_back({ bad.directory, bad.reason });
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunQuantities& run = runs.run(r);
        LearningPoint point;
        point.run = run.directory();
        const QuantityValue value = run.value(y);
        if (!value.available || value.kind != QuantityKind::Number) {
            result.skipped.push_back({ point.run, y + ": " + (value.available ? "not a number" : value.reason) });
            continue;
        }
        point.y = value.number;
        point.variables["T"] = static_cast<double>(run.record().taskNames.size());
        const QuantityValue rho = run.value("problem.params.rho");
        if (rho.available && rho.kind == QuantityKind::Number)
            point.variables["rho"] = rho.number;
        std::string reason;
        if (needs("n") || needs("ami")) {
            try {
                const std::unique_ptr<problem::MultiTaskProblem> problem = createProblem(run.record().experiment);
                if (const data::MultiTaskDataset* dataset = datasetOf(*problem)) {
                    point.variables["n"] = static_cast<double>(dataset->train.size());
                    const double ami = needs("ami") ? meanTaskAmi(*dataset, &reason) : std::nan("");
                    if (std::isfinite(ami))
                        point.variables["ami"] = ami;
                } else {
                    reason = "its problem has no data set (n and ami are data-set sizes and labels)";
                }
            } catch (const std::exception& error) {
                reason = std::string("its data set could not be rebuilt: ") + error.what();
            }
        }
        std::string missing;
        for (const std::string& name : needed)
            if (!point.variables.count(name))
                missing += (missing.empty() ? "" : ", ") + name;
        if (!missing.empty()) {
            result.skipped.push_back({ point.run, "no " + missing + (reason.empty() ? "" : " (" + reason + ")") });
            continue;
        }
        result.points.push_back(std::move(point));
    }
    return result;
}

LearningFunctionStudy fitLearningFunction(const RunCollection& runs, const std::string& y, const std::string& terms)
{
    LearningFunctionStudy study;
    study.y = y;
    const std::vector<analysis::LearningTerm> parsed = analysis::parseLearningTerms(terms);
    std::set<std::string> variables;
    for (const analysis::LearningTerm& term : parsed)
        if (!term.variable.empty())
            variables.insert(term.variable);
    study.points = learningPoints(runs, y, std::vector<std::string>(variables.begin(), variables.end()));
    std::vector<std::map<std::string, double>> xs;
    std::vector<double> ys;
    for (const LearningPoint& point : study.points.points) {
        xs.push_back(point.variables);
        ys.push_back(point.y);
    }
    try {
        study.fit = analysis::fitLearningFunction(xs, ys, parsed);
    } catch (const std::invalid_argument& error) {
        std::string message = error.what();
        for (std::size_t k = 0; k < study.points.skipped.size() && k < 3; ++k)
            message += "; skipped " + study.points.skipped[k].first + ": " + study.points.skipped[k].second;
        throw std::invalid_argument(message);
    }
    return study;
}

std::string learningFunctionCsv(const LearningFunctionStudy& study)
{
    std::set<std::string> names;
    for (const analysis::LearningTerm& term : study.fit.terms)
        if (!term.variable.empty())
            names.insert(term.variable);
    std::ostringstream out;
    out << "run";
    for (const std::string& name : names)
        out << "," << csvField(name);
    out << "," << csvField(study.y) << ",fitted,residual\n";
    out.precision(17);
    for (std::size_t i = 0; i < study.points.points.size(); ++i) {
        const LearningPoint& point = study.points.points[i];
        out << csvField(point.run);
        for (const std::string& name : names)
            out << "," << point.variables.at(name);
        const Eigen::Index k = static_cast<Eigen::Index>(i);
        out << "," << point.y << "," << study.fit.fitted(k) << "," << study.fit.residuals(k) << "\n";
    }
    return out.str();
}

} // namespace mtw::engine

#include "engine/experiment.h"

#include "engine/json_parameters.h"
#include "engine/object_reader.h"
#include "engine/problem_factory.h"
#include "engine/strict_json.h"
#include "engine/training_mode_registry.h"
#include "mtl/method_registry.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"

#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

namespace mtw::engine {

namespace {

using nlohmann::json;

const json& emptyObject()
{
    static const json object = json::object();
    return object;
}

void readProblem(ObjectReader& top, Experiment& e)
{
    const json* node = top.find("problem", { "object", "required", "what is trained: its `type` and `params`" });
    if (!node)
        throw ExperimentError("problem", "is required (e.g. {\"type\": \"cagrad_toy\"})");
    ObjectReader reader(*node, "problem");
    const json* type
        = reader.find("type", { "string", "required", "the problem's id (Problems below; `mtw-cli problems`)" });
    if (!type || !type->is_string())
        throw ExperimentError("problem.type", "is required and must be a string");
    e.problem = type->get<std::string>();
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
    if (!spec) {
        std::string known;
        for (const problem::ProblemSpec* p : problem::ProblemRegistry::instance().all())
            known += (known.empty() ? "" : ", ") + p->id;
        throw ExperimentError("problem.type", "unknown problem '" + e.problem + "' (known: " + known + ")");
    }
    const json* params
        = reader.find("params", { "object", "the defaults", "the problem's parameters (Problems below)" });
    e.problemParams = parametersFromJson(params ? *params : emptyObject(), spec->parameters, "problem.params");
    reader.finish();
}

void readMethod(ObjectReader& top, Experiment& e)
{
    const json* node = top.find(
        "method", { "object", "`" + e.method + "`, default parameters", "how the task gradients become one update" });
    if (!node)
        return;
    ObjectReader reader(*node, "method");
    e.method = reader.text("name", e.method, {}, "the method's id (Methods below; `mtw-cli methods`)");
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(e.method);
    if (!spec)
        throw ExperimentError("method.name", "unknown method '" + e.method + "' (see `mtw-cli methods`)");
    const json* params = reader.find("params", { "object", "the defaults", "the method's parameters (Methods below)" });
    e.methodParams = parametersFromJson(params ? *params : emptyObject(), spec->parameters, "method.params");
    reader.finish();
}

void readMode(ObjectReader& top, Experiment& e)
{
    const json* node = top.find("mode",
        { "object", "`" + e.mode + "`",
            "how a step uses the method: one joint step, per-task steps, task groups, per-task SAM" });
    if (!node)
        return;
    ObjectReader reader(*node, "mode");
    e.mode = reader.text("name", e.mode, {}, "the training mode's id (Training modes below; `mtw-cli modes`)");
    const TrainingModeSpec* spec = findTrainingMode(e.mode);
    if (!spec) {
        std::string known;
        for (const TrainingModeSpec& m : trainingModes())
            known += (known.empty() ? "" : ", ") + m.id;
        throw ExperimentError("mode.name", "unknown training mode '" + e.mode + "' (known: " + known + ")");
    }
    const json* params
        = reader.find("params", { "object", "the defaults", "the mode's parameters (Training modes below)" });
    e.modeParams = parametersFromJson(params ? *params : emptyObject(), spec->parameters, "mode.params");
    reader.finish();
}

void readOptimizer(ObjectReader& top, Experiment& e)
{
    const json* node = top.find(
        "optimizer", { "object", "the defaults below", "the first-order optimizer that applies the update" });
    if (!node)
        return;
    ObjectReader r(*node, "optimizer");
    OptimizerConfig& o = e.optimizer;
    o.type = r.text("type", o.type, { "sgd", "adam", "adamw" },
        "SGD, Adam, or AdamW (decoupled weight decay); PyTorch's semantics");
    o.learningRate = r.number("lr", o.learningRate, 0.0, 1e6, "the base learning rate; the schedule multiplies it");
    o.momentum = r.number("momentum", o.momentum, 0.0, 1.0, "SGD's momentum (0: none)");
    o.nesterov = r.boolean("nesterov", o.nesterov, "SGD: Nesterov momentum");
    o.weightDecay = r.number(
        "weight_decay", o.weightDecay, 0.0, 1e3, "L2 decay added to the gradient (SGD, Adam); decoupled for AdamW");
    o.beta1 = r.number("beta1", o.beta1, 0.0, 0.999999, "Adam/AdamW: decay of the first moment");
    o.beta2 = r.number("beta2", o.beta2, 0.0, 0.99999999, "Adam/AdamW: decay of the second moment");
    o.epsilon = r.number("eps", o.epsilon, 0.0, 1.0, "Adam/AdamW: added to the root of the second moment");
    r.finish();
}

void readSchedule(ObjectReader& top, Experiment& e)
{
    const json* node = top.find("schedule", { "object", "`constant`, no warm-up", "the learning-rate schedule" });
    if (!node)
        return;
    ObjectReader r(*node, "schedule");
    ScheduleConfig& s = e.schedule;
    s.type = r.text("type", s.type, { "constant", "step", "exponential", "cosine" },
        "step: x gamma every step_size steps; exponential: x gamma every step; cosine: to 0 at the last step");
    s.stepSize = r.integer("step_size", s.stepSize, 1, 1LL << 40, "`step`: steps between two multiplications by gamma");
    s.gamma = r.number("gamma", s.gamma, 0.0, 1.0, "`step` and `exponential`: the factor");
    s.warmupSteps = r.integer(
        "warmup_steps", s.warmupSteps, 0, 1LL << 40, "a linear warm-up over the first steps, in front of any type");
    r.finish();
}

void readTraining(ObjectReader& top, Experiment& e)
{
    if (const json* node
        = top.find("training", { "object", "the defaults below", "length, batch, seed and threads of the run" })) {
        ObjectReader r(*node, "training");
        e.steps = r.integer("steps", e.steps, 1, 1LL << 40, "optimizer steps");
        e.batchSize = static_cast<int>(
            r.integer("batch_size", e.batchSize, 1, 1 << 20, "training samples per step (data-set problems)"));
        e.seed = static_cast<std::uint64_t>(r.integer("seed", static_cast<long long>(e.seed), 0, 1LL << 53,
            "seeds every random draw: the same seed gives the same bits at any thread count"));
        e.threads = static_cast<int>(r.integer("threads", e.threads, 0, 4096, "worker threads; 0: all cores"));
        const std::string space = r.text("gradient_space", "parameters", { "parameters", "representation" },
            "task gradients of the shared parameters (exact) or of the shared representation (MGDA-UB: cheaper, a "
            "bound)");
        e.gradientSpace = space == "representation" ? problem::GradientSpace::Representation
                                                    : problem::GradientSpace::SharedParameters;
        r.finish();
    }
    if (const json* node = top.find(
            "evaluation", { "object", "the defaults below", "when the validation and test splits are evaluated" })) {
        ObjectReader r(*node, "evaluation");
        e.evaluateEvery = r.integer("every", e.evaluateEvery, 0, 1LL << 40,
            "evaluate every this many steps from step 0, plus steps 1, 2, 4, ... below it; 0: never");
        r.finish();
    }
    if (const json* node
        = top.find("diagnostics", { "object", "the defaults below", "what is recorded while training" })) {
        ObjectReader r(*node, "diagnostics");
        e.recordEvery = r.integer("record_every", e.recordEvery, 1, 1LL << 40,
            "steps between recorded steps (losses, weights, gradient norms, conflicts) and the last step");
        e.matrixEvery = r.integer("matrix_every", e.matrixEvery, 0, 1LL << 40,
            "steps between recorded task-cosine matrices (and the last step); 0: none");
        e.snapshotMilliseconds = static_cast<int>(r.integer(
            "snapshot_ms", e.snapshotMilliseconds, 1, 60000, "milliseconds between two live updates of the views"));
        e.divergenceThreshold = r.number("divergence_threshold", e.divergenceThreshold, 1.0, 1e300,
            "the run fails (diverged) when a task loss exceeds this");
        e.parametersEvery = r.integer("parameters_every", e.parametersEvery, 0, 1LL << 40,
            "steps between stored copies of all parameters (and the end), for the landscape's PCA plane of the "
            "trajectory and paths between runs; 0: none (4 bytes per parameter each, before compression)");
        if (const json* factors
            = r.find("factors", { "object", "off", "trajectory factors on a schedule (docs/factors.md)" }))
            e.factors = factorConfigFromJson(*factors, "diagnostics.factors");
        r.finish();
    }
}

// A problem's "<key path>: <reason>" as an error at the full path (problem.X is a parameter:
// problem.params.X).
ExperimentError problemError(const std::string& message)
{
    const std::size_t colon = message.find(": ");
    if (colon == std::string::npos || message.find(' ') < colon)
        return ExperimentError("problem", message);
    std::string path = message.substr(0, colon);
    if (path.rfind("problem.", 0) == 0 && path.rfind("problem.params.", 0) != 0)
        path = "problem.params." + path.substr(8);
    return ExperimentError(path, message.substr(colon + 2));
}

// Cross-section checks: the problem's own validation and the method's check against the task count.
void validate(const Experiment& e)
{
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
    const problem::ProblemContext context = problemContext(e);
    for (const core::ParameterSpec& p : spec->parameters)
        if (p.required && !e.problemParams.count(p.name))
            throw ExperimentError("problem.params." + p.name, "is required (" + p.doc + ")");
    if (spec->validate)
        if (auto error = spec->validate(context))
            throw problemError(*error);
    const int tasks = spec->taskCount ? spec->taskCount(context) : 2;
    if (auto error = mtl::MethodRegistry::instance().check(e.method, e.methodParams, tasks))
        throw ExperimentError("method", *error);
    const TrainingModeSpec* mode = findTrainingMode(e.mode);
    if (mode && mode->validate)
        if (auto error = mode->validate(core::withDefaults(mode->parameters, e.modeParams),
                *mtl::MethodRegistry::instance().find(e.method), tasks, e.gradientSpace))
            throw ExperimentError("mode", *error);
}

} // namespace

Experiment experimentFromJsonText(const std::string& text)
{
    const json document = parseStrictJson(text);
    Experiment e;
    ObjectReader top(document, "");
    const std::string schema = top.text("schema", Experiment::schemaName, {}, "the file format; only this one");
    if (schema != Experiment::schemaName)
        throw ExperimentError(
            "schema", "unsupported schema '" + schema + "' (expected " + Experiment::schemaName + ")");
    if (top.find("sweep",
            { "object", "a single run",
                "makes the file a sweep of runs (the `sweep` tables below); `mtw-cli run` refuses it" }))
        throw ExperimentError("sweep",
            "this file describes a sweep of runs: list them with `mtw-cli sweep plan FILE` "
            "and run them with `mtw-cli sweep run FILE --out DIR`");
    e.name = top.text("name", e.name, {}, "the run's name; a sweep names its runs NAME-COMBINATION");
    top.text("description", "", {}, "free text for people; not used");
    readProblem(top, e);
    if (const json* model = top.find(
            "model", { "object", "the defaults", "problems that train a network: its shape (Model block below)" }))
        e.modelParams = parametersFromJson(*model, problem::modelSchema(), "model");
    readMethod(top, e);
    readMode(top, e);
    readOptimizer(top, e);
    readSchedule(top, e);
    readTraining(top, e);
    top.finish();
    validate(e);
    return e;
}

void checkExperimentInputs(const Experiment& e)
{
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
    if (spec && spec->checkInputs)
        if (auto error = spec->checkInputs(problemContext(e)))
            throw problemError(*error);
}

std::string readExperimentFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ExperimentError(path, "cannot open the experiment file (missing or unreadable)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

Experiment loadExperiment(const std::string& path)
{
    const std::string text = readExperimentFile(path);
    try {
        return experimentFromJsonText(text);
    } catch (const ExperimentError& error) {
        throw ExperimentError(path + ": " + error.path(), error.message());
    }
}

std::string experimentToJsonText(const Experiment& e)
{
    json document;
    document["schema"] = Experiment::schemaName;
    document["name"] = e.name;
    document["problem"] = { { "type", e.problem }, { "params", parametersToJson(e.problemParams) } };
    if (!e.modelParams.empty())
        document["model"] = parametersToJson(e.modelParams);
    document["method"] = { { "name", e.method }, { "params", parametersToJson(e.methodParams) } };
    document["mode"] = { { "name", e.mode }, { "params", parametersToJson(e.modeParams) } };
    const OptimizerConfig& o = e.optimizer;
    document["optimizer"]
        = { { "type", o.type }, { "lr", o.learningRate }, { "momentum", o.momentum }, { "nesterov", o.nesterov },
              { "weight_decay", o.weightDecay }, { "beta1", o.beta1 }, { "beta2", o.beta2 }, { "eps", o.epsilon } };
    const ScheduleConfig& s = e.schedule;
    document["schedule"]
        = { { "type", s.type }, { "step_size", s.stepSize }, { "gamma", s.gamma }, { "warmup_steps", s.warmupSteps } };
    document["training"]
        = { { "steps", e.steps }, { "batch_size", e.batchSize }, { "seed", e.seed }, { "threads", e.threads },
              { "gradient_space",
                  e.gradientSpace == problem::GradientSpace::Representation ? "representation" : "parameters" } };
    document["evaluation"] = { { "every", e.evaluateEvery } };
    document["diagnostics"] = { { "record_every", e.recordEvery }, { "matrix_every", e.matrixEvery },
        { "snapshot_ms", e.snapshotMilliseconds }, { "divergence_threshold", e.divergenceThreshold } };
    // Written only when on, so files and checkpoints of runs without factors stay as they were.
    if (e.factors.enabled())
        document["diagnostics"]["factors"] = factorConfigToJson(e.factors);
    if (e.parametersEvery > 0)
        document["diagnostics"]["parameters_every"] = e.parametersEvery;
    return document.dump(2) + "\n";
}

std::string firstDifference(
    const Experiment& before, const Experiment& after, const std::string& beforeName, const std::string& afterName)
{
    const json a = json::parse(experimentToJsonText(before));
    const json b = json::parse(experimentToJsonText(after));
    const json patch = json::diff(a, b);
    if (patch.empty())
        return {};
    const json::json_pointer pointer(patch[0]["path"].get<std::string>());
    std::string path = pointer.to_string().substr(1);
    for (char& c : path)
        if (c == '/')
            c = '.';
    const auto valueIn
        = [&pointer](const json& document) { return document.contains(pointer) ? document[pointer].dump() : "absent"; };
    return path + " is " + valueIn(a) + " " + beforeName + ", " + valueIn(b) + " " + afterName;
}

void saveExperiment(const Experiment& experiment, const std::string& path)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << experimentToJsonText(experiment);
    out.flush();
    if (!out)
        throw ExperimentError(path, "could not write the experiment file (disk full or not writable?)");
}

Experiment demoExperiment(const std::string& method)
{
    Experiment e;
    e.name = "cagrad-toy-" + method;
    e.problem = "cagrad_toy";
    e.problemParams["start"] = std::vector<double> { -8.5, 7.5 };
    e.method = method;
    e.optimizer.type = "adam";
    e.optimizer.learningRate = 1e-3;
    e.steps = 35000;
    e.evaluateEvery = 500;
    e.recordEvery = 10;
    e.matrixEvery = 100;
    return e;
}

} // namespace mtw::engine

// Registry entries of problems on data sets read from disk (Fashion-MNIST family, user CSV).
// Data sets come from the process-wide DatasetCache (built once per parameter set, shared
// read-only); the model block picks the network (mlp | cnn | mmoe; hard_sharing_factory.h).
#include "data/csv_importer.h"
#include "data/dataset_cache.h"
#include "data/fashion_mtl.h"
#include "data/idx_reader.h"
#include "data/multi_fashion.h"
#include "problem/hard_sharing_factory.h"
#include "problem/labelled_fraction_parameter.h"
#include "problem/problem_registry.h"

#include <algorithm>
#include <filesystem>

namespace mtw::problem {

namespace {
std::string cacheKey(const std::string& kind, const core::ParameterValues& values)
{
    std::string key = kind;
    for (const auto& [name, value] : values.all())
        key += "|" + name + "=" + core::formatParameterValue(value);
    return key;
}

std::optional<std::string> refuseCnn(const ProblemContext& context, const std::string& what)
{
    if (context.model.text("architecture") == "cnn")
        return "model.architecture: 'cnn' needs image data; " + what + " supports 'mlp' and 'mmoe'";
    return std::nullopt;
}

// The data files, before a run starts (validate, the GUI's Start), not minutes into loading them.
std::optional<std::string> checkFashionMnistFiles(const ProblemContext& context)
{
    if (auto missing = data::missingFashionMnistFile(context.problem.text("data_dir")))
        return "problem.data_dir: " + *missing;
    return std::nullopt;
}

ProblemSpec multiFashionSpec()
{
    ProblemSpec spec;
    spec.id = "multi_fashion";
    spec.displayName = "MultiFashion (two overlaid Fashion-MNIST items)";
    spec.summary = "Lin et al. 2019: left and right item classes of a 36x36 overlay; needs dataset-fashion-mnist.";
    spec.usesModel = true;
    spec.parameters = {
        core::ParameterSpec::integer("train_samples", 60000, 2, 2000000, "Training + validation composites"),
        core::ParameterSpec::integer("test_samples", 10000, 1, 1000000, "Test composites (from the t10k items)"),
        core::ParameterSpec::real("validation_fraction", 0.1, 0.0, 0.9, "Share of the training composites held out"),
        core::ParameterSpec::boolean("resize28", false, "Resize 36x36 to 28x28 (nearest), as Sener & Koltun's loader"),
        core::ParameterSpec::integer("data_seed", 0, 0, 1LL << 53, "Seed of the composition"),
        core::ParameterSpec::text("data_dir", "", "Fashion-MNIST directory (empty: /usr/share/datasets/fashion-mnist)"),
        labelledFractionParameter(),
    };
    spec.pathParameters = { "data_dir" };
    spec.checkInputs = checkFashionMnistFiles;
    spec.validate = [](const ProblemContext& context) { return checkLabelledFraction(context, 2); };
    spec.taskCount = [](const ProblemContext&) { return 2; };
    spec.create = [](const ProblemContext& context) {
        data::MultiFashionOptions options;
        options.trainSamples = static_cast<int>(context.problem.integer("train_samples"));
        options.testSamples = static_cast<int>(context.problem.integer("test_samples"));
        options.validationFraction = context.problem.real("validation_fraction");
        options.resize28 = context.problem.boolean("resize28");
        options.seed = static_cast<std::uint64_t>(context.problem.integer("data_seed"));
        options.directory = context.problem.text("data_dir");
        const std::vector<double> fractions = context.problem.realList("labelled_fraction");
        data::DatasetPtr dataset
            = data::DatasetCache::instance().get(cacheKey("multi_fashion", context.problem), [options, fractions] {
                  return withLabelledFraction(data::makeMultiFashion(options), fractions, options.seed);
              });
        return makeNeuralProblem("multi_fashion", dataset, context);
    };
    return spec;
}

ProblemSpec fashionMtlSpec()
{
    ProblemSpec spec;
    spec.id = "fashion_mtl";
    spec.displayName = "Fashion-MNIST attribute tasks";
    spec.summary = "10-way class plus binary groupings (footwear, tops, bag, trousers) of single items, and a "
                   "noisy-label class.";
    spec.usesModel = true;
    spec.parameters = {
        core::ParameterSpec::text("tasks", "class,footwear,tops,bag",
            "Tasks, comma-separated: class, footwear, tops, bag, trousers, noisy_class"),
        core::ParameterSpec::real("label_noise", 0.5, 0.0, 1.0, "noisy_class: probability of a uniformly random label"),
        core::ParameterSpec::text("spurious_task", "",
            "A binary grouping (footwear, tops, bag, trousers) that a white image border follows with probability "
            "spurious_strength in training and validation, a fair coin in test; groups (label, border) for the "
            "worst-group accuracy. Empty: none"),
        core::ParameterSpec::real("spurious_strength", 0.9, 0.0, 1.0,
            "P(border = label of spurious_task) on the training and validation items"),
        core::ParameterSpec::integer("train_samples", 60000, 2, 60000, "Training + validation items"),
        core::ParameterSpec::integer("test_samples", 10000, 1, 10000, "Test items"),
        core::ParameterSpec::real("validation_fraction", 0.1, 0.0, 0.9, "Share of the training items held out"),
        core::ParameterSpec::integer("data_seed", 0, 0, 1LL << 53, "Seed of the subset"),
        core::ParameterSpec::text("data_dir", "", "Fashion-MNIST directory (empty: /usr/share/datasets/fashion-mnist)"),
        labelledFractionParameter(),
    };
    spec.pathParameters = { "data_dir" };
    spec.checkInputs = checkFashionMnistFiles;
    spec.validate = [](const ProblemContext& context) -> std::optional<std::string> {
        std::size_t taskCount = 0;
        try {
            taskCount = data::parseFashionMtlTasks(context.problem.text("tasks")).size();
        } catch (const std::exception& error) {
            return std::string("problem.tasks: ") + error.what();
        }
        if (auto error = checkLabelledFraction(context, static_cast<int>(taskCount)))
            return error;
        const std::string spurious = context.problem.text("spurious_task");
        if (!spurious.empty() && spurious != "footwear" && spurious != "tops" && spurious != "bag"
            && spurious != "trousers")
            return "problem.params.spurious_task: '" + spurious
                + "' is not a binary grouping (footwear, tops, bag, trousers; empty: none)";
        return std::nullopt;
    };
    spec.taskCount = [](const ProblemContext& context) {
        return static_cast<int>(data::parseFashionMtlTasks(context.problem.text("tasks")).size());
    };
    spec.create = [](const ProblemContext& context) {
        data::FashionMtlOptions options;
        options.tasks = data::parseFashionMtlTasks(context.problem.text("tasks"));
        options.trainSamples = static_cast<int>(context.problem.integer("train_samples"));
        options.testSamples = static_cast<int>(context.problem.integer("test_samples"));
        options.validationFraction = context.problem.real("validation_fraction");
        options.labelNoise = context.problem.real("label_noise");
        options.spuriousTask = context.problem.text("spurious_task");
        options.spuriousStrength = context.problem.real("spurious_strength");
        options.seed = static_cast<std::uint64_t>(context.problem.integer("data_seed"));
        options.directory = context.problem.text("data_dir");
        const std::vector<double> fractions = context.problem.realList("labelled_fraction");
        data::DatasetPtr dataset
            = data::DatasetCache::instance().get(cacheKey("fashion_mtl", context.problem), [options, fractions] {
                  return withLabelledFraction(data::makeFashionMtl(options), fractions, options.seed);
              });
        return makeNeuralProblem("fashion_mtl", dataset, context);
    };
    return spec;
}

ProblemSpec csvSpec()
{
    ProblemSpec spec;
    spec.id = "csv";
    spec.displayName = "User CSV";
    spec.summary = "Feature and target columns of a CSV file; each target a regression or classification task.";
    spec.usesModel = true;
    spec.parameters = {
        core::ParameterSpec::text("path", "", "CSV file (header row, comma-separated)"),
        core::ParameterSpec::text("features", "", "Feature columns, comma-separated (empty: all non-target columns)"),
        core::ParameterSpec::text(
            "targets", "", "Targets as column:kind, comma-separated; kind regression|classification"),
        core::ParameterSpec::text("group", "",
            "Column of sample groups (a protected or spurious attribute) for the worst-group accuracy; not a feature "
            "unless listed in features. Empty: none"),
        core::ParameterSpec::boolean(
            "skip_bad_rows", false, "Skip (and report) rows with missing or non-numeric cells"),
        core::ParameterSpec::boolean("unlabelled_targets", false,
            "An empty target cell means 'no label for that task' (partial supervision) instead of a missing value"),
        core::ParameterSpec::boolean("standardize", true, "Standardize features with training statistics"),
        core::ParameterSpec::real("validation_fraction", 0.1, 0.0, 0.9, "Share of rows for validation"),
        core::ParameterSpec::real("test_fraction", 0.2, 0.0, 0.9, "Share of rows for test"),
        core::ParameterSpec::integer("data_seed", 0, 0, 1LL << 53, "Seed of the split"),
    };
    spec.pathParameters = { "path" };
    spec.validate = [](const ProblemContext& context) -> std::optional<std::string> {
        if (context.problem.text("path").empty())
            return "problem.path: a CSV file is needed";
        try {
            if (data::CsvImporter::parseTargets(context.problem.text("targets")).empty())
                return "problem.targets: at least one target column (column:regression or column:classification)";
        } catch (const std::exception& error) {
            return std::string("problem.targets: ") + error.what();
        }
        if (context.problem.real("validation_fraction") + context.problem.real("test_fraction") >= 1.0)
            return "problem.test_fraction: validation and test fractions must leave rows for training";
        return refuseCnn(context, "a CSV problem");
    };
    // The header row only, so an experiment naming a missing file or column is refused when it is
    // checked or started, not minutes into loading the data.
    spec.checkInputs = [](const ProblemContext& context) -> std::optional<std::string> {
        const std::string path = context.problem.text("path");
        const std::vector<data::CsvTarget> targets = data::CsvImporter::parseTargets(context.problem.text("targets"));
        std::vector<std::string> columns;
        try {
            columns = data::CsvImporter::readHeader(path);
        } catch (const std::exception& error) {
            return std::string("problem.path: ") + error.what();
        }
        auto unknown = [&](const char* key, const std::string& name) -> std::optional<std::string> {
            if (std::find(columns.begin(), columns.end(), name) != columns.end())
                return std::nullopt;
            std::string known; // a wide file's list is cut short: the message is read in a form
            for (std::size_t c = 0; c < columns.size() && c < 30; ++c)
                known += (c == 0 ? "" : ", ") + columns[c];
            if (columns.size() > 30)
                known += ", ... (" + std::to_string(columns.size()) + " in all)";
            return std::string(key) + ": unknown column '" + name + "' in " + path + " (columns: " + known + ")";
        };
        for (const data::CsvTarget& target : targets)
            if (auto error = unknown("problem.targets", target.column))
                return error;
        const std::string group = context.problem.text("group");
        if (!group.empty())
            if (auto error = unknown("problem.group", group))
                return error;
        const std::vector<std::string> features = data::CsvImporter::parseColumns(context.problem.text("features"));
        for (const std::string& name : features)
            if (auto error = unknown("problem.features", name))
                return error;
        const bool allTargets = std::all_of(columns.begin(), columns.end(), [&](const std::string& column) {
            return std::any_of(
                targets.begin(), targets.end(), [&](const data::CsvTarget& target) { return target.column == column; });
        });
        if (features.empty() && allTargets)
            return "problem.features: no feature columns in " + path + " (every column is a target)";
        return std::nullopt;
    };
    spec.taskCount = [](const ProblemContext& context) {
        return static_cast<int>(data::CsvImporter::parseTargets(context.problem.text("targets")).size());
    };
    spec.create = [](const ProblemContext& context) {
        data::CsvImportOptions options;
        const std::string path = context.problem.text("path");
        options.featureColumns = data::CsvImporter::parseColumns(context.problem.text("features"));
        options.targets = data::CsvImporter::parseTargets(context.problem.text("targets"));
        options.groupColumn = context.problem.text("group");
        options.skipBadRows = context.problem.boolean("skip_bad_rows");
        options.unlabelledTargets = context.problem.boolean("unlabelled_targets");
        options.standardize = context.problem.boolean("standardize");
        options.validationFraction = context.problem.real("validation_fraction");
        options.testFraction = context.problem.real("test_fraction");
        options.seed = static_cast<std::uint64_t>(context.problem.integer("data_seed"));
        // The file's size and time are part of the key, so an edited file is read again.
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
        const std::string key
            = cacheKey("csv", context.problem) + "|size=" + std::to_string(size) + "|time=" + std::to_string(time);
        data::DatasetPtr dataset = data::DatasetCache::instance().get(
            key, [path, options] { return data::CsvImporter::importFile(path, options); });
        return makeNeuralProblem("csv", dataset, context);
    };
    return spec;
}
} // namespace

void registerDataProblems(ProblemRegistry& registry)
{
    registry.add(multiFashionSpec());
    registry.add(fashionMtlSpec());
    registry.add(csvSpec());
}

} // namespace mtw::problem

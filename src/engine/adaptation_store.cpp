#include "engine/adaptation_store.h"

#include "engine/atomic_file.h"
#include "engine/csv_field.h"
#include "engine/run_store.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mtw::engine {

namespace {

constexpr const char* schemaName = "mtw-adaptation/1";

std::string filePath(const std::string& directory)
{
    return directory + "/" + adaptationFileName;
}

nlohmann::json toJson(const AdaptationResult& result, const AdaptedTrunk& trunk)
{
    nlohmann::json entry;
    entry["task"] = result.task;
    entry["trunk"] = trunkKindName(trunk.kind);
    entry["label"] = trunk.label;
    entry["step"] = trunk.step;
    entry["trained_on_task"] = trunk.trainedOnTask;
    entry["training"] = trunk.training;
    entry["classes"] = result.classes;
    entry["episodes"] = result.options.episodes;
    entry["l2"] = result.options.head.l2;
    entry["normalization"] = analysis::featureNormalizationName(result.options.normalization);
    entry["seed"] = result.options.seed;
    nlohmann::json points = nlohmann::json::array();
    for (const analysis::FewShotPoint& p : trunk.points)
        points.push_back({ { "k", p.shots }, { "mean", p.mean }, { "std", p.std }, { "ci95", { p.ciLow, p.ciHigh } },
            { "unconverged", p.unconverged }, { "accuracies", p.accuracies } });
    entry["points"] = points;
    return entry;
}

nlohmann::json readFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        return nlohmann::json { { "schema", schemaName }, { "results", nlohmann::json::array() } };
    nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_object() || !json.contains("results") || !json["results"].is_array())
        throw RunStoreError("'" + path + "' is not an adaptation file (an object with a \"results\" array)");
    return json;
}

StoredAdaptation fromJson(const nlohmann::json& entry, const std::string& directory)
{
    StoredAdaptation stored;
    stored.task = entry.at("task").get<std::string>();
    stored.classes = entry.at("classes").get<int>();
    stored.options.episodes = entry.at("episodes").get<int>();
    stored.options.head.l2 = entry.at("l2").get<double>();
    stored.options.normalization = analysis::parseFeatureNormalization(entry.at("normalization").get<std::string>());
    stored.options.seed = entry.at("seed").get<std::uint64_t>();
    stored.options.shots.clear();
    AdaptedTrunk& trunk = stored.trunk;
    trunk.directory = directory;
    trunk.kind = entry.at("trunk").get<std::string>() == "random-init" ? TrunkKind::RandomInit : TrunkKind::Trained;
    trunk.label = entry.at("label").get<std::string>();
    trunk.step = entry.at("step").get<long long>();
    trunk.trainedOnTask = entry.at("trained_on_task").get<bool>();
    trunk.training = entry.at("training").get<std::string>();
    for (const nlohmann::json& p : entry.at("points")) {
        analysis::FewShotPoint point;
        point.shots = p.at("k").get<int>();
        point.mean = p.at("mean").get<double>();
        point.std = p.at("std").get<double>();
        point.ciLow = p.at("ci95").at(0).get<double>();
        point.ciHigh = p.at("ci95").at(1).get<double>();
        point.unconverged = p.at("unconverged").get<int>();
        point.accuracies = p.at("accuracies").get<std::vector<double>>();
        stored.options.shots.push_back(point.shots);
        trunk.points.push_back(std::move(point));
    }
    return stored;
}

bool sameOptions(const analysis::FewShotOptions& a, const analysis::FewShotOptions& b)
{
    return a.shots == b.shots && a.episodes == b.episodes && a.head.l2 == b.head.l2
        && a.normalization == b.normalization && a.seed == b.seed;
}

} // namespace

void storeAdaptation(const AdaptationResult& result)
{
    std::map<std::string, std::vector<const AdaptedTrunk*>> byDirectory;
    for (const AdaptedTrunk& trunk : result.trunks)
        byDirectory[trunk.directory].push_back(&trunk);
    for (const auto& [directory, trunks] : byDirectory) {
        const std::string path = filePath(directory);
        nlohmann::json json = readFile(path);
        nlohmann::json kept = nlohmann::json::array();
        for (const nlohmann::json& entry : json["results"]) {
            bool replaced = false;
            for (const AdaptedTrunk* trunk : trunks)
                replaced = replaced
                    || (entry.value("task", "") == result.task
                        && entry.value("trunk", "") == trunkKindName(trunk->kind));
            if (!replaced)
                kept.push_back(entry);
        }
        for (const AdaptedTrunk* trunk : trunks)
            kept.push_back(toJson(result, *trunk));
        json["schema"] = schemaName;
        json["results"] = kept;
        if (const auto error = writeFileAtomically(path, json.dump(1) + "\n"))
            throw RunStoreError(*error);
    }
}

std::vector<StoredAdaptation> readStoredAdaptations(const std::string& runDirectory)
{
    const std::string path = filePath(runDirectory);
    const nlohmann::json json = readFile(path);
    std::vector<StoredAdaptation> results;
    for (std::size_t i = 0; i < json["results"].size(); ++i) {
        try {
            results.push_back(fromJson(json["results"][i], runDirectory));
        } catch (const std::exception& error) {
            throw RunStoreError("'" + path + "': results[" + std::to_string(i) + "]: " + error.what());
        }
    }
    return results;
}

std::optional<AdaptationResult> storedAdaptation(const std::vector<std::string>& runs, const std::string& task)
{
    AdaptationResult result;
    result.task = task;
    std::optional<AdaptedTrunk> floor;
    for (const std::string& run : runs) {
        std::optional<StoredAdaptation> trained;
        for (StoredAdaptation& stored : readStoredAdaptations(run)) {
            if (stored.task != task)
                continue;
            if (stored.trunk.kind == TrunkKind::RandomInit) {
                if (!floor)
                    floor = stored.trunk;
                continue;
            }
            trained = std::move(stored);
        }
        if (!trained || (!result.trunks.empty() && !sameOptions(trained->options, result.options)))
            return std::nullopt;
        result.options = trained->options;
        result.classes = trained->classes;
        result.trunks.push_back(std::move(trained->trunk));
    }
    if (result.trunks.empty())
        return std::nullopt;
    if (floor)
        result.trunks.push_back(std::move(*floor));
    return result;
}

std::string adaptationCsv(const AdaptationResult& result)
{
    std::ostringstream out;
    out.precision(9);
    out << "trunk,training,trained_on_task,k,episodes,mean_balanced_accuracy,std,ci95_low,ci95_high,task,l2,"
           "normalization,seed\n";
    for (const AdaptedTrunk& trunk : result.trunks)
        for (const analysis::FewShotPoint& p : trunk.points)
            out << csvField(trunk.label) << "," << csvField(trunk.training) << "," << (trunk.trainedOnTask ? 1 : 0)
                << "," << p.shots << "," << p.accuracies.size() << "," << p.mean << "," << p.std << "," << p.ciLow
                << "," << p.ciHigh << "," << csvField(result.task) << "," << result.options.head.l2 << ","
                << analysis::featureNormalizationName(result.options.normalization) << "," << result.options.seed
                << "\n";
    return out.str();
}

} // namespace mtw::engine

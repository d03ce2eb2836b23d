#include "engine/json_parameters.h"

#include "engine/experiment_error.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace mtw::engine {

namespace {
// An integer that does not fit a signed 64-bit value (2^64 - 1 would otherwise read as -1).
void checkIntegerRange(const nlohmann::json& value, const std::string& path)
{
    if (value.is_number_unsigned()
        && value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<long long>::max()))
        throw ExperimentError(path,
            "is too large (" + std::to_string(value.get<std::uint64_t>()) + " > "
                + std::to_string(std::numeric_limits<long long>::max()) + ")");
}
} // namespace

core::ParameterValue parameterFromJson(const nlohmann::json& value, const std::string& path)
{
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number_integer()) {
        checkIntegerRange(value, path);
        return value.get<long long>();
    }
    if (value.is_number())
        return value.get<double>();
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_array()) {
        const bool allIntegers
            = std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_number_integer(); });
        if (allIntegers && !value.empty()) {
            std::vector<long long> list;
            for (std::size_t i = 0; i < value.size(); ++i) {
                checkIntegerRange(value[i], path + "[" + std::to_string(i) + "]");
                list.push_back(value[i].get<long long>());
            }
            return list;
        }
        std::vector<double> list;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].is_number())
                throw ExperimentError(path + "[" + std::to_string(i) + "]", "must be a number");
            list.push_back(value[i].get<double>());
        }
        return list;
    }
    throw ExperimentError(path, "must be a number, boolean, string or list of numbers");
}

nlohmann::json parameterToJson(const core::ParameterValue& value)
{
    return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

std::map<std::string, core::ParameterValue> parametersFromJson(
    const nlohmann::json& object, const core::ParameterSchema& schema, const std::string& path)
{
    if (!object.is_object())
        throw ExperimentError(path, "must be an object");
    std::map<std::string, core::ParameterValue> values;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string key = path + "." + it.key();
        auto spec = std::find_if(
            schema.begin(), schema.end(), [&](const core::ParameterSpec& p) { return p.name == it.key(); });
        if (spec == schema.end()) {
            std::string known;
            for (const core::ParameterSpec& p : schema)
                known += (known.empty() ? "" : ", ") + p.name;
            throw ExperimentError(key, "unknown key (known: " + (known.empty() ? std::string("none") : known) + ")");
        }
        const core::ParameterValue value = core::coerceParameter(*spec, parameterFromJson(it.value(), key));
        if (auto error = core::checkParameter(*spec, value))
            throw ExperimentError(key, *error);
        values[it.key()] = value;
    }
    return values;
}

nlohmann::json parametersToJson(const std::map<std::string, core::ParameterValue>& values)
{
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [name, value] : values)
        object[name] = parameterToJson(value);
    return object;
}

} // namespace mtw::engine

#include "engine/object_reader.h"

#include <algorithm>
#include <cstdint>
#include <sstream>

namespace mtw::engine {

using nlohmann::json;

ObjectReader::ObjectReader(const json& object, std::string path)
    : m_object(object)
    , m_path(std::move(path))
{
    if (!m_object.is_object())
        throw ExperimentError(m_path.empty() ? "(top level)" : m_path, "must be an object");
}

const json* ObjectReader::find(const std::string& key)
{
    m_known.insert(key);
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

double ObjectReader::number(const std::string& key, double fallback, double low, double high)
{
    const json* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_number())
        throw ExperimentError(keyPath(key), "must be a number");
    const double x = value->get<double>();
    if (!(x >= low && x <= high)) {
        std::ostringstream out;
        out << "must be in [" << low << ", " << high << "], got " << x;
        throw ExperimentError(keyPath(key), out.str());
    }
    return x;
}

long long ObjectReader::integer(const std::string& key, long long fallback, long long low, long long high)
{
    const json* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_number_integer())
        throw ExperimentError(keyPath(key), "must be an integer");
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(high))
        throw ExperimentError(keyPath(key), "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got "
            + std::to_string(value->get<std::uint64_t>()));
    const long long x = value->get<long long>();
    if (x < low || x > high)
        throw ExperimentError(keyPath(key),
            "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " + std::to_string(x));
    return x;
}

bool ObjectReader::boolean(const std::string& key, bool fallback)
{
    const json* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_boolean())
        throw ExperimentError(keyPath(key), "must be true or false");
    return value->get<bool>();
}

std::string ObjectReader::text(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices)
{
    const json* value = find(key);
    if (!value)
        return fallback;
    if (!value->is_string())
        throw ExperimentError(keyPath(key), "must be a string");
    std::string s = value->get<std::string>();
    if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end()) {
        std::string list;
        for (const std::string& c : choices)
            list += (list.empty() ? "" : ", ") + c;
        throw ExperimentError(keyPath(key), "must be one of: " + list + " (got '" + s + "')");
    }
    return s;
}

void ObjectReader::finish() const
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
        if (!m_known.count(it.key()))
            throw ExperimentError(keyPath(it.key()), "unknown key");
}

} // namespace mtw::engine

#include "engine/object_reader.h"

#include "engine/key_recorder.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <sstream>

namespace mtw::engine {

using nlohmann::json;

namespace {
// "[low, high]", appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
// "[" + std::string + ... at -O3.
std::string interval(const std::string& low, const std::string& high)
{
    std::string text = "[";
    text.append(low).append(", ").append(high).append("]");
    return text;
}
} // namespace

ObjectReader::ObjectReader(const json& object, std::string path)
    : m_object(object)
    , m_path(std::move(path))
{
    if (!m_object.is_object())
        throw ExperimentError(m_path.empty() ? "(top level)" : m_path, "must be an object");
}

const json* ObjectReader::lookup(const std::string& key)
{
    m_known.insert(key);
    auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

void ObjectReader::record(const std::string& key, std::string type, std::string fallback, std::string range,
    std::vector<std::string> choices, const std::string& doc) const
{
    if (KeyRecorder* recorder = KeyRecorder::current())
        recorder->add(
            { keyPath(key), std::move(type), std::move(fallback), true, std::move(range), std::move(choices), doc });
}

const json* ObjectReader::find(const std::string& key, const KeyDoc& doc)
{
    if (KeyRecorder* recorder = KeyRecorder::current())
        recorder->add({ keyPath(key), doc.type, doc.absent, false, {}, {}, doc.doc });
    return lookup(key);
}

double ObjectReader::number(const std::string& key, double fallback, double low, double high, const std::string& doc)
{
    record(key, "number", referenceNumber(fallback), interval(referenceNumber(low), referenceNumber(high)), {}, doc);
    const json* value = lookup(key);
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

long long ObjectReader::integer(
    const std::string& key, long long fallback, long long low, long long high, const std::string& doc)
{
    record(
        key, "integer", referenceInteger(fallback), interval(referenceInteger(low), referenceInteger(high)), {}, doc);
    const json* value = lookup(key);
    if (!value)
        return fallback;
    if (!value->is_number_integer())
        throw ExperimentError(keyPath(key), "must be an integer");
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(high))
        throw ExperimentError(keyPath(key),
            "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got "
                + std::to_string(value->get<std::uint64_t>()));
    const long long x = value->get<long long>();
    if (x < low || x > high)
        throw ExperimentError(keyPath(key),
            "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " + std::to_string(x));
    return x;
}

bool ObjectReader::boolean(const std::string& key, bool fallback, const std::string& doc)
{
    record(key, "boolean", fallback ? "true" : "false", {}, {}, doc);
    const json* value = lookup(key);
    if (!value)
        return fallback;
    if (!value->is_boolean())
        throw ExperimentError(keyPath(key), "must be true or false");
    return value->get<bool>();
}

std::string ObjectReader::text(const std::string& key, const std::string& fallback,
    const std::vector<std::string>& choices, const std::string& doc)
{
    record(key, "string", fallback.empty() ? "\"\"" : fallback, {}, choices, doc);
    const json* value = lookup(key);
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

std::string referenceNumber(double value)
{
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

std::string referenceInteger(long long value)
{
    if (value >= (1LL << 20) && (value & (value - 1)) == 0) {
        int exponent = 0;
        while ((1LL << exponent) != value)
            ++exponent;
        return "2^" + std::to_string(exponent);
    }
    return std::to_string(value);
}

} // namespace mtw::engine

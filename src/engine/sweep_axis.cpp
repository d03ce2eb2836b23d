#include "engine/sweep_axis.h"

#include "engine/experiment_error.h"
#include "engine/object_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace mtw::engine {

namespace {

using nlohmann::json;

constexpr std::size_t maxAxisValues = 100000;

std::vector<std::string> split(const std::string& key)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            return parts;
        start = dot + 1;
    }
}

void checkKey(const std::string& key, const std::string& path)
{
    if (key.empty())
        throw ExperimentError(path, "must name a key path of the experiment (\"optimizer.lr\")");
    for (const std::string& part : split(key))
        if (part.empty())
            throw ExperimentError(path, "'" + key + "' is not a key path (an empty component)");
    if (key == "schema" || key == "name" || key == "sweep" || key.rfind("sweep.", 0) == 0)
        throw ExperimentError(path, "'" + key + "' cannot be swept");
}

double number(ObjectReader& r, const char* key, const std::string& doc)
{
    const json* it = r.find(key, { "number", "required", doc });
    if (!it || !it->is_number())
        throw ExperimentError(r.keyPath(key), "is required and must be a number");
    const double value = it->get<double>();
    if (!std::isfinite(value))
        throw ExperimentError(r.keyPath(key), "must be finite");
    return value;
}

long long count(ObjectReader& r, const char* key, long long low, const std::string& doc)
{
    const std::string bounds = "[" + std::to_string(low) + ", " + std::to_string(maxAxisValues) + "]";
    const json* it = r.find(key, { "integer in " + bounds, "required", doc });
    if (!it || !it->is_number_integer())
        throw ExperimentError(r.keyPath(key), "is required and must be an integer");
    const long long value = it->get<long long>();
    if (value < low || value > static_cast<long long>(maxAxisValues))
        throw ExperimentError(r.keyPath(key), "must be in " + bounds + ", got " + std::to_string(value));
    return value;
}

void onlyKeys(const json& node, const std::set<std::string>& allowed, const std::string& path)
{
    for (auto it = node.begin(); it != node.end(); ++it)
        if (!allowed.count(it.key()))
            throw ExperimentError(path + "." + it.key(), "unknown key");
}

// A number as JSON: an integer when it is one (so "training.steps" stays an integer).
json rangeValue(double x, bool integral)
{
    if (integral && std::abs(x) < 9e15 && x == std::round(x))
        return json(static_cast<long long>(std::llround(x)));
    return json(x);
}

std::vector<json> range(const json& node, const std::string& path, bool logarithmic)
{
    if (!node.is_object())
        throw ExperimentError(path, "must be an object {\"from\": a, \"to\": b, \"count\": n}");
    onlyKeys(node, { "from", "to", "count" }, path);
    ObjectReader r(node, path);
    const double from = number(r, "from", "the first value, exactly as written");
    const double to = number(r, "to", "the last value, exactly as written");
    const long long n = count(r, "count", 1, "how many values (inner ones rounded to 12 significant digits)");
    if (logarithmic && !(from > 0 && to > 0))
        throw ExperimentError(path, "a log range needs from > 0 and to > 0");
    if (n == 1 && from != to)
        throw ExperimentError(path + ".count", "is 1, so from and to must be equal");
    // Integer end points a whole step apart give integers ("training.steps" must be one).
    const bool integral = !logarithmic && node["from"].is_number_integer() && node["to"].is_number_integer()
        && (n == 1 || (node["to"].get<long long>() - node["from"].get<long long>()) % (n - 1) == 0);
    std::vector<json> values;
    for (long long i = 0; i < n; ++i) {
        const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
        // Exact end points: `from` and `to` as written, not exp(log(from)) or from + (to - from).
        double x = i == 0 ? from
            : i == n - 1  ? to
            : logarithmic ? std::exp(std::log(from) + t * (std::log(to) - std::log(from)))
                          : from + t * (to - from);
        if (i > 0 && i < n - 1) {
            // 1e-4..1e-2 in 3 gives 0.001, not 0.0009999999999999998, and 0.1..0.5 gives 0.3, not
            // 0.30000000000000004: the nearest double to the value rounded to 12 significant digits.
            char digits[32];
            std::snprintf(digits, sizeof digits, "%.12g", x);
            x = std::strtod(digits, nullptr);
        }
        values.push_back(rangeValue(x, integral));
    }
    return values;
}

std::vector<json> seeds(const json& node, const std::string& path)
{
    long long n = 0;
    long long from = 0;
    if (node.is_number_integer()) {
        n = node.get<long long>();
        if (n < 1 || n > static_cast<long long>(maxAxisValues))
            throw ExperimentError(
                path, "must be in [1, " + std::to_string(maxAxisValues) + "], got " + std::to_string(n));
    } else if (node.is_object()) {
        onlyKeys(node, { "count", "from" }, path);
        ObjectReader r(node, path);
        n = count(r, "count", 1, "how many seeds");
        if (const json* first = r.find("from", { "integer >= 0", "`0`", "the first seed" })) {
            if (!first->is_number_integer() || first->get<long long>() < 0)
                throw ExperimentError(path + ".from", "must be a non-negative integer");
            from = first->get<long long>();
        }
    } else {
        throw ExperimentError(path, "must be a count (3) or {\"count\": 3, \"from\": 10}");
    }
    std::vector<json> values;
    for (long long i = 0; i < n; ++i)
        values.push_back(json(from + i));
    return values;
}

std::string safe(const std::string& text)
{
    std::string out;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '+' || c == '=' || c == '-';
        out += ok ? c : '_';
    }
    return out;
}

std::string numberLabel(double x)
{
    char buffer[64];
    const double magnitude = std::abs(x);
    if (magnitude != 0 && (magnitude < 1e-2 || magnitude >= 1e5)) {
        // Shortest scientific form without the exponent's padding: 1e-03 -> 1e-3, 2.5e+06 -> 2.5e6.
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific).ptr;
        std::string text(buffer, end);
        const std::size_t e = text.find('e');
        std::string mantissa = text.substr(0, e);
        std::string exponent = text.substr(e + 1);
        const bool negative = exponent[0] == '-';
        exponent = exponent.substr(1);
        while (exponent.size() > 1 && exponent[0] == '0')
            exponent.erase(0, 1);
        return mantissa + "e" + (negative ? "-" : "") + exponent;
    }
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return std::string(buffer, end);
}

} // namespace

std::string sweepValueLabel(const json& value)
{
    if (value.is_string())
        return safe(value.get<std::string>());
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer())
        return value.is_number_unsigned() ? std::to_string(value.get<std::uint64_t>())
                                          : std::to_string(value.get<long long>());
    if (value.is_number())
        return safe(numberLabel(value.get<double>()));
    if (value.is_null())
        return "null";
    if (value.is_array()) {
        std::string joined;
        for (const json& element : value) {
            const std::string label = sweepValueLabel(element);
            if (label.empty())
                return {};
            joined += (joined.empty() ? "" : "+") + label;
        }
        return joined.empty() ? "none" : joined;
    }
    for (const char* member : { "name", "type" })
        if (value.contains(member) && value[member].is_string())
            return safe(value[member].get<std::string>());
    return {};
}

std::string defaultSweepPrefix(const std::string& key)
{
    const std::string last = split(key).back();
    if (last == "seed")
        return "s";
    if (last == "name" || last == "type" || last == "architecture")
        return "";
    return safe(last);
}

SweepAxis parseSweepAxis(const json& node, const std::string& path)
{
    if (!node.is_object())
        throw ExperimentError(path, "must be an object ({\"key\": \"optimizer.lr\", \"values\": [0.1, 0.01]})");
    onlyKeys(node, { "key", "values", "range", "log_range", "seeds", "labels", "prefix", "zip" }, path);
    ObjectReader r(node, path);
    const std::string oneSource = "one of values, range, log_range, seeds";
    const json* key = r.find("key",
        { "string", "`training.seed` with `seeds`",
            "the key path swept (`optimizer.lr`, `method.params.c`) or a whole block (`method`)" });
    const json* values = r.find("values", { "list", oneSource, "the values, each as it would be written in the file" });
    const json* linear = r.find("range", { "object", oneSource, "`count` values evenly spaced from `from` to `to`" });
    const json* logarithmic
        = r.find("log_range", { "object", oneSource, "`count` values evenly spaced in log from `from` to `to`" });
    const json* seedCount = r.find("seeds",
        { "integer or object", oneSource, "seeds 0 .. N-1 of `training.seed`, or {\"count\": N, \"from\": S}" });
    const json* prefix = r.find("prefix",
        { "string", "from the key: `lr`, `c`, `s` for seeds, none for names",
            "written in front of each value's label in combination names" });
    const json* zip = r.find("zip", { "string", "none", "axes of the same zip group move together (equal lengths)" });
    const json* labels
        = r.find("labels", { "list of strings", "from the values", "one label per value, for combination names" });
    SweepAxis axis;
    if (key) {
        if (!key->is_string())
            throw ExperimentError(path + ".key", "must be a string");
        axis.key = key->get<std::string>();
    } else if (seedCount) {
        axis.key = "training.seed";
    }
    checkKey(axis.key, path + ".key");

    const int sources = (values ? 1 : 0) + (linear ? 1 : 0) + (logarithmic ? 1 : 0) + (seedCount ? 1 : 0);
    if (sources != 1)
        throw ExperimentError(path, "needs exactly one of \"values\", \"range\", \"log_range\" or \"seeds\"");
    if (values) {
        if (!values->is_array() || values->empty())
            throw ExperimentError(path + ".values", "must be a non-empty list");
        if (values->size() > maxAxisValues)
            throw ExperimentError(path + ".values", "has more than " + std::to_string(maxAxisValues) + " values");
        axis.values.assign(values->begin(), values->end());
    } else if (linear) {
        axis.values = range(*linear, path + ".range", false);
    } else if (logarithmic) {
        axis.values = range(*logarithmic, path + ".log_range", true);
    } else {
        axis.values = seeds(*seedCount, path + ".seeds");
    }

    if (prefix) {
        if (!prefix->is_string())
            throw ExperimentError(path + ".prefix", "must be a string");
        axis.prefix = safe(prefix->get<std::string>());
    } else {
        // Objects are labelled by their own name ("cagrad"), which needs no prefix.
        const bool objects
            = std::all_of(axis.values.begin(), axis.values.end(), [](const json& v) { return v.is_object(); });
        axis.prefix = objects ? "" : defaultSweepPrefix(axis.key);
    }
    if (zip) {
        if (!zip->is_string() || zip->get<std::string>().empty())
            throw ExperimentError(path + ".zip", "must be a group name");
        axis.zip = zip->get<std::string>();
    }
    if (labels) {
        if (!labels->is_array() || labels->size() != axis.values.size())
            throw ExperimentError(path + ".labels",
                "must be a list of " + std::to_string(axis.values.size()) + " strings, one per value");
        for (const json& label : *labels) {
            if (!label.is_string() || label.get<std::string>().empty())
                throw ExperimentError(path + ".labels", "must hold non-empty strings");
            axis.labels.push_back(safe(label.get<std::string>()));
        }
    } else {
        for (std::size_t i = 0; i < axis.values.size(); ++i) {
            std::string label = sweepValueLabel(axis.values[i]);
            if (label.empty())
                throw ExperimentError(path + ".values[" + std::to_string(i) + "]",
                    "has no automatic label (an object without \"name\" or \"type\"): give \"labels\"");
            axis.labels.push_back(std::move(label));
        }
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < axis.labels.size(); ++i)
        if (!seen.insert(axis.labels[i]).second)
            throw ExperimentError(path + (labels ? ".labels" : ".values"),
                "two values have the label '" + axis.labels[i] + "' (value " + std::to_string(i)
                    + "): give distinct \"labels\" so every combination has its own name");
    return axis;
}

json sweepAxisToJson(const SweepAxis& axis)
{
    return { { "key", axis.key }, { "values", axis.values }, { "labels", axis.labels }, { "prefix", axis.prefix },
        { "zip", axis.zip } };
}

const json* valueAtKeyPath(const json& document, const std::string& key)
{
    const json* node = &document;
    for (const std::string& part : split(key)) {
        if (!node->is_object())
            return nullptr;
        const auto it = node->find(part);
        if (it == node->end())
            return nullptr;
        node = &*it;
    }
    return node;
}

void setAtKeyPath(json& document, const std::string& key, const json& value, const std::string& errorPath)
{
    json* node = &document;
    std::string walked;
    for (const std::string& part : split(key)) {
        if (node->is_null())
            *node = json::object(); // a component the file leaves out
        if (!node->is_object())
            throw ExperimentError(
                errorPath, "cannot set '" + key + "': '" + walked + "' is not an object in the experiment");
        node = &(*node)[part];
        walked += (walked.empty() ? "" : ".") + part;
    }
    *node = value;
}

} // namespace mtw::engine

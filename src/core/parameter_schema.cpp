#include "core/parameter_schema.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace mtw::core {

ParameterSpec ParameterSpec::real(std::string name, double value, double low, double high, std::string doc)
{
    return { std::move(name), ParameterType::Real, value, low, high, {}, std::move(doc) };
}

ParameterSpec ParameterSpec::integer(std::string name, long long value, long long low, long long high, std::string doc)
{
    return { std::move(name), ParameterType::Integer, value, static_cast<double>(low), static_cast<double>(high), {},
        std::move(doc) };
}

ParameterSpec ParameterSpec::boolean(std::string name, bool value, std::string doc)
{
    return { std::move(name), ParameterType::Boolean, value, 0, 1, {}, std::move(doc) };
}

ParameterSpec ParameterSpec::choice(
    std::string name, std::string value, std::vector<std::string> options, std::string doc)
{
    return { std::move(name), ParameterType::Choice, std::move(value), 0, 0, std::move(options), std::move(doc) };
}

ParameterSpec ParameterSpec::realList(
    std::string name, std::vector<double> value, double low, double high, std::string doc)
{
    return { std::move(name), ParameterType::RealList, std::move(value), low, high, {}, std::move(doc) };
}

ParameterSpec ParameterSpec::integerList(
    std::string name, std::vector<long long> value, long long low, long long high, std::string doc)
{
    return { std::move(name), ParameterType::IntegerList, std::move(value), static_cast<double>(low),
        static_cast<double>(high), {}, std::move(doc) };
}

ParameterSpec ParameterSpec::text(std::string name, std::string value, std::string doc)
{
    return { std::move(name), ParameterType::Text, std::move(value), 0, 0, {}, std::move(doc) };
}

const ParameterValue& ParameterValues::at(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        throw std::out_of_range("parameter '" + name + "' is not set");
    return it->second;
}

double ParameterValues::real(const std::string& name) const
{
    const ParameterValue& value = at(name);
    if (const auto* integerValue = std::get_if<long long>(&value))
        return static_cast<double>(*integerValue);
    return std::get<double>(value);
}

long long ParameterValues::integer(const std::string& name) const
{
    return std::get<long long>(at(name));
}
bool ParameterValues::boolean(const std::string& name) const
{
    return std::get<bool>(at(name));
}
const std::string& ParameterValues::text(const std::string& name) const
{
    return std::get<std::string>(at(name));
}
std::vector<double> ParameterValues::realList(const std::string& name) const
{
    return std::get<std::vector<double>>(at(name));
}
std::vector<long long> ParameterValues::integerList(const std::string& name) const
{
    return std::get<std::vector<long long>>(at(name));
}

std::string parameterTypeName(ParameterType type)
{
    switch (type) {
    case ParameterType::Real:
        return "number";
    case ParameterType::Integer:
        return "integer";
    case ParameterType::Boolean:
        return "boolean";
    case ParameterType::Choice:
        return "choice";
    case ParameterType::RealList:
        return "list of numbers";
    case ParameterType::IntegerList:
        return "list of integers";
    case ParameterType::Text:
        return "text";
    }
    return "?";
}

std::string formatParameterValue(const ParameterValue& value)
{
    std::ostringstream out;
    out.precision(10);
    std::visit(
        [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                out << (v ? "true" : "false");
            } else if constexpr (std::is_same_v<T, std::string>) {
                out << v;
            } else if constexpr (std::is_same_v<T, std::vector<double>> || std::is_same_v<T, std::vector<long long>>) {
                out << '[';
                for (std::size_t i = 0; i < v.size(); ++i)
                    out << (i ? ", " : "") << v[i];
                out << ']';
            } else {
                out << v;
            }
        },
        value);
    return out.str();
}

namespace {
std::optional<std::string> checkRange(const ParameterSpec& spec, double x)
{
    if (!std::isfinite(x))
        return "must be a finite number";
    if (x < spec.minimum || x > spec.maximum) {
        std::ostringstream out;
        out << "must be in [" << spec.minimum << ", " << spec.maximum << "], got " << x;
        return out.str();
    }
    return std::nullopt;
}
} // namespace

ParameterValue coerceParameter(const ParameterSpec& spec, ParameterValue value)
{
    if (spec.type == ParameterType::Real)
        if (const auto* n = std::get_if<long long>(&value))
            return static_cast<double>(*n);
    if (spec.type == ParameterType::RealList)
        if (const auto* list = std::get_if<std::vector<long long>>(&value))
            return std::vector<double>(list->begin(), list->end());
    if (spec.type == ParameterType::IntegerList)
        if (const auto* list = std::get_if<std::vector<double>>(&value); list && list->empty())
            return std::vector<long long> {};
    return value;
}

std::optional<std::string> checkParameter(const ParameterSpec& spec, const ParameterValue& rawValue)
{
    const ParameterValue value = coerceParameter(spec, rawValue);
    switch (spec.type) {
    case ParameterType::Real:
        if (const auto* x = std::get_if<double>(&value))
            return checkRange(spec, *x);
        if (const auto* n = std::get_if<long long>(&value))
            return checkRange(spec, static_cast<double>(*n));
        return "must be a number";
    case ParameterType::Integer:
        if (const auto* n = std::get_if<long long>(&value))
            return checkRange(spec, static_cast<double>(*n));
        return "must be an integer";
    case ParameterType::Boolean:
        if (std::holds_alternative<bool>(value))
            return std::nullopt;
        return "must be true or false";
    case ParameterType::Choice: {
        const auto* s = std::get_if<std::string>(&value);
        if (!s)
            return "must be a string";
        for (const std::string& option : spec.choices)
            if (option == *s)
                return std::nullopt;
        std::string options;
        for (const std::string& option : spec.choices)
            options += (options.empty() ? "" : ", ") + option;
        return "must be one of: " + options + " (got '" + *s + "')";
    }
    case ParameterType::RealList: {
        const auto* list = std::get_if<std::vector<double>>(&value);
        if (!list)
            return "must be a list of numbers";
        for (double x : *list)
            if (auto error = checkRange(spec, x))
                return "entries " + *error;
        return std::nullopt;
    }
    case ParameterType::IntegerList: {
        const auto* list = std::get_if<std::vector<long long>>(&value);
        if (!list)
            return "must be a list of integers";
        for (long long x : *list)
            if (auto error = checkRange(spec, static_cast<double>(x)))
                return "entries " + *error;
        return std::nullopt;
    }
    case ParameterType::Text:
        if (std::holds_alternative<std::string>(value))
            return std::nullopt;
        return "must be a string";
    }
    return "unknown type";
}

ParameterValues withDefaults(const ParameterSchema& schema, const std::map<std::string, ParameterValue>& given)
{
    ParameterValues values;
    for (const ParameterSpec& spec : schema) {
        auto it = given.find(spec.name);
        if (it != given.end()) {
            values.set(spec.name, coerceParameter(spec, it->second));
        } else if (!spec.required) {
            values.set(spec.name, spec.defaultValue);
        }
    }
    return values;
}

} // namespace mtw::core

#pragma once
// Declarative hyperparameter schemas. A method, problem or model declares its parameters once
// (name, type, default, range, documentation); the same declaration validates experiment files,
// drives `mtw-cli methods` and generates the GUI forms.
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mtw::core {

enum class ParameterType { Real, Integer, Boolean, Choice, RealList, IntegerList, Text };

using ParameterValue = std::variant<double, long long, bool, std::string, std::vector<double>, std::vector<long long>>;

struct ParameterSpec {
    std::string name;
    ParameterType type = ParameterType::Real;
    ParameterValue defaultValue = 0.0;
    double minimum = -1e300; // inclusive bounds for numbers and list entries
    double maximum = 1e300;
    std::vector<std::string> choices; // for Choice
    std::string doc;
    bool required = false; // no usable default: must be given (e.g. Krum's n_byzantine)

    static ParameterSpec real(std::string name, double value, double low, double high, std::string doc);
    static ParameterSpec integer(std::string name, long long value, long long low, long long high, std::string doc);
    static ParameterSpec boolean(std::string name, bool value, std::string doc);
    static ParameterSpec choice(std::string name, std::string value, std::vector<std::string> options, std::string doc);
    static ParameterSpec realList(
        std::string name, std::vector<double> value, double low, double high, std::string doc);
    static ParameterSpec integerList(
        std::string name, std::vector<long long> value, long long low, long long high, std::string doc);
    static ParameterSpec text(std::string name, std::string value, std::string doc);
};

using ParameterSchema = std::vector<ParameterSpec>;

// Values after validation: every schema entry present (defaults filled in).
class ParameterValues {
public:
    ParameterValues() = default;
    void set(const std::string& name, ParameterValue value) { m_values[name] = std::move(value); }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    double real(const std::string& name) const;
    long long integer(const std::string& name) const;
    bool boolean(const std::string& name) const;
    const std::string& text(const std::string& name) const;
    std::vector<double> realList(const std::string& name) const;
    std::vector<long long> integerList(const std::string& name) const;
    const std::map<std::string, ParameterValue>& all() const { return m_values; }

private:
    const ParameterValue& at(const std::string& name) const;
    std::map<std::string, ParameterValue> m_values;
};

std::string parameterTypeName(ParameterType type);
std::string formatParameterValue(const ParameterValue& value);

// Converts a value to the spec's representation where that is lossless (an integer for a real,
// an integer list for a real list, an empty list for either list type).
ParameterValue coerceParameter(const ParameterSpec& spec, ParameterValue value);

// Checks one value against its spec; returns the reason it is invalid, if it is.
std::optional<std::string> checkParameter(const ParameterSpec& spec, const ParameterValue& value);

// Fills defaults for absent entries; the result lacks only required parameters not given.
ParameterValues withDefaults(const ParameterSchema& schema, const std::map<std::string, ParameterValue>& given);

} // namespace mtw::core

#pragma once
// Reads the keys of one JSON object of a file a person writes (experiments, sweeps), by name, with
// type and range checks; every error is an ExperimentError at the key's full path
// ("diagnostics.factors.every: must be an integer"). finish() rejects any key that was not read.
//
// Every read carries the key's one-line description, and reports the key (type, value when
// absent, range, choices, description) to the installed engine::KeyRecorder: the user guide's
// file reference is generated from these calls (`mtw-cli reference`), so the description lives
// here, next to the read, and nowhere else.
#include "engine/experiment_error.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace mtw::engine {

// What the reference says about a key read with find() (objects, lists, values of several types).
struct KeyDoc {
    std::string type; // "object", "list of numbers", ...
    std::string absent; // what leaving the key out means: "required", "off", "[0.05]"
    std::string doc;
};

class ObjectReader {
public:
    // path: the object's key path ("" for the top level).
    ObjectReader(const nlohmann::json& object, std::string path);

    std::string keyPath(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
    // The value of `key` (marked as read), or nullptr when absent.
    const nlohmann::json* find(const std::string& key, const KeyDoc& doc);
    double number(const std::string& key, double fallback, double low, double high, const std::string& doc);
    long long integer(
        const std::string& key, long long fallback, long long low, long long high, const std::string& doc);
    bool boolean(const std::string& key, bool fallback, const std::string& doc);
    std::string text(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices,
        const std::string& doc);
    void finish() const;

private:
    const nlohmann::json* lookup(const std::string& key);
    // Reports a key read with a fallback value to the installed KeyRecorder, if any.
    void record(const std::string& key, std::string type, std::string fallback, std::string range,
        std::vector<std::string> choices, const std::string& doc) const;

    const nlohmann::json& m_object;
    std::string m_path;
    std::set<std::string> m_known;
};

// Numbers as the reference writes them: the shortest text that reads back the same double
// ("0.99999999", "1e-08", "1e+300"); integers that are powers of two from 2^20 up as "2^40".
std::string referenceNumber(double value);
std::string referenceInteger(long long value);

} // namespace mtw::engine

#pragma once
// Reads the keys of one JSON object of a file a person writes (experiments), by name, with type
// and range checks; every error is an ExperimentError at the key's full path
// ("diagnostics.factors.every: must be an integer"). finish() rejects any key that was not read.
#include "engine/experiment_error.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace mtw::engine {

class ObjectReader {
public:
    // path: the object's key path ("" for the top level).
    ObjectReader(const nlohmann::json& object, std::string path);

    std::string keyPath(const std::string& key) const { return m_path.empty() ? key : m_path + "." + key; }
    // The value of `key` (marked as read), or nullptr when absent.
    const nlohmann::json* find(const std::string& key);
    double number(const std::string& key, double fallback, double low, double high);
    long long integer(const std::string& key, long long fallback, long long low, long long high);
    bool boolean(const std::string& key, bool fallback);
    std::string text(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices = {});
    void finish() const;

private:
    const nlohmann::json& m_object;
    std::string m_path;
    std::set<std::string> m_known;
};

} // namespace mtw::engine

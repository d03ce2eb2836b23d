#pragma once
// Process-wide cache of loaded data sets: a data set is built once per (kind, parameters) key and
// shared read-only (std::shared_ptr<const MultiTaskDataset>) by every run that asks for it.
// Thread-safe: concurrent requests for the same key build it once (the others wait); requests
// for different keys build in parallel. Entries live while the cache holds them; clear() drops
// the cache's references (runs that hold a pointer keep their data). Nothing is written to disk.
#include "data/multi_task_dataset.h"

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

namespace mtw::data {

class DatasetCache {
public:
    static DatasetCache& instance();

    // Returns the cached data set for key, or builds it with factory (exceptions propagate and
    // nothing is cached, so a later call may retry, e.g. after the package is installed).
    DatasetPtr get(const std::string& key, const std::function<MultiTaskDataset()>& factory);
    void clear();
    std::size_t size() const;
    long long builds() const; // how many times a factory ran (tests check sharing)

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_built;
    std::map<std::string, DatasetPtr> m_entries;
    std::map<std::string, int> m_building;
    long long m_builds = 0;
};

} // namespace mtw::data

#include "data/dataset_cache.h"

namespace mtw::data {

DatasetCache& DatasetCache::instance()
{
    static DatasetCache cache;
    return cache;
}

DatasetPtr DatasetCache::get(const std::string& key, const std::function<MultiTaskDataset()>& factory)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        auto it = m_entries.find(key);
        if (it != m_entries.end())
            return it->second;
        if (m_building.count(key) == 0)
            break;
        m_built.wait(lock);
    }
    m_building[key] = 1;
    ++m_builds;
    lock.unlock();
    DatasetPtr dataset;
    try {
        dataset = std::make_shared<const MultiTaskDataset>(factory());
    } catch (...) {
        lock.lock();
        m_building.erase(key);
        m_built.notify_all();
        throw;
    }
    lock.lock();
    m_building.erase(key);
    m_entries[key] = dataset;
    m_built.notify_all();
    return dataset;
}

void DatasetCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_entries.clear();
}

std::size_t DatasetCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_entries.size();
}

long long DatasetCache::builds() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_builds;
}

} // namespace mtw::data

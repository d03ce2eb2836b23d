#include "engine/key_recorder.h"

#include <cctype>

namespace mtw::engine {

namespace {
thread_local KeyRecorder* t_current = nullptr;
}

KeyRecorder::KeyRecorder()
    : m_outer(t_current)
{
    t_current = this;
}

KeyRecorder::~KeyRecorder()
{
    t_current = m_outer;
}

KeyRecorder* KeyRecorder::current()
{
    return t_current;
}

void KeyRecorder::add(KeyRecord record)
{
    record.path = genericKeyPath(record.path);
    for (KeyRecord& known : m_keys) {
        if (known.path != record.path)
            continue;
        for (auto field : { &KeyRecord::type, &KeyRecord::absent, &KeyRecord::range, &KeyRecord::doc })
            if ((known.*field).empty())
                known.*field = record.*field;
        if (known.choices.empty())
            known.choices = record.choices;
        return;
    }
    m_keys.push_back(std::move(record));
}

const KeyRecord* KeyRecorder::find(const std::string& path) const
{
    for (const KeyRecord& known : m_keys)
        if (known.path == path)
            return &known;
    return nullptr;
}

std::string genericKeyPath(const std::string& path)
{
    std::string result;
    for (std::size_t i = 0; i < path.size(); ++i) {
        result += path[i];
        if (path[i] != '[')
            continue;
        std::size_t end = i + 1;
        while (end < path.size() && std::isdigit(static_cast<unsigned char>(path[end])))
            ++end;
        if (end > i + 1 && end < path.size() && path[end] == ']')
            i = end - 1; // skip the digits; the ']' is copied next
    }
    return result;
}

} // namespace mtw::engine

#include "engine/strict_json.h"

#include "engine/experiment_error.h"

#include <set>
#include <vector>

namespace mtw::engine {

namespace {

using nlohmann::json;

// Where the parser is, as a key path ("method.params.c", "model.trunk[2]").
class PathTracker {
public:
    void openObject() { m_frames.push_back({ false, 0, {}, {} }); }
    void openArray() { m_frames.push_back({ true, 0, {}, {} }); }
    void close()
    {
        if (!m_frames.empty())
            m_frames.pop_back();
        valueDone();
    }
    void valueDone()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
    }
    void key(const std::string& name)
    {
        Frame& frame = m_frames.back();
        frame.key = name;
        if (!frame.keys.insert(name).second)
            throw ExperimentError(
                path(), "duplicate key (a second value for the same key would silently replace the first)");
    }
    std::string path() const
    {
        std::string text;
        for (const Frame& frame : m_frames) {
            if (frame.array)
                text += "[" + std::to_string(frame.index) + "]";
            else if (!frame.key.empty())
                text += (text.empty() ? "" : ".") + frame.key;
        }
        return text;
    }

private:
    struct Frame {
        bool array;
        std::size_t index;
        std::string key;
        std::set<std::string> keys;
    };
    std::vector<Frame> m_frames;
};

std::string lineAndColumn(const std::string& text, std::size_t byte)
{
    // nlohmann reports the 1-based offset of the byte after the error.
    const std::size_t offset = std::min<std::size_t>(byte, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

json parseStrictJson(const std::string& text)
{
    PathTracker tracker;
    const json::parser_callback_t callback = [&tracker](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
            tracker.openObject();
            break;
        case json::parse_event_t::array_start:
            tracker.openArray();
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            tracker.close();
            break;
        case json::parse_event_t::key:
            tracker.key(parsed.get<std::string>());
            break;
        case json::parse_event_t::value:
            tracker.valueDone();
            break;
        }
        return true;
    };
    try {
        return json::parse(text, callback);
    } catch (const json::parse_error& error) {
        const std::string where = tracker.path();
        throw ExperimentError(
            (where.empty() ? "" : where + " (") + lineAndColumn(text, error.byte) + (where.empty() ? "" : ")"),
            "malformed JSON (" + std::string(error.what()) + ")");
    } catch (const json::exception& error) {
        // Number overflow (1e400) and other range errors carry no position: the key path says where.
        throw ExperimentError(tracker.path().empty() ? "(top level)" : tracker.path(),
            std::string("invalid value (") + error.what() + ")");
    }
}

} // namespace mtw::engine

#pragma once
// Collects the keys the experiment and sweep readers read (engine::ObjectReader), so that the
// file reference in docs/user-guide.md (`mtw-cli reference`) comes from the code that reads the
// files and cannot drift from it.
//
// A recorder installs itself for the current thread while it lives; readers report to the
// installed one and do nothing when there is none. A thread-local side channel rather than a
// parameter because the parse functions' signatures live in widely included headers
// (engine/experiment.h) and only the reference generator wants the keys.
#include <string>
#include <vector>

namespace mtw::engine {

// One key as the reference lists it.
struct KeyRecord {
    std::string path; // "training.steps"; list elements as "[]": "sweep.axes[].key"
    std::string type; // "integer", "number", "boolean", "string", "object", ...
    std::string absent; // the value when the key is left out, or what leaving it out means ("required")
    bool absentIsValue = false; // `absent` is a value as written in the file (1000, adam), not words
    std::string range; // "[1, 2^40]", empty when any value of the type is accepted
    std::vector<std::string> choices;
    std::string doc; // one line, written where the key is read
};

class KeyRecorder {
public:
    KeyRecorder(); // installs itself for this thread (nesting restores the outer one)
    ~KeyRecorder();
    KeyRecorder(const KeyRecorder&) = delete;
    KeyRecorder& operator=(const KeyRecorder&) = delete;

    // The recorder installed on this thread, or nullptr.
    static KeyRecorder* current();

    // Keeps the first record of a path (file order of the first document that reaches it);
    // a later record of the same path only fills fields the first left empty.
    void add(KeyRecord record);
    const std::vector<KeyRecord>& keys() const { return m_keys; }
    const KeyRecord* find(const std::string& path) const;

private:
    std::vector<KeyRecord> m_keys;
    KeyRecorder* m_outer = nullptr;
};

// "sweep.axes[3].key" -> "sweep.axes[].key": every element of a list has the same keys.
std::string genericKeyPath(const std::string& path);

} // namespace mtw::engine

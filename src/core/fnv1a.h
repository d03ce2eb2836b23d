#pragma once
// FNV-1a, 64 bit: the checkpoint's checksum and the input files' fingerprints. It detects
// truncation, corruption and edits, not deliberate tampering (not a cryptographic hash).
#include <cstdint>
#include <string_view>

namespace mtw::core {

class Fnv1a {
public:
    void add(std::string_view bytes)
    {
        for (unsigned char c : bytes)
            m_hash = (m_hash ^ c) * 0x100000001b3ULL;
    }
    std::uint64_t value() const { return m_hash; }

private:
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

inline std::uint64_t fnv1a(std::string_view bytes)
{
    Fnv1a hash;
    hash.add(bytes);
    return hash.value();
}

} // namespace mtw::core

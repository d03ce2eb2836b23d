#include "engine/checkpoint.h"

#include "core/fnv1a.h"
#include "engine/atomic_file.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace mtw::engine {

namespace {

constexpr char magic[] = "MTWCKPT1";
constexpr std::size_t magicSize = 8;

template <typename T> void put(std::string& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

class Reader {
public:
    Reader(const std::string& bytes, const std::string& path)
        : m_bytes(bytes)
        , m_path(path)
    {
    }
    template <typename T> T get()
    {
        T value;
        need(sizeof value);
        std::copy_n(m_bytes.data() + m_at, sizeof value, reinterpret_cast<char*>(&value));
        m_at += sizeof value;
        return value;
    }
    std::string bytes(std::uint64_t count)
    {
        need(count);
        std::string s = m_bytes.substr(m_at, count);
        m_at += count;
        return s;
    }
    std::size_t position() const { return m_at; }

private:
    void need(std::uint64_t count) const
    {
        // Compared with what is left, never as m_at + count: a crafted length near 2^64 would wrap.
        if (count > m_bytes.size() - m_at)
            throw CheckpointError("checkpoint '" + m_path + "' is truncated at byte " + std::to_string(m_at));
    }
    const std::string& m_bytes;
    const std::string& m_path;
    std::size_t m_at = magicSize;
};

} // namespace

void Checkpoint::write(const std::string& path) const
{
    std::string out(magic, magicSize);
    for (const auto& [key, value] : texts) {
        put<std::uint8_t>(out, 1);
        put<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
        out += key;
        put<std::uint64_t>(out, value.size());
        out += value;
    }
    for (const auto& [key, values] : vectors) {
        put<std::uint8_t>(out, 2);
        put<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
        out += key;
        put<std::uint64_t>(out, values.size());
        out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
    }
    put<std::uint8_t>(out, 0);
    put<std::uint64_t>(out, core::fnv1a(out));
    if (const auto error = writeFileAtomically(path, out))
        throw CheckpointError("checkpoint: " + *error);
}

Checkpoint Checkpoint::read(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw CheckpointError("cannot open checkpoint '" + path + "' (missing or unreadable)");
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() < magicSize || bytes.compare(0, magicSize, magic) != 0)
        throw CheckpointError("'" + path + "' is not an MTL Workbench checkpoint (bad header)");
    Checkpoint checkpoint;
    Reader reader(bytes, path);
    for (;;) {
        const std::uint8_t kind = reader.get<std::uint8_t>();
        if (kind == 0)
            break;
        if (kind != 1 && kind != 2)
            throw CheckpointError("checkpoint '" + path + "' has an unknown record kind at byte "
                + std::to_string(reader.position() - 1));
        const std::string key = reader.bytes(reader.get<std::uint32_t>());
        const std::uint64_t count = reader.get<std::uint64_t>();
        if (kind == 1) {
            checkpoint.texts[key] = reader.bytes(count);
        } else {
            if (count > (bytes.size() - reader.position()) / sizeof(double))
                throw CheckpointError("checkpoint '" + path + "' is truncated: record '" + key + "' claims "
                    + std::to_string(count) + " values");
            const std::string raw = reader.bytes(count * sizeof(double));
            std::vector<double> values(count);
            std::copy_n(raw.data(), raw.size(), reinterpret_cast<char*>(values.data()));
            checkpoint.vectors[key] = std::move(values);
        }
    }
    const std::size_t end = reader.position();
    const std::uint64_t stored = reader.get<std::uint64_t>();
    if (stored != core::fnv1a(std::string_view(bytes).substr(0, end)))
        throw CheckpointError("checkpoint '" + path + "' is corrupted (checksum mismatch)");
    return checkpoint;
}

std::string checkpointPathIn(const std::string& runDirectory)
{
    return runDirectory + "/checkpoint.mtwck";
}

const std::string& Checkpoint::text(const std::string& key) const
{
    const auto it = texts.find(key);
    if (it == texts.end())
        throw CheckpointError("checkpoint lacks '" + key + "'");
    return it->second;
}

const std::vector<double>& Checkpoint::vector(const std::string& key) const
{
    const auto it = vectors.find(key);
    if (it == vectors.end())
        throw CheckpointError("checkpoint lacks '" + key + "'");
    return it->second;
}

} // namespace mtw::engine

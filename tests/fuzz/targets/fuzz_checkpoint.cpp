// The checkpoint reader (engine/checkpoint.h). A random mutation almost never keeps the file's
// FNV-1a checksum right, so each input is read twice: as it is (the checksum check itself), and
// with its last 8 bytes replaced by the checksum of what precedes them, which lets mutated
// records reach the record parser. A checkpoint that reads must write and read back unchanged.
#include "core/fnv1a.h"
#include "engine/checkpoint.h"
#include "fuzz_support.h"

#include <cstring>

namespace {

void readAndRoundTrip(const std::string& path, const std::string& again)
{
    using namespace mtw;
    fuzz::expectOnly<engine::CheckpointError>([&] {
        const engine::Checkpoint checkpoint = engine::Checkpoint::read(path);
        checkpoint.write(again);
        const engine::Checkpoint reread = engine::Checkpoint::read(again);
        if (reread.texts != checkpoint.texts || reread.vectors.size() != checkpoint.vectors.size())
            fuzz::unexpected("round trip", "a written checkpoint reads back different");
        for (const auto& [key, values] : checkpoint.vectors) // bitwise: NaN payloads must survive
            if (reread.vector(key).size() != values.size()
                || (!values.empty()
                    && std::memcmp(reread.vector(key).data(), values.data(), values.size() * sizeof(double)) != 0))
                fuzz::unexpected("round trip", ("vector '" + key + "' reads back different").c_str());
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mtw;
    static const std::string path = fuzz::scratch() + "/input.mtwck";
    static const std::string again = fuzz::scratch() + "/again.mtwck";
    std::string bytes = fuzz::bytesOf(data, size);
    fuzz::writeFile(path, bytes);
    readAndRoundTrip(path, again);
    if (bytes.size() >= 8) {
        const std::uint64_t hash = core::fnv1a(std::string_view(bytes).substr(0, bytes.size() - 8));
        std::memcpy(bytes.data() + bytes.size() - 8, &hash, sizeof hash); // little-endian, as written
        fuzz::writeFile(path, bytes);
        readAndRoundTrip(path, again);
    }
    return 0;
}

#include "engine/parameter_blob.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace mtw::engine {

static_assert(std::endian::native == std::endian::little, "the stored byte order is the machine's");

std::string encodeParameters(const Eigen::VectorXf& values)
{
    const std::size_t n = static_cast<std::size_t>(values.size());
    std::vector<unsigned char> shuffled(4 * n);
    const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < 4; ++k)
            shuffled[k * n + i] = bytes[4 * i + k];
    uLongf size = compressBound(static_cast<uLong>(shuffled.size()));
    std::string blob(size, '\0');
    // Level 1: the sign/exponent planes compress as well as at level 9 and the noise planes do
    // not compress at any level, at a fraction of the time.
    if (compress2(reinterpret_cast<Bytef*>(blob.data()), &size, shuffled.data(), static_cast<uLong>(shuffled.size()), 1)
        != Z_OK)
        throw ParameterBlobError("cannot compress a parameter snapshot");
    blob.resize(size);
    return blob;
}

Eigen::VectorXf decodeParameters(const void* blob, std::size_t bytes, long long count)
{
    if (count < 0 || count > (1LL << 31))
        throw ParameterBlobError("parameter count " + std::to_string(count) + " out of range");
    // zlib expands at most ~1032:1: a count the blob cannot hold is refused before reading it.
    if (static_cast<double>(count) * 4.0 > static_cast<double>(bytes) * 1100.0 + 64.0)
        throw ParameterBlobError("parameter snapshot of " + std::to_string(bytes) + " bytes cannot hold "
            + std::to_string(count) + " values");
    const std::size_t n = static_cast<std::size_t>(count);
    // Inflated in blocks into a buffer that grows with what the data really holds, so a damaged
    // count costs no more memory than the blob's own content.
    std::vector<unsigned char> shuffled;
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK)
        throw ParameterBlobError("cannot start zlib");
    stream.next_in = static_cast<Bytef*>(const_cast<void*>(blob));
    stream.avail_in = static_cast<uInt>(bytes);
    int code = Z_OK;
    while (code == Z_OK && shuffled.size() <= 4 * n) {
        const std::size_t used = shuffled.size();
        shuffled.resize(used + std::min<std::size_t>(std::size_t(1) << 20, 4 * n + 1 - used));
        stream.next_out = shuffled.data() + used;
        stream.avail_out = static_cast<uInt>(shuffled.size() - used);
        code = inflate(&stream, Z_NO_FLUSH);
        shuffled.resize(shuffled.size() - stream.avail_out);
        if (code == Z_BUF_ERROR && stream.avail_in == 0)
            break; // truncated: no more input to make progress with
    }
    inflateEnd(&stream);
    if (code != Z_STREAM_END || shuffled.size() != 4 * n)
        throw ParameterBlobError("parameter snapshot is not " + std::to_string(count) + " values in "
            + parameterBlobEncoding
            + (code == Z_STREAM_END ? " (it holds " + std::to_string(shuffled.size() / 4) + ")" : " (corrupt data)"));
    Eigen::VectorXf values(count);
    auto* out = reinterpret_cast<unsigned char*>(values.data());
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < 4; ++k)
            out[4 * i + k] = shuffled[k * n + i];
    return values;
}

} // namespace mtw::engine

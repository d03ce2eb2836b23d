#include "data/idx_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace mtw::data {

namespace {
struct GzCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

// Reads exactly size bytes; false on a short read (truncated file).
bool readExactly(gzFile file, std::uint8_t* out, std::size_t size)
{
    std::size_t done = 0;
    while (done < size) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
        const int got = gzread(file, out + done, chunk);
        if (got <= 0)
            return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

std::uint32_t bigEndian(const std::uint8_t* p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}
} // namespace

std::size_t IdxArray::itemSize() const
{
    std::size_t size = 1;
    for (std::size_t i = 1; i < dimensions.size(); ++i)
        size *= dimensions[i];
    return size;
}

IdxArray readIdx(const std::string& path, int expectedRank)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw IdxError(path
            + ": file not found (Fashion-MNIST is provided by the Debian package "
              "'dataset-fashion-mnist': apt-get install dataset-fashion-mnist)");
    GzHandle file(gzopen(path.c_str(), "rb"));
    if (!file)
        throw IdxError(path + ": cannot open file");
    std::uint8_t magic[4];
    if (!readExactly(file.get(), magic, 4))
        throw IdxError(path + ": truncated IDX header (fewer than 4 bytes, or a corrupt gzip stream)");
    if (magic[0] != 0 || magic[1] != 0)
        throw IdxError(path + ": not an IDX file (the magic number must start with two zero bytes)");
    if (magic[2] != 0x08)
        throw IdxError(
            path + ": unsupported IDX element type 0x" + std::to_string(magic[2]) + " (only unsigned bytes, 0x08)");
    const int rank = magic[3];
    if (rank < 1 || rank > 4)
        throw IdxError(path + ": IDX rank " + std::to_string(rank) + " is out of range [1, 4]");
    if (expectedRank > 0 && rank != expectedRank)
        throw IdxError(path + ": IDX rank " + std::to_string(rank) + ", expected " + std::to_string(expectedRank));
    IdxArray array;
    std::size_t total = 1;
    for (int d = 0; d < rank; ++d) {
        std::uint8_t bytes[4];
        if (!readExactly(file.get(), bytes, 4))
            throw IdxError(path + ": truncated IDX header (dimension " + std::to_string(d) + ")");
        const std::uint32_t size = bigEndian(bytes);
        if (size > (1u << 28))
            throw IdxError(
                path + ": IDX dimension " + std::to_string(d) + " = " + std::to_string(size) + " is implausibly large");
        array.dimensions.push_back(size);
        total *= size;
        if (total > (std::size_t(1) << 32))
            throw IdxError(path + ": IDX data size is implausibly large");
    }
    // The header's size is not trusted with memory (a 16-byte file may announce 4 GB): the values
    // grow with the data actually read, a block at a time, so a truncated file costs what it holds.
    constexpr std::size_t block = std::size_t(1) << 20;
    for (std::size_t done = 0; done < total;) {
        const std::size_t size = std::min(block, total - done);
        array.values.resize(done + size);
        if (!readExactly(file.get(), array.values.data() + done, size))
            throw IdxError(path + ": truncated IDX data (header announces " + std::to_string(total)
                + " bytes; the file is shorter or its gzip stream is corrupt)");
        done += size;
    }
    std::uint8_t extra = 0;
    if (gzread(file.get(), &extra, 1) > 0)
        throw IdxError(path + ": trailing bytes after the IDX data (header and file size disagree)");
    int errnum = 0;
    gzerror(file.get(), &errnum);
    if (errnum != Z_OK && errnum != Z_STREAM_END)
        throw IdxError(path + ": corrupt gzip stream");
    return array;
}

LabelledImages readLabelledImages(const std::string& imagesPath, const std::string& labelsPath)
{
    const IdxArray images = readIdx(imagesPath, 3);
    const IdxArray labels = readIdx(labelsPath, 1);
    if (images.count() != labels.count())
        throw IdxError(imagesPath + ": " + std::to_string(images.count()) + " images but " + labelsPath + " has "
            + std::to_string(labels.count()) + " labels");
    LabelledImages result;
    result.rows = static_cast<int>(images.dimensions[1]);
    result.cols = static_cast<int>(images.dimensions[2]);
    result.pixels = images.values;
    result.labels.reserve(labels.count());
    for (std::uint8_t label : labels.values)
        result.labels.push_back(label);
    return result;
}

FashionMnistFiles fashionMnistFiles(const std::string& directory)
{
    FashionMnistFiles files;
    if (!directory.empty())
        files.directory = directory;
    else if (const char* env = std::getenv("MTW_FASHION_MNIST_DIR"); env && *env)
        files.directory = env;
    return files;
}

std::optional<std::string> missingFashionMnistFile(const std::string& directory)
{
    const FashionMnistFiles files = fashionMnistFiles(directory);
    for (const std::string& path : { files.trainImages(), files.trainLabels(), files.testImages(), files.testLabels() })
        if (!std::ifstream(path, std::ios::binary))
            return path
                + " cannot be read: install Debian's dataset-fashion-mnist package (apt install "
                  "dataset-fashion-mnist), or set data_dir (or MTW_FASHION_MNIST_DIR) to a folder with the four files";
    return std::nullopt;
}

LabelledImages readFashionMnist(bool test, const std::string& directory)
{
    const FashionMnistFiles files = fashionMnistFiles(directory);
    LabelledImages data = test ? readLabelledImages(files.testImages(), files.testLabels())
                               : readLabelledImages(files.trainImages(), files.trainLabels());
    for (std::size_t i = 0; i < data.labels.size(); ++i)
        if (data.labels[i] > 9)
            throw IdxError((test ? files.testLabels() : files.trainLabels()) + ": label "
                + std::to_string(data.labels[i]) + " of item " + std::to_string(i)
                + " is not a Fashion-MNIST class (0-9)");
    return data;
}

} // namespace mtw::data

#pragma once
// Reader of the IDX format (LeCun et al., "The MNIST database of handwritten digits"; the same
// files ship Fashion-MNIST, Xiao, Rasul & Vollgraf 2017): a big-endian header
//   magic = 0x00 0x00 <type> <rank>, then rank 32-bit dimension sizes, then the data, row-major.
// Only unsigned bytes (type 0x08) are read -- the type of every MNIST-family file. Files are
// read through zlib's gz interface, so gzip-compressed and raw files are both accepted.
// Errors (IdxError) name the file and what is wrong: missing file (with the Debian package that
// provides Fashion-MNIST), bad magic, wrong type or rank, truncated data, trailing bytes.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::data {

class IdxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IdxArray {
    std::vector<std::uint32_t> dimensions;
    std::vector<std::uint8_t> values; // row-major, product of the dimensions
    std::size_t count() const { return dimensions.empty() ? 0 : dimensions[0]; }
    std::size_t itemSize() const; // product of dimensions[1..]
};

// Reads an unsigned-byte IDX file (gzip or raw). expectedRank 0 accepts any rank.
IdxArray readIdx(const std::string& path, int expectedRank = 0);

// The Fashion-MNIST files of Debian's dataset-fashion-mnist package.
struct FashionMnistFiles {
    std::string directory = "/usr/share/datasets/fashion-mnist";
    std::string trainImages() const { return directory + "/train-images-idx3-ubyte.gz"; }
    std::string trainLabels() const { return directory + "/train-labels-idx1-ubyte.gz"; }
    std::string testImages() const { return directory + "/t10k-images-idx3-ubyte.gz"; }
    std::string testLabels() const { return directory + "/t10k-labels-idx1-ubyte.gz"; }
};

// Images (count x 28 x 28 bytes) and labels of one split, checked against each other.
struct LabelledImages {
    int rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels; // count * rows * cols, row-major per image
    std::vector<int> labels;
    std::size_t count() const { return labels.size(); }
};

LabelledImages readLabelledImages(const std::string& imagesPath, const std::string& labelsPath);
// The files in `directory`, or where MTW_FASHION_MNIST_DIR points when it is empty, or Debian's.
FashionMnistFiles fashionMnistFiles(const std::string& directory = {});
// Why the four files cannot be read (the first missing or unreadable one and how to get it), or
// nothing: the check an experiment gets before it starts (validate, the GUI's Start).
std::optional<std::string> missingFashionMnistFile(const std::string& directory = {});
// Train (test = false) or test split of Fashion-MNIST; the directory may be overridden by the
// environment variable MTW_FASHION_MNIST_DIR.
LabelledImages readFashionMnist(bool test, const std::string& directory = {});

} // namespace mtw::data

// The IDX reader (data/idx_reader.h): raw and gzip-compressed files of any rank, as Fashion-MNIST
// and MultiFashion load them.
#include "data/idx_reader.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mtw;
    static const std::string path = fuzz::scratch() + "/input.idx";
    fuzz::writeFile(path, fuzz::bytesOf(data, size));
    fuzz::expectOnly<data::IdxError>([&] {
        const data::IdxArray array = data::readIdx(path);
        std::size_t expected = array.dimensions.empty() ? 0 : array.count() * array.itemSize();
        if (array.values.size() != expected)
            fuzz::unexpected("inconsistent IdxArray", "values.size() is not the product of the dimensions");
    });
    return 0;
}

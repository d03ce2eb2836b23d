// The CSV importer (data/csv_importer.h) as the GUI's import dialog and the csv problems drive it:
// the record splitter of the preview, the header check, and the import in both bad-row modes,
// from memory and streamed from a file in small blocks so that records cross block boundaries.
// Columns 'y' (regression) and 'c' (classification) are the targets, as in the kept corpus.
#include "data/csv_importer.h"
#include "fuzz_support.h"

namespace {

mtw::data::CsvImportOptions options(bool skipBadRows, std::size_t readBlockBytes)
{
    mtw::data::CsvImportOptions result;
    result.targets = { { "y", mtw::data::TargetKind::Regression }, { "c", mtw::data::TargetKind::Classification } };
    result.skipBadRows = skipBadRows;
    result.validationFraction = 0.2;
    result.testFraction = 0.2;
    result.readBlockBytes = readBlockBytes;
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mtw;
    static const std::string path = fuzz::scratch() + "/input.csv";
    const std::string text = fuzz::bytesOf(data, size);
    fuzz::writeFile(path, text);
    fuzz::expectOnly<data::CsvError>([&] { data::CsvImporter::parseRecords(text, "input.csv"); });
    fuzz::expectOnly<data::CsvError>([&] { data::CsvImporter::readHeader(path); });
    for (bool skip : { false, true })
        fuzz::expectOnly<data::CsvError>(
            [&] { data::CsvImporter::importText(text, "input.csv", options(skip, 1 << 20)); });
    // A block size that is not a power of two: quotes, CR LF pairs and the BOM straddle blocks.
    data::CsvImportReport report;
    fuzz::expectOnly<data::CsvError>([&] { data::CsvImporter::importFile(path, options(true, 7), &report); });
    return 0;
}

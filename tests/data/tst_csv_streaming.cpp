// The CSV importer's streaming reader: files read in tiny blocks parse exactly as the same text in
// memory (records across block ends, quoted line breaks, CR LF, the BOM, errors and their lines),
// the header alone can be read, and heap use does not grow with the number of cells (counted
// through a replaced global operator new).
#include "csv_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <numeric>

#if defined(__GLIBC__)
#include <malloc.h>
#define MTW_COUNT_HEAP 1

// Every std container allocates through operator new; counting it while an import runs shows
// what the importer keeps besides the Eigen matrices (which it grows by realloc, outside this
// count). Per-cell strings or per-row vectors would show as allocations by the million.
namespace heap {
std::atomic<bool> counting { false };
std::atomic<long long> live { 0 }, peak { 0 }, allocations { 0 };
void start()
{
    live = peak = allocations = 0;
    counting = true;
}
} // namespace heap

void* operator new(std::size_t size)
{
    void* p = std::malloc(size == 0 ? 1 : size);
    if (!p)
        throw std::bad_alloc();
    if (heap::counting) { // the import runs on this thread alone
        heap::live += static_cast<long long>(malloc_usable_size(p));
        heap::peak = std::max(heap::peak.load(), heap::live.load());
        ++heap::allocations;
    }
    return p;
}
void operator delete(void* p) noexcept
{
    if (p && heap::counting)
        heap::live -= static_cast<long long>(malloc_usable_size(p));
    std::free(p);
}
// The other unaligned forms too: a sanitizer's own nothrow new (std::stable_sort's buffer) would
// otherwise meet the free() above.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return ::operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size)
{
    return ::operator new(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    return ::operator new(size, std::nothrow);
}
void operator delete[](void* p) noexcept
{
    ::operator delete(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    ::operator delete(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    ::operator delete(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    ::operator delete(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    ::operator delete(p);
}
#endif

using namespace mtw::data;
using namespace mtw::test;

class TestCsvStreaming : public QObject {
    Q_OBJECT
private slots:
    // Issue 9, point 1: a file is read in blocks; records that run across a block's end (long
    // rows, quoted line breaks, a CR LF or a doubled quote split by the boundary, the BOM) must
    // parse exactly as the same bytes in memory, errors and their lines included.
    void recordsSpanningReadBlocks()
    {
        QTemporaryDir dir;
        const std::string longLabel(300, 'z'); // longer than every small block: the buffer grows
        const std::string text = "\xEF\xBB\xBF"
                                 "a, \"b \"\"quoted\"\" name\" ,y,c\r\n"
                                 "\r\n"
                                 "1,2,3.5,\"cat\"\r\n"
                                 "\"4\",\"5\"  ,-1e1,\"dog,\r\nbig\"\r\n"
                                 "\n"
                                 "7,  8 ,0,\"say \"\"hi\"\"\"\n"
                                 "9,10,11,\""
            + longLabel
            + "\"\r"
              "0x10,+4,.5,cat";
        std::vector<std::size_t> blocks(40);
        std::iota(blocks.begin(), blocks.end(), std::size_t(1));
        blocks.push_back(4096);
        CsvImportOptions o = options({ regression, classification });
        compareBlockReads(text, writeFile(dir, text), o, blocks);

        o.readBlockBytes = 3;
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importFile(writeFile(dir, text), o, &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(5));
        QCOMPARE(data.features(1, 1), 5.0f);
        QCOMPARE(data.features(0, 4), 16.0f);
        QCOMPARE(report.classNames[1], (std::vector<std::string> { "cat", "dog,\r\nbig", "say \"hi\"", longLabel }));
        QCOMPARE(data.tasks[1].labels, (std::vector<int> { 0, 1, 2, 3, 0 }));

        // Errors: lines counted across quoted line breaks and blocks; skipped rows likewise.
        const std::string bad = text + "\n1,2,x,cat\n\"q\"w,1,2,cat\n";
        compareBlockReads(bad, writeFile(dir, bad, "bad.csv"), o, blocks);
        QCOMPARE(outcomeOf(bad, writeFile(dir, bad, "bad.csv"), o, true).error,
            dir.filePath("bad.csv").toStdString() + ":10:3 (column 'y'): non-numeric value 'x'");
        CsvImportOptions skip = o;
        skip.skipBadRows = true;
        compareBlockReads(bad, writeFile(dir, bad, "bad.csv"), skip, blocks);
        const std::string unterminated = text + "\n1,2,3,\"open\n\n";
        compareBlockReads(unterminated, writeFile(dir, unterminated, "open.csv"), skip, blocks);
        QCOMPARE(outcomeOf(unterminated, dir.filePath("open.csv").toStdString(), skip, true).error,
            dir.filePath("open.csv").toStdString() + ":10:4: unterminated quoted field");
    }

    // Issue 9, point 1: memory. Importing 100k rows x 22 columns must not allocate per cell or per
    // row: the heap it uses besides the matrices stays below the feature matrix's own size (the
    // old importer held every cell as a std::string: roughly 30x that), in a few hundred
    // allocations whatever the row count.
    void heapUseDoesNotGrowWithCells()
    {
#ifndef MTW_COUNT_HEAP
        QSKIP("heap use is counted with glibc's malloc_usable_size");
#else
        constexpr int rows = 100000, features = 20;
        std::string text;
        for (int f = 0; f < features; ++f)
            text.append("x").append(std::to_string(f)).append(",");
        text += "y,c\n";
        for (int i = 0; i < rows; ++i) {
            for (int f = 0; f < features; ++f)
                text += std::to_string((i * 7 + f * 13) % 1000 - 500) + ".25,";
            text += std::to_string(i % 17) + (i % 3 == 0 ? ",red\n" : i % 3 == 1 ? ",green\n" : ",\"blue, dark\"\n");
        }
        QTemporaryDir dir;
        const std::string path = writeFile(dir, text);
        CsvImportOptions o;
        o.targets = { regression, classification };
        const long long matrixBytes = static_cast<long long>(rows) * features * static_cast<long long>(sizeof(float));
        for (bool fromFile : { true, false }) {
            heap::start();
            const Eigen::Index samples
                = (fromFile ? CsvImporter::importFile(path, o) : CsvImporter::importText(text, "f.csv", o))
                      .sampleCount();
            heap::counting = false;
            QCOMPARE(samples, Eigen::Index(rows));
            const QString figures = QString("%1: peak %2 bytes in %3 allocations; the matrix has %4 bytes")
                                        .arg(fromFile ? "importFile" : "importText")
                                        .arg(heap::peak.load())
                                        .arg(heap::allocations.load())
                                        .arg(matrixBytes);
            qInfo("%s", qPrintable(figures));
            QVERIFY2(heap::peak.load() < matrixBytes, qPrintable(figures));
            QVERIFY2(heap::allocations.load() < 1000, qPrintable(figures));
        }
#endif
    }

    // Issue 9, point 3: the header alone, for the csv problem's validation.
    void readHeaderReadsOnlyTheHeader()
    {
        QTemporaryDir dir;
        // The body is malformed (unterminated quote): only the header row is parsed.
        const std::string path = writeFile(dir, "\xEF\xBB\xBF\n\n a ,\"b, c\",\"d\"\"\" \r\n1,2,3\n\"open,1,2\n");
        QCOMPARE(CsvImporter::readHeader(path), (std::vector<std::string> { "a", "b, c", "d\"" }));
        QVERIFY(headerErrorOf(dir.filePath("none.csv").toStdString())
                    .startsWith(dir.filePath("none.csv") + ": cannot open file"));
        QVERIFY(headerErrorOf(dir.path().toStdString()).startsWith(dir.path() + ": "));
        QCOMPARE(headerErrorOf(writeFile(dir, "\n\n", "empty.csv")),
            dir.filePath("empty.csv") + ": empty file (a header row naming the columns is needed)");
        QCOMPARE(headerErrorOf(writeFile(dir, "\na,\"b\n1,2\n", "open.csv")),
            dir.filePath("open.csv") + ":2:2: unterminated quoted field");
        QCOMPARE(headerErrorOf(writeFile(dir, "a,b,a\n1,2,3\n", "twice.csv")),
            dir.filePath("twice.csv") + ":1:3: duplicate column 'a'");
    }
};

QTEST_GUILESS_MAIN(TestCsvStreaming)
#include "tst_csv_streaming.moc"

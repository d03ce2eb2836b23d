// IDX reader: small synthetic files written by the test (raw and gzip), every error path, and the
// real Fashion-MNIST files of dataset-fashion-mnist when installed.
#include "data/idx_reader.h"

#include <QTemporaryDir>
#include <QTest>
#include <zlib.h>

#include <fstream>

using namespace mtw::data;

namespace {
std::vector<std::uint8_t> idxBytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data)
{
    std::vector<std::uint8_t> bytes = { 0, 0, 0x08, static_cast<std::uint8_t>(dims.size()) };
    for (std::uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8)
            bytes.push_back(static_cast<std::uint8_t>(d >> s));
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

void writeRaw(const std::string& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void writeGz(const std::string& path, const std::vector<std::uint8_t>& bytes)
{
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
}

QString errorOf(const std::string& path, int rank = 0)
{
    try {
        readIdx(path, rank);
    } catch (const IdxError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}
} // namespace

class TestIdxReader : public QObject {
    Q_OBJECT
private slots:
    void readsRawAndGzip()
    {
        QTemporaryDir dir;
        std::vector<std::uint8_t> data(2 * 3 * 4);
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = static_cast<std::uint8_t>(i * 7);
        const auto bytes = idxBytes({ 2, 3, 4 }, data);
        const std::string raw = (dir.path() + "/a-idx3-ubyte").toStdString();
        const std::string gz = (dir.path() + "/a-idx3-ubyte.gz").toStdString();
        writeRaw(raw, bytes);
        writeGz(gz, bytes);
        for (const std::string& path : { raw, gz }) {
            const IdxArray array = readIdx(path, 3);
            QCOMPARE(array.dimensions, (std::vector<std::uint32_t> { 2, 3, 4 }));
            QCOMPARE(array.count(), std::size_t(2));
            QCOMPARE(array.itemSize(), std::size_t(12));
            QVERIFY(array.values == data);
        }
    }

    void labelledImagesPairUp()
    {
        QTemporaryDir dir;
        const std::string images = (dir.path() + "/i.gz").toStdString();
        const std::string labels = (dir.path() + "/l.gz").toStdString();
        writeGz(images, idxBytes({ 3, 28, 28 }, std::vector<std::uint8_t>(3 * 784, 5)));
        writeGz(labels, idxBytes({ 3 }, { 9, 0, 4 }));
        const LabelledImages set = readLabelledImages(images, labels);
        QCOMPARE(set.count(), std::size_t(3));
        QCOMPARE(set.rows, 28);
        QCOMPARE(set.labels, (std::vector<int> { 9, 0, 4 }));
        writeGz(labels, idxBytes({ 2 }, { 1, 2 }));
        QVERIFY_THROWS_EXCEPTION(IdxError, readLabelledImages(images, labels));
    }

    void errorsNameTheProblem()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        // Missing file: names the path and the Debian package.
        const QString missing = errorOf(base + "/nothing.gz");
        QVERIFY(missing.contains("nothing.gz"));
        QVERIFY(missing.contains("apt-get install dataset-fashion-mnist"));
        // Truncated data (raw and gzip).
        auto bytes = idxBytes({ 10, 28, 28 }, std::vector<std::uint8_t>(5 * 784, 1));
        writeRaw(base + "/t", bytes);
        writeGz(base + "/t.gz", bytes);
        QVERIFY(errorOf(base + "/t").contains("truncated"));
        QVERIFY(errorOf(base + "/t.gz").contains("truncated"));
        // Truncated header.
        writeRaw(base + "/h", { 0, 0, 8 });
        QVERIFY(errorOf(base + "/h").contains("truncated IDX header"));
        writeRaw(base + "/h2", { 0, 0, 8, 3, 0, 0 });
        QVERIFY(errorOf(base + "/h2").contains("truncated IDX header"));
        // Bad magic, wrong type, wrong rank, trailing bytes.
        writeRaw(base + "/m", { 1, 2, 8, 1, 0, 0, 0, 0 });
        QVERIFY(errorOf(base + "/m").contains("not an IDX file"));
        writeRaw(base + "/ty", { 0, 0, 0x0D, 1, 0, 0, 0, 0 });
        QVERIFY(errorOf(base + "/ty").contains("element type"));
        writeRaw(base + "/r", idxBytes({ 2 }, { 1, 2 }));
        QVERIFY(errorOf(base + "/r", 3).contains("rank 1, expected 3"));
        auto extra = idxBytes({ 2 }, { 1, 2 });
        extra.push_back(0);
        writeRaw(base + "/x", extra);
        QVERIFY(errorOf(base + "/x").contains("trailing bytes"));
        // A corrupt gzip stream: valid header bytes then garbage.
        std::vector<std::uint8_t> gz = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11 };
        writeRaw(base + "/c.gz", gz);
        QVERIFY(!errorOf(base + "/c.gz").isEmpty());
        // Empty file.
        writeRaw(base + "/e", {});
        QVERIFY(errorOf(base + "/e").contains("truncated"));
    }

    void realFashionMnistIfInstalled()
    {
        const FashionMnistFiles files;
        if (!std::ifstream(files.testLabels()).good())
            QSKIP("dataset-fashion-mnist is not installed");
        const LabelledImages test = readFashionMnist(true);
        QCOMPARE(test.count(), std::size_t(10000));
        QCOMPARE(test.rows, 28);
        QCOMPARE(test.cols, 28);
        std::vector<int> counts(10, 0);
        for (int label : test.labels)
            counts[static_cast<std::size_t>(label)] += 1;
        for (int count : counts)
            QCOMPARE(count, 1000); // Fashion-MNIST's test set is balanced
    }
};

QTEST_GUILESS_MAIN(TestIdxReader)
#include "tst_idx_reader.moc"

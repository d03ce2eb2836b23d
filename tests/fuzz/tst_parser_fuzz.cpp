// The parsers of everything a person or a disk hands the engine -- experiment JSON, CSV data,
// checkpoints -- over the kept corpus (tests/fuzz/corpus: the malformed inputs found by probing) and
// deterministic mutations of it: every input either parses or is refused with the parser's own
// located error type. Any other exception, a signal (ASan/UBSan run this suite in CI) or a hang
// (ctest's timeout; each input is also bounded to a few seconds here) fails.
// The `findings` table holds the inputs the libFuzzer targets found (targets/, README.md), each
// with the exact message its parser refuses it with now.
#include "data/csv_importer.h"
#include "data/idx_reader.h"
#include "engine/checkpoint.h"
#include "engine/experiment.h"
#include "engine/run_follower.h"
#include "engine/run_quantities.h"
#include "engine/run_store.h"

#include <sys/resource.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <random>

using namespace mtw;

namespace {

enum class Outcome { Parsed, Refused, WrongException };

QString corpusDirectory(const QString& kind)
{
    return qEnvironmentVariable("MTW_SOURCE_DIR") + "/tests/fuzz/corpus/" + kind;
}

std::vector<std::string> corpus(const QString& kind)
{
    std::vector<std::string> inputs;
    const QDir dir(corpusDirectory(kind));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            inputs.push_back(file.readAll().toStdString());
    }
    return inputs;
}

// Byte-level mutations that reach the parsers' edges: flips, truncations, duplicated and deleted
// ranges, and tokens that broke them before (huge numbers, quotes, NUL, deep nesting).
std::string mutate(const std::string& input, std::mt19937_64& random)
{
    static const char* const tokens[] = { "1e400", "-1e400", "18446744073709551615", "\"", "\"\"", ",", "\n", "\r\n",
        "" /* a NUL byte */, "{", "}", "[", "]", ":", "\\u0000", "\\ud800", "nan", "inf", "-0", "1e-400",
        "\xef\xbb\xbf", "\xff\xfe", "[[[[[[[[[[[[[[[[", "null", "true", "99999999999999999999999" };
    std::string s = input;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = s.empty() ? 0 : random() % (s.size() + 1);
        switch (random() % 6) {
        case 0:
            if (!s.empty() && at < s.size())
                s[at] = static_cast<char>(s[at] ^ (1 << (random() % 8)));
            break;
        case 1:
            s.resize(at);
            break;
        case 2: {
            const std::size_t length = std::min<std::size_t>(s.size() - std::min(at, s.size()), random() % 32);
            s.erase(std::min(at, s.size()), length);
            break;
        }
        case 3: {
            const std::size_t length = std::min<std::size_t>(s.size() - std::min(at, s.size()), random() % 64);
            s.insert(std::min(at, s.size()), s.substr(std::min(at, s.size()), length));
            break;
        }
        default: {
            const char* token = tokens[random() % (sizeof tokens / sizeof *tokens)];
            s.insert(std::min(at, s.size()), token[0] ? std::string(token) : std::string("\0", 1));
            break;
        }
        }
    }
    return s;
}

template <typename Refusal, typename Parse> Outcome classify(const Parse& parse, std::string* what)
{
    try {
        parse();
        return Outcome::Parsed;
    } catch (const Refusal&) {
        return Outcome::Refused;
    } catch (const std::exception& error) {
        *what = std::string(typeid(error).name()) + ": " + error.what();
        return Outcome::WrongException;
    }
}

data::CsvImportOptions csvOptions(bool skipBadRows)
{
    data::CsvImportOptions options;
    options.targets = { { "y", data::TargetKind::Regression }, { "c", data::TargetKind::Classification } };
    options.skipBadRows = skipBadRows;
    options.validationFraction = 0.2;
    options.testFraction = 0.2;
    return options;
}

constexpr int mutationsPerInput = 600;

// The error message a parser refuses the input file at `path` with ("" when it parses; a
// foreign exception is named as such, which never equals an expected message).
QString refusalOf(const QString& kind, const std::string& path)
{
    try {
        if (kind == "idx") {
            data::readIdx(path);
        } else if (kind == "run_store/series") {
            // As a study reads a run: every series summary (the run folder is the file's own).
            const engine::RunQuantities quantities(std::filesystem::path(path).parent_path().string());
            for (const engine::QuantityInfo& info : quantities.list())
                quantities.value(info.name);
        } else if (kind == "run_store/follower") {
            // As the GUI opens a run: one poll reads every step, matrix and evaluation.
            engine::RunFollower follower(std::filesystem::path(path).parent_path().string());
            follower.poll();
        } else {
            return "unknown kind " + kind;
        }
        return {};
    } catch (const data::IdxError& error) {
        return QString::fromStdString(error.what());
    } catch (const engine::RunStoreError& error) {
        return QString::fromStdString(error.what());
    } catch (const std::exception& error) {
        return QString("foreign exception %1: %2").arg(typeid(error).name(), error.what());
    }
}

// Caps the process's address space at what it uses now plus `headroom` while alive, so that a
// parser that trusts a header's size with memory fails (std::bad_alloc) instead of taking
// gigabytes. Not under a sanitizer, whose shadow memory needs the address space.
class AddressSpaceCap {
public:
    explicit AddressSpaceCap(rlim_t headroom)
    {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        Q_UNUSED(headroom);
#else
        std::ifstream statm("/proc/self/statm");
        rlim_t pages = 0;
        if (!(statm >> pages) || getrlimit(RLIMIT_AS, &m_saved) != 0)
            return;
        rlimit capped = m_saved;
        capped.rlim_cur
            = std::min<rlim_t>(m_saved.rlim_max, pages * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) + headroom);
        m_active = setrlimit(RLIMIT_AS, &capped) == 0;
#endif
    }
    ~AddressSpaceCap()
    {
        if (m_active)
            setrlimit(RLIMIT_AS, &m_saved);
    }
    AddressSpaceCap(const AddressSpaceCap&) = delete;
    AddressSpaceCap& operator=(const AddressSpaceCap&) = delete;

private:
    rlimit m_saved {};
    bool m_active = false;
};

} // namespace

class TestParserFuzz : public QObject {
    Q_OBJECT

    // Runs the parse on every corpus input and its mutations.
    template <typename Refusal>
    void fuzz(const QString& kind, const std::vector<std::string>& inputs,
        const std::function<void(const std::string&)>& parse)
    {
        QVERIFY2(!inputs.empty(), qPrintable("empty corpus " + corpusDirectory(kind)));
        std::mt19937_64 random(20261204);
        int parsed = 0, refused = 0;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            for (int m = 0; m <= mutationsPerInput; ++m) {
                const std::string input = m == 0 ? inputs[i] : mutate(inputs[i], random);
                std::string what;
                QElapsedTimer clock;
                clock.start();
                const Outcome outcome = classify<Refusal>([&] { parse(input); }, &what);
                QVERIFY2(clock.elapsed() < 5000,
                    qPrintable(
                        QString("%1 input %2 mutation %3 took %4 ms").arg(kind).arg(i).arg(m).arg(clock.elapsed())));
                QVERIFY2(outcome != Outcome::WrongException,
                    qPrintable(QString("%1 input %2 mutation %3: %4\n%5")
                                   .arg(kind)
                                   .arg(i)
                                   .arg(m)
                                   .arg(QString::fromStdString(what),
                                       QString::fromStdString(input.substr(0, 400)).toHtmlEscaped())));
                (outcome == Outcome::Parsed ? parsed : refused)++;
            }
        }
        qInfo("%s: %d parsed, %d refused", qPrintable(kind), parsed, refused);
        QVERIFY(refused > 0); // the corpus holds malformed inputs: a parser that accepts all is wrong
    }

private slots:
    void experiments()
    {
        fuzz<engine::ExperimentError>(QStringLiteral("experiment"), corpus(QStringLiteral("experiment")),
            [](const std::string& text) { engine::experimentFromJsonText(text); });
    }

    void csvFiles()
    {
        const std::vector<std::string> inputs = corpus(QStringLiteral("csv"));
        for (bool skip : { false, true })
            fuzz<data::CsvError>(QStringLiteral("csv"), inputs,
                [skip](const std::string& text) { data::CsvImporter::importText(text, "fuzz.csv", csvOptions(skip)); });
    }

    // The inputs the libFuzzer targets found (tests/fuzz/README.md, "Findings"), kept in the corpus:
    // each is refused with exactly this message, "%1" standing for the file's path.
    void findings_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        // 16 bytes announcing 16 x 13824 x 13824 bytes: the reader allocated 3 GB before reading.
        QTest::newRow("idx-header-announces-3gb") << "idx"
                                                  << "finding_header_announces_3gb.idx3"
                                                  << "%1: truncated IDX data (header announces 3057647616 bytes; the "
                                                     "file is shorter or its gzip stream is corrupt)";
        // A cosine matrix of 2 x 100000 holding 4 values: the series reader looped over 10^10 pairs.
        QTest::newRow("run-store-cosine-cols-huge") << "run_store/series"
                                                    << "finding_cosine_cols_huge.sqlite"
                                                    << "'%1' is damaged or not a run database: the cosine matrix of "
                                                       "step 2 is malformed (2 x 100000 with 4 values)";
        // 2^32 x 2^32 on no values: rows * cols overflowed to 0, matched the empty array and sized the matrix.
        QTest::newRow("run-store-cosine-shape-overflows")
            << "run_store/follower"
            << "finding_cosine_shape_overflows.sqlite"
            << "'%1' is damaged or not a run database: the cosine matrix of step 2 is malformed (4294967296 x "
               "4294967296 with 0 values)";
    }

    void findings()
    {
        QFETCH(QString, kind);
        QFETCH(QString, file);
        QFETCH(QString, message);
        QString path = corpusDirectory(kind.section('/', 0, 0)) + "/" + file; // kind: folder[/reader]
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QTemporaryDir run; // a run store is read as run.sqlite of a run folder with a valid experiment
        if (kind.startsWith("run_store")) {
            QVERIFY(QFile::copy(path, run.filePath("run.sqlite")));
            QFile experiment(run.filePath("experiment.json"));
            QVERIFY(experiment.open(QIODevice::WriteOnly));
            experiment.write(R"({"name": "toy", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"}})");
            path = run.filePath("run.sqlite");
        }
        QString refusal;
        {
            const AddressSpaceCap cap(rlim_t(1) << 30);
            refusal = refusalOf(kind, path.toStdString());
        }
        QCOMPARE(refusal, message.arg(path));
    }

    void checkpoints()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("fuzz.mtwck")).toStdString();
        fuzz<engine::CheckpointError>(
            QStringLiteral("checkpoint"), corpus(QStringLiteral("checkpoint")), [&path](const std::string& bytes) {
                {
                    std::ofstream out(path, std::ios::binary | std::ios::trunc);
                    out << bytes;
                }
                engine::Checkpoint::read(path);
            });
    }
};

QTEST_GUILESS_MAIN(TestParserFuzz)
#include "tst_parser_fuzz.moc"

// CSV import: a correct parse (quotes, CRLF, string and integer classes, standardization, split),
// every error with file/line/column, skip_bad_rows reporting, the example file, a fuzz test over
// random malformed files (a clear error or a correct parse, never a crash; bounded time, and read
// in blocks as in memory), numbers beyond float range as located errors and the number syntax.
// The streaming reader's own tests are tst_csv_streaming.
#include "core/rng.h"
#include "csv_test_support.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw::data;
using namespace mtw::test;

class TestCsvImporter : public QObject {
    Q_OBJECT
private slots:
    void parsesQuotedFieldsAndClasses()
    {
        const std::string text = "\xEF\xBB\xBF"
                                 "a,\"b, quoted\",y,c\r\n"
                                 "1,2,3.5,cat\r\n"
                                 "4,\"5\",-1e1,\"dog, big\"\r\n"
                                 "\n"
                                 "7,8,0,cat\n";
        CsvImportOptions o = options({ regression, classification });
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", o, &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(3));
        QCOMPARE(data.inputDimension(), Eigen::Index(2));
        QCOMPARE(data.features(1, 1), 5.0f);
        QCOMPARE(data.tasks[0].values(0, 1), -10.0f);
        QCOMPARE(data.tasks[1].classCount, 2);
        QCOMPARE(report.classNames[1], (std::vector<std::string> { "cat", "dog, big" }));
        QCOMPARE(data.tasks[1].labels, (std::vector<int> { 0, 1, 0 }));
        QCOMPARE(report.rowsRead, 3LL);
    }

    void integerClassesSortNumerically()
    {
        const std::string text = "x,c\n1,10\n2,9\n3,10\n4,-1\n";
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", options({ classification }), &report);
        QCOMPARE(report.classNames[0], (std::vector<std::string> { "-1", "9", "10" }));
        QCOMPARE(data.tasks[0].labels, (std::vector<int> { 2, 1, 2, 0 }));
    }

    void groupColumnGivesSampleGroupsNotAFeature()
    {
        // Worst-group outcomes: the group column is numbered like class labels (sorted) and left
        // out of the default features; a missing group is a located error.
        const std::string text = "x,place,y\n1,land,0.5\n2,water,1\n3, land ,2\n4,air,3\n";
        CsvImportOptions o = options({ regression });
        o.groupColumn = "place";
        o.standardize = false;
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", o, &report);
        QCOMPARE(data.inputDimension(), Eigen::Index(1));
        QCOMPARE(report.groupNames, (std::vector<std::string> { "air", "land", "water" }));
        QCOMPARE(data.groups, (std::vector<int> { 1, 2, 1, 0 }));
        QCOMPARE(
            errorOf("x,place,y\n1,land,0.5\n2,,1\n", o), QStringLiteral("f.csv:3:2 (column 'place'): missing group"));
        o.groupColumn = "where";
        QVERIFY(errorOf(text, o).contains("unknown column 'where'"));
        QVERIFY(CsvImporter::importText("x,y\n1,2\n3,4\n", "f.csv", options({ regression })).groups.empty());
    }

    void featureSelectionSplitAndStandardization()
    {
        std::string text = "a,b,skip,y\n";
        for (int i = 0; i < 100; ++i)
            text += std::to_string(i) + "," + std::to_string(2 * i + 1) + ",x," + std::to_string(i % 7) + "\n";
        CsvImportOptions o = options({ regression });
        o.featureColumns = { "b", "a" };
        o.validationFraction = 0.1;
        o.testFraction = 0.2;
        o.standardize = true;
        o.seed = 3;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", o);
        QCOMPARE(data.inputDimension(), Eigen::Index(2));
        QCOMPARE(data.train.size(), std::size_t(70));
        QCOMPARE(data.validation.size(), std::size_t(10));
        QCOMPARE(data.test.size(), std::size_t(20));
        double mean = 0, square = 0;
        for (Eigen::Index i : data.train) {
            mean += data.features(0, i);
            square += data.features(0, i) * data.features(0, i);
        }
        QVERIFY(std::abs(mean / 70) < 1e-4);
        QVERIFY(std::abs(square / 70 - 1) < 1e-3);
        // Same seed, same split.
        QCOMPARE(CsvImporter::importText(text, "f.csv", o).test, data.test);
    }

    void errorsNameFileLineAndColumn()
    {
        const CsvImportOptions o = options({ regression });
        QVERIFY(errorOf("", o).contains("f.csv: empty file"));
        QVERIFY(errorOf("\n\n", o).contains("empty file"));
        QVERIFY(errorOf("a,y\n", o).contains("f.csv: no data rows"));
        QCOMPARE(errorOf("a,y\n1,2\n3\n", o), QString("f.csv:3: ragged row: 1 fields, the header has 2"));
        QCOMPARE(errorOf("a,y\n1,2\n,4\n", o), QString("f.csv:3:1 (column 'a'): missing value"));
        QCOMPARE(errorOf("a,y\n1,abc\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value 'abc'"));
        QCOMPARE(errorOf("a,y\n1,2x\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value '2x'"));
        QCOMPARE(errorOf("a,y\n1,nan\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value 'nan'"));
        QVERIFY(errorOf("a,b\n1,2\n", o).contains("f.csv:1: unknown column 'y' (columns: a, b)"));
        CsvImportOptions f = o;
        f.featureColumns = { "zzz" };
        QVERIFY(errorOf("a,y\n1,2\n", f).contains("unknown column 'zzz'"));
        QVERIFY(errorOf("a,a,y\n1,2,3\n", o).contains("f.csv:1:2: duplicate column 'a'"));
        QVERIFY(errorOf("a,y\n\"1,2\n", o).contains("f.csv:2:1: unterminated quoted field"));
        QVERIFY(errorOf("a,y\n\"1\"x,2\n", o).contains("f.csv:2:1: unexpected character after a closing quote"));
        QVERIFY(errorOf("y\n1\n", o).contains("no feature columns"));
        QVERIFY(errorOf("a,c\n1,x\n2,x\n", options({ classification })).contains("single class"));
        // A quoted line break counts lines correctly for later rows.
        QVERIFY(errorOf("a,c\n1,\"x\ny\"\n2,\n", options({ classification }))
                    .startsWith("f.csv:4:2 (column 'c'): missing value"));
    }

    void emptyTargetCellsAreUnlabelledOnRequest()
    {
        // Partial supervision: without the option an empty target cell is a located error that
        // names the option; with it, that task's sample has no label while the others keep theirs.
        const std::string text = "a,y,c\n1,2,p\n3,,q\n5,6,\n7,,\n9,10,p\n";
        CsvImportOptions o = options({ regression, classification });
        o.standardize = false;
        o.validationFraction = 0;
        o.testFraction = 0;
        const QString error = errorOf(text, o);
        QVERIFY2(error.startsWith("f.csv:3:2 (column 'y'): missing value"), qPrintable(error));
        QVERIFY2(error.contains("problem.params.unlabelled_targets"), qPrintable(error));
        o.unlabelledTargets = true;
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", o, &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(5)); // the row with no label at all is kept too
        const std::vector<Eigen::Index> all { 0, 1, 2, 3, 4 };
        QCOMPARE(data.tasks[0].labelledCount(all), Eigen::Index(3));
        QCOMPARE(data.tasks[1].labelledCount(all), Eigen::Index(3));
        QVERIFY(!data.tasks[0].isLabelled(1) && !data.tasks[0].isLabelled(3) && data.tasks[0].isLabelled(2));
        QCOMPARE(data.tasks[0].values(0, 2), 6.0f);
        QCOMPARE(data.tasks[1].labels, (std::vector<int> { 0, 1, unlabelledClass, unlabelledClass, 0 }));
        QCOMPARE(report.classNames[1], (std::vector<std::string> { "p", "q" }));
        // A missing feature stays an error.
        QVERIFY(errorOf("a,y,c\n,2,p\n", o).startsWith("f.csv:2:1 (column 'a'): missing value"));
        QVERIFY(!errorOf("a,y,c\n,2,p\n", o).contains("unlabelled"));
    }

    void skipBadRowsReports()
    {
        const std::string text = "a,y\n1,2\n,3\n4,x\n5\n6,7\n";
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", options({ regression }, true), &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(2));
        QCOMPARE(report.rowsRead, 5LL);
        QCOMPARE(report.rowsSkipped, 3LL);
        QCOMPARE(report.skippedReasons.size(), std::size_t(3));
        QVERIFY(QString::fromStdString(report.skippedReasons[0]).startsWith("f.csv:3:1"));
        QVERIFY(QString::fromStdString(report.skippedReasons[1]).startsWith("f.csv:4:2"));
        QVERIFY(QString::fromStdString(report.skippedReasons[2]).startsWith("f.csv:5: ragged"));
        QVERIFY(errorOf("a,y\n,1\n", options({ regression }, true)).contains("all 1 rows were skipped"));
    }

    void exampleFileImports()
    {
        const char* root = std::getenv("MTW_SOURCE_DIR");
        const std::string path = std::string(root ? root : ".") + "/resources/examples/regression_classification.csv";
        CsvImportOptions o;
        o.targets = CsvImporter::parseTargets("target_value:regression, target_class:classification");
        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importFile(path, o, &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(200));
        QCOMPARE(data.inputDimension(), Eigen::Index(4));
        QCOMPARE(data.tasks[1].classCount, 3);
        QCOMPARE(report.rowsSkipped, 0LL);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CsvImporter::parseTargets("x:ordinal"));
    }

    void fuzzMalformedFiles()
    {
        // Random mutations of a valid file: each import must either throw CsvError with a
        // "f.csv" location or return a data set with consistent sizes.
        const std::string valid = "a,b,y,c\n1,2,3,u\n4,\"5\",6,v\n7,8,9,u\n10,11,12,v\n";
        const std::string alphabet = ",\"\n\r x1.-e";
        mtw::core::Rng rng(42);
        QTemporaryDir dir;
        QElapsedTimer timer;
        timer.start();
        int parsed = 0, rejected = 0;
        for (int trial = 0; trial < 3000; ++trial) {
            std::string text = valid;
            const int edits = 1 + static_cast<int>(rng.index(6));
            for (int e = 0; e < edits; ++e) {
                const std::size_t at = text.empty() ? 0 : rng.index(text.size());
                const std::size_t kind = rng.index(3);
                if (kind == 0 && !text.empty())
                    text.erase(at, 1);
                else if (kind == 1)
                    text.insert(at, 1, alphabet[rng.index(alphabet.size())]);
                else if (!text.empty())
                    text[at] = static_cast<char>(rng.index(256));
            }
            CsvImportOptions o = options({ regression, classification }, trial % 2 == 0);
            try {
                const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", o);
                QCOMPARE(data.tasks.size(), std::size_t(2));
                QCOMPARE(static_cast<Eigen::Index>(data.tasks[1].labels.size()), data.sampleCount());
                QVERIFY(data.features.allFinite());
                ++parsed;
            } catch (const CsvError& error) {
                QVERIFY(QString(error.what()).startsWith("f.csv"));
                ++rejected;
            }
            if (trial % 10 == 0) // the streaming reader: block ends anywhere change nothing
                compareBlockReads(text, writeFile(dir, text), o, { 1, 2, 3, 5, 8, 64 });
        }
        QVERIFY(parsed > 0 && rejected > 0);
        QVERIFY(timer.elapsed() < 20000);
    }

    // Issue 9, point 2: a value that is no float (1e300, -1e39, inf) was stored as inf or
    // rounded silently and surfaced later as a "diverging" run.
    void valuesBeyondFloatRangeAreLocatedErrors()
    {
        const CsvImportOptions o = options({ regression });
        for (const char* value : { "1e300", "-1e39", " -inf ", "infinity", "1e400", "0x1p200" })
            QCOMPARE(errorOf(std::string("a,y\n1,2\n").append(value).append(",3\n"), o),
                QString("f.csv:3:1 (column 'a'): value '%1' is out of range for 32-bit floats").arg(value));
        QCOMPARE(errorOf("a,y\n1,1e39\n", o),
            QString("f.csv:2:2 (column 'y'): value '1e39' is out of range for 32-bit floats"));
        QCOMPARE(errorOf("a,y\n1,NaN\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value 'NaN'"));
        // The largest floats and values that merely round to zero are fine.
        const MultiTaskDataset edge = CsvImporter::importText("a,y\n3.4e38,-3.4e38\n1e-50,0\n", "f.csv", o);
        QCOMPARE(edge.features(0, 0), 3.4e38f);
        QCOMPARE(edge.tasks[0].values(0, 0), -3.4e38f);
        QCOMPARE(edge.features(0, 1), 0.0f);

        CsvImportReport report;
        const MultiTaskDataset data = CsvImporter::importText(
            "a,y\n1,2\n1e39,3\n4,inf\n5,6\n", "f.csv", options({ regression }, true), &report);
        QCOMPARE(data.sampleCount(), Eigen::Index(2));
        QVERIFY(data.features.allFinite() && data.tasks[0].values.allFinite());
        QCOMPARE(report.rowsSkipped, 2LL);
        QCOMPARE(QString::fromStdString(report.skippedReasons[0]),
            QString("f.csv:3:1 (column 'a'): value '1e39' is out of range for 32-bit floats"));
        QVERIFY(QString::fromStdString(report.skippedReasons[1]).startsWith("f.csv:4:2 (column 'y'): value 'inf'"));
    }

    // from_chars replaced strtod: what strtod took (sign, 0x, white space before the number)
    // still reads the same, in any locale.
    void numberSyntaxUnchanged()
    {
        const std::string text = "a,b,c,d,y\n+4, 0x10 ,\"\n-2.5e1\",.5,-0x1p-1\n";
        const MultiTaskDataset data = CsvImporter::importText(text, "f.csv", options({ regression }));
        QCOMPARE(data.features(0, 0), 4.0f);
        QCOMPARE(data.features(1, 0), 16.0f);
        QCOMPARE(data.features(2, 0), -25.0f);
        QCOMPARE(data.features(3, 0), 0.5f);
        QCOMPARE(data.tasks[0].values(0, 0), -0.5f);
        const CsvImportOptions o = options({ regression });
        QCOMPARE(errorOf("a,y\n+-1,2\n", o), QString("f.csv:2:1 (column 'a'): non-numeric value '+-1'"));
        QCOMPARE(errorOf("a,y\n0x,2\n", o), QString("f.csv:2:1 (column 'a'): non-numeric value '0x'"));
        QCOMPARE(errorOf("a,y\n1,2 3\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value '2 3'"));
        QCOMPARE(errorOf("a,y\n1,\"\v\"\n", o), QString("f.csv:2:2 (column 'y'): non-numeric value '\v'"));
    }
};

QTEST_GUILESS_MAIN(TestCsvImporter)
#include "tst_csv_importer.moc"

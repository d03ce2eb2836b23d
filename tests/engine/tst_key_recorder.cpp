// The file reference's source (docs/user-guide.md, `mtw-cli reference`): every key an ObjectReader
// reads is recorded with its type, value when absent, range, choices and description, whether or
// not the document holds it; list indices fold into "[]"; the built-in documents reach every block
// and the bundled examples reach nothing more.
#include "engine/experiment_error.h"
#include "engine/file_reference.h"
#include "engine/key_recorder.h"
#include "engine/object_reader.h"

#include <QDir>
#include <QTest>

using namespace mtw;
using nlohmann::json;

class TestKeyRecorder : public QObject {
    Q_OBJECT

private slots:
    void testReadKeyIsListedWithDefaultAndRange();
    void testKeysOfEveryReaderType();
    void testListIndicesFold();
    void testFirstRecordOfAPathWins();
    void testNothingRecordedWithoutRecorder();
    void testNestedRecorderRestoresOuter();
    void testFileReferenceReachesEveryBlock();
    void testBundledExamplesReachNothingMore();
};

void TestKeyRecorder::testReadKeyIsListedWithDefaultAndRange()
{
    engine::KeyRecorder recorder;
    const json object = json::parse(R"({"steps": 7})");
    engine::ObjectReader reader(object, "training");
    QCOMPARE(reader.integer("steps", 1000, 1, 1LL << 40, "optimizer steps"), 7LL);
    // Absent keys are listed too: the reference shows every key a reader looks for.
    QCOMPARE(reader.number("lr", 1e-3, 0.0, 1e6, "the base learning rate"), 1e-3);

    QCOMPARE(recorder.keys().size(), std::size_t(2));
    const engine::KeyRecord* steps = recorder.find("training.steps");
    QVERIFY(steps);
    QCOMPARE(steps->type, std::string("integer"));
    QCOMPARE(steps->absent, std::string("1000")); // the fallback, not the value the document holds
    QVERIFY(steps->absentIsValue);
    QCOMPARE(steps->range, std::string("[1, 2^40]"));
    QCOMPARE(steps->doc, std::string("optimizer steps"));
    const engine::KeyRecord* lr = recorder.find("training.lr");
    QVERIFY(lr);
    QCOMPARE(lr->absent, std::string("0.001"));
    QCOMPARE(lr->range, std::string("[0, 1e+06]"));
}

void TestKeyRecorder::testKeysOfEveryReaderType()
{
    engine::KeyRecorder recorder;
    const json object = json::object();
    engine::ObjectReader reader(object, "");
    reader.boolean("nesterov", false, "SGD: Nesterov momentum");
    reader.text("type", "adam", { "sgd", "adam" }, "the optimizer");
    reader.text("name", "", {}, "a name");
    reader.find("factors", { "object", "off", "trajectory factors" });

    const engine::KeyRecord* nesterov = recorder.find("nesterov");
    QCOMPARE(nesterov->type, std::string("boolean"));
    QCOMPARE(nesterov->absent, std::string("false"));
    const engine::KeyRecord* type = recorder.find("type");
    QCOMPARE(type->absent, std::string("adam"));
    QCOMPARE(type->choices, (std::vector<std::string> { "sgd", "adam" }));
    QCOMPARE(recorder.find("name")->absent, std::string("\"\"")); // an empty default stays visible
    const engine::KeyRecord* factors = recorder.find("factors");
    QCOMPARE(factors->type, std::string("object"));
    QCOMPARE(factors->absent, std::string("off"));
    QVERIFY(!factors->absentIsValue); // words, not a value to write
}

void TestKeyRecorder::testListIndicesFold()
{
    QCOMPARE(engine::genericKeyPath("sweep.axes[12].range.from"), std::string("sweep.axes[].range.from"));
    QCOMPARE(engine::genericKeyPath("sweep.overrides[0].when"), std::string("sweep.overrides[].when"));
    QCOMPARE(engine::genericKeyPath("a[b].c[]"), std::string("a[b].c[]"));

    engine::KeyRecorder recorder;
    const json first = json::parse(R"({"key": "optimizer.lr"})");
    const json second = json::parse(R"({"seeds": 2})");
    engine::ObjectReader a(first, "sweep.axes[0]");
    engine::ObjectReader b(second, "sweep.axes[1]");
    a.find("key", { "string", "required", "the key path" });
    b.find("key", { "string", "required", "the key path" });
    QCOMPARE(recorder.keys().size(), std::size_t(1));
    QCOMPARE(recorder.keys().front().path, std::string("sweep.axes[].key"));
}

void TestKeyRecorder::testFirstRecordOfAPathWins()
{
    engine::KeyRecorder recorder;
    recorder.add({ "a", "integer", "1", true, "[0, 9]", {}, "" });
    recorder.add({ "a", "number", "2", true, "[0, 1]", {}, "filled in" });
    QCOMPARE(recorder.keys().size(), std::size_t(1));
    QCOMPARE(recorder.keys().front().type, std::string("integer"));
    QCOMPARE(recorder.keys().front().absent, std::string("1"));
    QCOMPARE(recorder.keys().front().doc, std::string("filled in")); // empty fields are filled
}

void TestKeyRecorder::testNothingRecordedWithoutRecorder()
{
    QVERIFY(!engine::KeyRecorder::current());
    const json object = json::parse(R"({"every": 3})");
    engine::ObjectReader reader(object, "evaluation");
    QCOMPARE(reader.integer("every", 100, 0, 10, "doc"), 3LL);
    // Recording never changes what is read or refused.
    QVERIFY_THROWS_EXCEPTION(engine::ExperimentError, reader.integer("every", 100, 4, 10, "doc"));
}

void TestKeyRecorder::testNestedRecorderRestoresOuter()
{
    engine::KeyRecorder outer;
    {
        engine::KeyRecorder inner;
        QCOMPARE(engine::KeyRecorder::current(), &inner);
    }
    QCOMPARE(engine::KeyRecorder::current(), &outer);
}

void TestKeyRecorder::testFileReferenceReachesEveryBlock()
{
    const std::vector<engine::KeyRecord> keys = engine::fileReferenceKeys();
    const auto find = [&keys](const std::string& path) -> const engine::KeyRecord* {
        for (const engine::KeyRecord& key : keys)
            if (key.path == path)
                return &key;
        return nullptr;
    };
    for (const char* path : { "schema", "problem.type", "method.params", "mode.name", "optimizer.eps",
             "schedule.warmup_steps", "training.gradient_space", "evaluation.every", "diagnostics.divergence_threshold",
             "diagnostics.factors.tag_eta", "sweep.axes", "sweep.axes[].zip", "sweep.axes[].log_range.count",
             "sweep.axes[].seeds.from", "sweep.overrides[].set" })
        QVERIFY2(find(path), path);
    const engine::KeyRecord* steps = find("training.steps");
    QCOMPARE(steps->absent, std::string("1000"));
    QCOMPARE(steps->range, std::string("[1, 2^40]"));
    QCOMPARE(find("optimizer.type")->choices, (std::vector<std::string> { "sgd", "adam", "adamw" }));
    // Every key says what it is for: the description is written where the key is read.
    for (const engine::KeyRecord& key : keys) {
        QVERIFY2(!key.doc.empty(), key.path.c_str());
        QVERIFY2(!key.type.empty(), key.path.c_str());
    }
}

void TestKeyRecorder::testBundledExamplesReachNothingMore()
{
    const QDir examples(qEnvironmentVariable("MTW_SOURCE_DIR") + QStringLiteral("/resources/examples"));
    if (!examples.exists())
        QSKIP("MTW_SOURCE_DIR is not set (run through ctest)");
    std::vector<std::string> files;
    for (const QString& name : examples.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        files.push_back(examples.filePath(name).toStdString());
    QVERIFY(files.size() >= 5);
    const std::size_t builtIn = engine::fileReferenceKeys().size();
    QCOMPARE(engine::fileReferenceKeys(files).size(), builtIn);
}

QTEST_GUILESS_MAIN(TestKeyRecorder)
#include "tst_key_recorder.moc"

// `mtw-cli reference`: the Markdown reference of experiment/sweep keys, problems, methods, modes
// and exit codes; --update rewrites only the part between the guide's marker lines, --check fails
// with the command that updates it, a guide without markers is refused untouched.
#include "cli_test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mtw::test::runCli;
using mtw::test::writeFile;

namespace {
const QByteArray begin = "<!-- BEGIN generated reference: scripts/update-user-guide.sh rewrites this part -->\n";
const QByteArray end = "<!-- END generated reference -->\n";

QByteArray readAll(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}
} // namespace

class TestCliReference : public QObject {
    Q_OBJECT

private slots:
    void testPrintsEverySection();
    void testUpdateThenCheck();
    void testGuideWithoutMarkersRefused();
};

void TestCliReference::testPrintsEverySection()
{
    const auto result = runCli({ "reference" });
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("| `training.steps` | integer | `1000` | [1, 2^40] | optimizer steps |"),
        qPrintable(result.out.left(2000)));
    QVERIFY(result.out.contains("| `optimizer.type` | string | `adam` | `sgd`, `adam`, `adamw` |"));
    QVERIFY(result.out.contains("#### `sweep.axes[].range`"));
    QVERIFY(result.out.contains("#### `cagrad_toy`: "));
    QVERIFY(result.out.contains("| `problem.params.start` | list of numbers | `[-8.5, 7.5]` |"));
    QVERIFY(result.out.contains("#### `upgrad`: UPGrad"));
    QVERIFY(result.out.contains("| `mode.params.rho` | number | `0.05` | [0, 100] |"));
    QVERIFY(result.out.contains("| `model.architecture` | choice | `mlp` | `mlp`, `cnn`, `mmoe` |"));
    QVERIFY(result.out.contains("### Exit codes of `mtw-cli`\n\n| code | meaning |\n|---|---|\n| 0 |"));
}

void TestCliReference::testUpdateThenCheck()
{
    QTemporaryDir dir;
    const QString guide = writeFile(dir, "guide.md", "# Guide\n\nby hand\n" + begin + "stale\n" + end + "after\n");

    const auto stale = runCli({ "reference", "--check", guide });
    QCOMPARE(stale.code, 1);
    QVERIFY2(stale.err.contains("the generated reference is out of date"), qPrintable(stale.err));
    QVERIFY(stale.err.contains("update it with: scripts/update-user-guide.sh"));
    QVERIFY(stale.err.contains("in guide:  stale"));

    const auto update = runCli({ "reference", "--update", guide });
    QCOMPARE(update.code, 0);
    const QByteArray text = readAll(guide);
    QVERIFY(text.startsWith("# Guide\n\nby hand\n" + begin + "### Experiment and sweep files\n"));
    QVERIFY(text.endsWith(end + "after\n"));
    QCOMPARE(text, "# Guide\n\nby hand\n" + begin + runCli({ "reference" }).out.toUtf8() + end + "after\n");

    QCOMPARE(runCli({ "reference", "--check", guide }).code, 0);
    QCOMPARE(runCli({ "reference", "--update", guide }).out, QStringLiteral("unchanged: %1\n").arg(guide));
}

void TestCliReference::testGuideWithoutMarkersRefused()
{
    QTemporaryDir dir;
    const QByteArray original = "# Guide\n" + end + "no begin marker\n";
    const QString guide = writeFile(dir, "guide.md", original);
    const auto result = runCli({ "reference", "--update", guide });
    QCOMPARE(result.code, 2);
    QVERIFY2(result.err.contains("the marker lines are missing or out of order"), qPrintable(result.err));
    QCOMPARE(readAll(guide), original);
    QCOMPARE(runCli({ "reference", "--check", dir.filePath("absent.md") }).code, 2);
}

QTEST_GUILESS_MAIN(TestCliReference)
#include "tst_cli_reference.moc"

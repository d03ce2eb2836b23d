// The start-up CPU check: which features each x86-64 level needs, the refusal (message on stderr,
// exit status 1, run in a child process), and that the check ran before this test's main().
#include "platform/cpu_guard.h"

#include <QProcess>
#include <QTest>
#include <cstring>

using namespace mtw;

namespace {

// A CPU with exactly the x86-64-v2 features, and one with everything but FMA.
int v2Cpu(const char* feature)
{
    for (const char* name : { "popcnt", "sse3", "ssse3", "sse4.1", "sse4.2" })
        if (std::strcmp(feature, name) == 0)
            return 1;
    return 0;
}
int noFmaCpu(const char* feature)
{
    return std::strcmp(feature, "fma") != 0;
}
int bareCpu(const char*)
{
    return 0;
}
int fullCpu(const char*)
{
    return 1;
}

using CpuProbe = int (*)(const char*);

} // namespace

Q_DECLARE_METATYPE(CpuProbe)

class TestCpuGuard : public QObject {
    Q_OBJECT
private slots:
    void missingFeatures_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<CpuProbe>("cpu");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("missing");
        QTest::newRow("baseline-needs-nothing") << 1 << CpuProbe(bareCpu) << 0 << "";
        QTest::newRow("v2-on-a-bare-cpu") << 2 << CpuProbe(bareCpu) << 5 << "popcnt sse3 ssse3 sse4.1 sse4.2";
        QTest::newRow("v2-on-a-v2-cpu") << 2 << CpuProbe(v2Cpu) << 0 << "";
        QTest::newRow("v3-on-a-v2-cpu") << 3 << CpuProbe(v2Cpu) << 9 << "avx avx2 bmi bmi2 f16c fma lzcnt movbe xsave";
        QTest::newRow("v3-without-fma") << 3 << CpuProbe(noFmaCpu) << 1 << "fma";
        QTest::newRow("v4-without-fma") << 4 << CpuProbe(noFmaCpu) << 1 << "fma";
        QTest::newRow("v4-on-a-full-cpu") << 4 << CpuProbe(fullCpu) << 0 << "";
    }
    void missingFeatures()
    {
        QFETCH(int, level);
        QFETCH(CpuProbe, cpu);
        QFETCH(int, count);
        QFETCH(QString, missing);
        char out[256];
        QCOMPARE(platform::missingCpuFeatures(level, cpu, out, sizeof out), count);
        QCOMPARE(QString::fromLatin1(out), missing);
    }

    void missingFeaturesAreTruncatedToTheBuffer()
    {
        char out[8];
        std::memset(out, 'x', sizeof out);
        QCOMPARE(platform::missingCpuFeatures(3, bareCpu, out, sizeof out), 14);
        QCOMPARE(QString::fromLatin1(out), QString("popcnt")); // " sse3" does not fit in the 7 characters left
    }

    void refusalNamesTheMissingFeaturesAndExitsOne()
    {
        QProcess probe;
        probe.start(MTW_CPU_GUARD_PROBE, { "3" });
        QVERIFY(probe.waitForFinished(10000));
        QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
        QCOMPARE(probe.exitCode(), 1);
        const QString err = QString::fromUtf8(probe.readAllStandardError());
        QVERIFY2(
            err.startsWith("cpu_guard_probe: this build of MTL Workbench needs an x86-64-v3 CPU"), qPrintable(err));
        QVERIFY2(err.contains("this CPU lacks: popcnt sse3 ssse3 sse4.1 sse4.2 avx avx2 bmi"), qPrintable(err));
        QVERIFY2(err.contains("-DMTW_X86_64_LEVEL=baseline"), qPrintable(err));
        QCOMPARE(probe.readAllStandardOutput(), QByteArray()); // never reached "not refused"
    }

    void checkRanBeforeMain()
    {
        // This executable is built for MTW_X86_64_LEVEL like the rest: the check must have run
        // (and passed, or nothing here would run) from its constructor.
        QVERIFY(platform::cpuCheckPassed());
        char out[256];
        QCOMPARE(platform::missingCpuFeatures(platform::builtCpuLevel(), platform::cpuHasFeature, out, sizeof out), 0);
        const QString level = MTW_X86_64_LEVEL_NAME; // "baseline" or "v2".."v4"
        QCOMPARE(platform::builtCpuLevel(), level == "baseline" ? 1 : level.mid(1).toInt());
    }
};

QTEST_GUILESS_MAIN(TestCpuGuard)
#include "tst_cpu_guard.moc"

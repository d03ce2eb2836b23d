// `mtw --headless` (and the fallback when no display is reachable) runs without a window and
// writes every view's PNG, SVG, PDF and CSV plus runs.csv through the GUI's export code.
#include "export_checks.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestHeadless : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static QString executable() { return QStringLiteral(MTW_EXECUTABLE); }

    void checkOutput(const QString& out, int runs)
    {
        const QDir dir(out);
        QVERIFY2(dir.exists(), qPrintable(out));
        for (const char* suffix : { "png", "svg", "pdf", "csv" }) {
            const QStringList files = dir.entryList({ QStringLiteral("*.") + QLatin1String(suffix) });
            QVERIFY2(!files.isEmpty(), suffix);
            for (const QString& file : files)
                QVERIFY2(mtw::test::exportedFileHasData(dir.filePath(file)), qPrintable(file));
        }
        QCOMPARE(dir.entryList({ QStringLiteral("*.png") }).size(), dir.entryList({ QStringLiteral("*.pdf") }).size());
        QFile table(dir.filePath(QStringLiteral("runs.csv")));
        QVERIFY(table.open(QIODevice::ReadOnly));
        QCOMPARE(static_cast<int>(table.readAll().count('\n')), runs + 1);
    }

private Q_SLOTS:
    void headlessDemo()
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        const QString out = m_dir.filePath(QStringLiteral("demo-output"));
        process.start(executable(), { QStringLiteral("--headless"), QStringLiteral("--out"), out, QStringLiteral("--workspace"),
                                        m_dir.filePath(QStringLiteral("runs")), QStringLiteral("--steps"), QStringLiteral("2000") });
        QVERIFY(process.waitForFinished(90000));
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("figures and CSV files in")), qPrintable(output));
        QVERIFY(output.contains(QDir(out).absolutePath()));
        checkOutput(out, 6); // the demo and its five comparison methods
    }

    void fallsBackWithoutDisplay()
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        const QString out = m_dir.filePath(QStringLiteral("fallback"));
        const QString example = qEnvironmentVariable("MTW_SOURCE_DIR") + QStringLiteral("/resources/examples/toy_cagrad_short.json");
        process.start(executable(), { example, QStringLiteral("--out"), out, QStringLiteral("--workspace"),
                                        m_dir.filePath(QStringLiteral("runs")), QStringLiteral("--steps"), QStringLiteral("1000") });
        QVERIFY(process.waitForFinished(60000));
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("no display found")), qPrintable(output));
        checkOutput(out, 1);
    }

    void badExperimentFileFails()
    {
        QProcess process;
        process.start(executable(), { QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("missing.json")),
                                        QStringLiteral("--out"), m_dir.filePath(QStringLiteral("none")) });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(process.readAllStandardError()).contains(QStringLiteral("missing.json")));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"

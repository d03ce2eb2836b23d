// `mtw --headless` (and the fallback when no display is reachable) runs without a window and
// writes every view's PNG, SVG, PDF and CSV plus runs.csv through the GUI's export code.
#include "export_checks.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestHeadless : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static QString executable() { return QStringLiteral(MTW_EXECUTABLE); }

    // mtw with its settings in the test's folder.
    void start(QProcess& process, const QStringList& arguments)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        process.start(executable(), arguments);
    }

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
        const QString out = m_dir.filePath(QStringLiteral("demo-output"));
        start(process,
            { QStringLiteral("--headless"), QStringLiteral("--out"), out, QStringLiteral("--workspace"),
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
        const QString example
            = qEnvironmentVariable("MTW_SOURCE_DIR") + QStringLiteral("/resources/examples/toy_cagrad_short.json");
        process.start(executable(),
            { example, QStringLiteral("--out"), out, QStringLiteral("--workspace"),
                m_dir.filePath(QStringLiteral("runs")), QStringLiteral("--steps"), QStringLiteral("1000") });
        QVERIFY(process.waitForFinished(60000));
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("no display found")), qPrintable(output));
        checkOutput(out, 1);
    }

    void figureSizeResolutionAndLossesLayout()
    {
        // A paper column 4 in tall at 300 dpi, 8 pt text, the training loss as a panel per task.
        QProcess process;
        const QString out = m_dir.filePath(QStringLiteral("column"));
        const QString example = qEnvironmentVariable("MTW_SOURCE_DIR")
            + QStringLiteral("/resources/examples/synthetic_family_upgrad.json");
        start(process,
            { QStringLiteral("--headless"), example, QStringLiteral("--out"), out, QStringLiteral("--workspace"),
                m_dir.filePath(QStringLiteral("runs-column")), QStringLiteral("--steps"), QStringLiteral("200"),
                QStringLiteral("--figure-size"), QStringLiteral("3.25x4"), QStringLiteral("--dpi"),
                QStringLiteral("300"), QStringLiteral("--font-pt"), QStringLiteral("8"), QStringLiteral("--losses"),
                QStringLiteral("panels"), QStringLiteral("--weights"), QStringLiteral("norms") });
        QVERIFY(process.waitForFinished(90000));
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QCOMPARE(QImage(QDir(out).filePath(QStringLiteral("losses.png"))).size(), QSize(975, 1200));
        QFile csv(QDir(out).filePath(QStringLiteral("losses.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("train_loss task1,")); // one panel per task
        QFile weights(QDir(out).filePath(QStringLiteral("weights-norms.csv")));
        QVERIFY(weights.open(QIODevice::ReadOnly));
        QVERIFY(weights.readAll().contains("gradient_norms task1,")); // the norms, a panel per task

        // 2.4 in tall, the 4 loss panels get 1.0 x 0.7 in: unreadable, so that figure is refused
        // (exit code 1, the reason named) while the others are written.
        QProcess small;
        const QString smallOut = m_dir.filePath(QStringLiteral("column-small"));
        start(small,
            { QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("runs-column")), QStringLiteral("--out"),
                smallOut, QStringLiteral("--figure-size"), QStringLiteral("3.25x2.4"), QStringLiteral("--losses"),
                QStringLiteral("panels"), QStringLiteral("--wait"), QStringLiteral("60") });
        QVERIFY(small.waitForFinished(90000));
        const QString smallOutput
            = QString::fromLocal8Bit(small.readAllStandardOutput() + small.readAllStandardError());
        QVERIFY2(small.exitCode() == 1, qPrintable(smallOutput));
        QVERIFY2(smallOutput.contains(QStringLiteral("Losses (png): 4 panels do not fit readably")),
            qPrintable(smallOutput));
        QVERIFY(!QFile::exists(QDir(smallOut).filePath(QStringLiteral("losses.png"))));
        QVERIFY(QFile::exists(QDir(smallOut).filePath(QStringLiteral("conflict.png"))));
    }

    void conflictPerLayerAndAngleBoxes()
    {
        // A network run: the Conflict figure draws the trunk's layers and the heads' CKA as small
        // multiples and the angle box plots in place of the conflict frequency.
        QProcess process;
        const QString out = m_dir.filePath(QStringLiteral("layers"));
        const QString example = qEnvironmentVariable("MTW_SOURCE_DIR")
            + QStringLiteral("/resources/examples/synthetic_family_upgrad.json");
        start(process,
            { QStringLiteral("--headless"), example, QStringLiteral("--out"), out, QStringLiteral("--workspace"),
                m_dir.filePath(QStringLiteral("runs-layers")), QStringLiteral("--steps"), QStringLiteral("200"),
                QStringLiteral("--conflict"), QStringLiteral("layers,boxes") });
        QVERIFY(process.waitForFinished(90000));
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(output));
        QFile conflict(QDir(out).filePath(QStringLiteral("conflict.svg")));
        QVERIFY(conflict.open(QIODevice::ReadOnly));
        const QByteArray svg = conflict.readAll();
        QVERIFY(svg.contains("L1 Linear"));
        QVERIFY(svg.contains("CKA of the task heads"));
        QVERIFY(svg.contains("FairBranch groups at"));
        QVERIFY(svg.contains("Conflict angles per epoch"));
        QVERIFY(!svg.contains("Conflict frequency over time"));

        // In a paper column the small multiples would be unreadable: refused, the reason named.
        QProcess column;
        const QString columnOut = m_dir.filePath(QStringLiteral("layers-column"));
        start(column,
            { QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("runs-layers")), QStringLiteral("--out"),
                columnOut, QStringLiteral("--figure-size"), QStringLiteral("3.25x4"), QStringLiteral("--conflict"),
                QStringLiteral("layers") });
        QVERIFY(column.waitForFinished(90000));
        const QString columnOutput
            = QString::fromLocal8Bit(column.readAllStandardOutput() + column.readAllStandardError());
        QVERIFY2(column.exitCode() == 1, qPrintable(columnOutput));
        QVERIFY2(
            columnOutput.contains(QStringLiteral("per-layer heatmaps do not fit readably")), qPrintable(columnOutput));
        QVERIFY(!QFile::exists(QDir(columnOut).filePath(QStringLiteral("conflict.png"))));
        QVERIFY(QFile::exists(QDir(columnOut).filePath(QStringLiteral("losses.png"))));
    }

    void badFigureOptionsAreNamed()
    {
        const QList<QPair<QStringList, QString>> cases {
            { { QStringLiteral("--figure-size"), QStringLiteral("3x") },
                QStringLiteral("--figure-size: expected WIDTHxHEIGHT") },
            { { QStringLiteral("--dpi"), QStringLiteral("5") },
                QStringLiteral("--dpi: must be a whole number from 30 to 1200, got '5'") },
            { { QStringLiteral("--colour-by"), QStringLiteral("method") },
                QStringLiteral("--colour-by: must be 'task' or 'run', got 'method'") },
            { { QStringLiteral("--losses"), QStringLiteral("grid") },
                QStringLiteral("--losses: must be 'overlay' or 'panels', got 'grid'") },
            { { QStringLiteral("--evaluation"), QStringLiteral("auc") },
                QStringLiteral("--evaluation: must be 'loss', 'metric' or 'worst-group', got 'auc'") },
            { { QStringLiteral("--weights"), QStringLiteral("grid") },
                QStringLiteral("--weights: must be one of charts, weights, norms, alignment, slowdown, got 'grid'") },
            { { QStringLiteral("--conflict"), QStringLiteral("layers,grid") },
                QStringLiteral("--conflict: must be 'layers', 'boxes' or 'layers,boxes', got 'layers,grid'") },
            { { QStringLiteral("--study"), QStringLiteral("optimizer.lr") },
                QStringLiteral("--study: must be X,Y or X,Y,GROUP, got 'optimizer.lr'") },
            // Qt's own parser exited with 1 ("a run failed") on these.
            { { QStringLiteral("--bogus") }, QStringLiteral("Unknown option 'bogus'") },
            { { QStringLiteral("--dpi") }, QStringLiteral("Missing value after '--dpi'") },
        };
        for (const auto& [arguments, message] : cases) {
            QProcess process;
            process.start(executable(),
                QStringList { QStringLiteral("--headless"), QStringLiteral("--out"), m_dir.filePath("none") }
                    + arguments);
            QVERIFY(process.waitForFinished(30000));
            QCOMPARE(process.exitCode(), 2);
            const QString error = QString::fromLocal8Bit(process.readAllStandardError());
            QVERIFY2(error.contains(message), qPrintable(error));
        }
    }

    void badExperimentFileFails()
    {
        QProcess process;
        process.start(executable(),
            { QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("missing.json")), QStringLiteral("--out"),
                m_dir.filePath(QStringLiteral("none")) });
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(process.readAllStandardError()).contains(QStringLiteral("missing.json")));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"

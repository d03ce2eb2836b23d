// CsvImportDialog: every importer error shows with its line and column and disables OK; the
// preview shows the header and the first rows; skip_bad_rows reports the count; OK puts the
// choices into the experiment form as a valid `csv` problem.
#include "gui/csv_import_dialog.h"
#include "gui/experiment_form.h"
#include "gui/parameter_form.h"
#include "gui_test_support.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {
QString writeFile(const QTemporaryDir& dir, const QByteArray& text, const QString& name = QStringLiteral("data.csv"))
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text);
    return path;
}

// 30 rows of a, b (features), y (regression: a + b) and c (a class label).
QByteArray goodCsv(int rows = 30)
{
    QByteArray text = "a,b,y,c\n";
    for (int i = 0; i < rows; ++i)
        text += QByteArray::number(i) + "," + QByteArray::number(i % 7) + "," + QByteArray::number(i + i % 7) + ","
            + (i % 3 == 0        ? "red"
                    : i % 3 == 1 ? "green"
                                 : "blue")
            + "\n";
    return text;
}
} // namespace

class TestCsvImportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings")));
    }

    void previewShowsHeaderAndFirstRows()
    {
        gui::CsvImportDialog dialog;
        QVERIFY(dialog.openFile(writeFile(m_dir, goodCsv())));
        const auto* model = qobject_cast<QStandardItemModel*>(dialog.preview()->model());
        QCOMPARE(model->rowCount(), gui::CsvImportDialog::previewRows);
        QCOMPARE(model->columnCount(), 4);
        QCOMPARE(model->horizontalHeaderItem(2)->text(), QString("y"));
        QCOMPARE(model->verticalHeaderItem(0)->text(), QString("2")); // the file's line number
        QCOMPARE(model->item(3, 3)->text(), QString("red"));
        QCOMPARE(dialog.columns(), QStringList({ "a", "b", "y", "c" }));
        // Nothing chosen as target yet: the importer's reason, OK disabled.
        QVERIFY(!dialog.isValid());
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.errorText().contains("no target column"), qPrintable(dialog.errorText()));
    }

    void errorsNameLineAndColumn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("markedRow"); // preview row of the marked cell, -1: none
        QTest::addColumn<int>("markedColumn");
        QTest::newRow("missing-value") << QByteArray("a,b,y\n1,2,3\n4,,6\n")
                                       << "data.csv:3:2 (column 'b'): missing value" << 1 << 1;
        QTest::newRow("non-numeric") << QByteArray("a,b,y\n1,2,3\n4,5,6\n7,abc,9\n")
                                     << "data.csv:4:2 (column 'b'): non-numeric value 'abc'" << 2 << 1;
        QTest::newRow("non-numeric-target")
            << QByteArray("a,b,y\n1,2,x\n") << "data.csv:2:3 (column 'y'): non-numeric value 'x'" << 0 << 2;
        QTest::newRow("ragged-row") << QByteArray("a,b,y\n1,2,3\n4,5\n")
                                    << "data.csv:3: ragged row: 2 fields, the header has 3" << 1 << 0;
        QTest::newRow("empty-file") << QByteArray("") << "data.csv: empty file" << -1 << -1;
        QTest::newRow("blank-lines-only") << QByteArray("\n\n  \n") << "data.csv: empty file" << -1 << -1;
        QTest::newRow("header-only") << QByteArray("a,b,y\n") << "data.csv: no data rows" << -1 << -1;
        QTest::newRow("unterminated-quote")
            << QByteArray("a,b,y\n1,\"2,3\n") << "data.csv:2:2: unterminated quoted field" << -1 << -1;
        QTest::newRow("duplicate-column")
            << QByteArray("a,a,y\n1,2,3\n") << "data.csv:1:2: duplicate column 'a'" << -1 << -1;
    }

    void errorsNameLineAndColumn()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QFETCH(int, markedRow);
        QFETCH(int, markedColumn);
        gui::CsvImportDialog dialog;
        dialog.openFile(writeFile(m_dir, text));
        dialog.setTarget("y", true, data::TargetKind::Regression);
        QVERIFY(!dialog.isValid());
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.errorText().startsWith(expected), qPrintable(dialog.errorText()));
        QVERIFY(dialog.statusLabel()->text().contains(expected));
        if (markedRow >= 0) {
            const auto* model = qobject_cast<QStandardItemModel*>(dialog.preview()->model());
            QCOMPARE(model->item(markedRow, markedColumn)->background().color(), QColor(255, 205, 210));
        }
    }

    void unknownColumnFromParameters()
    {
        gui::CsvImportDialog dialog;
        dialog.setParameters(
            { { "path", writeFile(m_dir, goodCsv()).toStdString() }, { "features", std::string("a, b") },
                { "targets", std::string("y:regression, price:regression") }, { "skip_bad_rows", false } });
        QVERIFY(dialog.columns().contains("price")); // listed, marked as not in the file
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.errorText().contains("data.csv:1: unknown column 'price' (columns: a, b, y, c)"),
            qPrintable(dialog.errorText()));
        dialog.setTarget("price", false);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QVERIFY(dialog.okButton()->isEnabled());
    }

    void featureAndTargetExclusive()
    {
        gui::CsvImportDialog dialog;
        dialog.openFile(writeFile(m_dir, goodCsv()));
        dialog.setTarget("y", true);
        QCOMPARE(std::get<std::string>(dialog.parameters().at("features")), std::string("a, b, c"));
        dialog.setFeature("c", false);
        dialog.setFeature("y", true); // takes y back from the targets
        QCOMPARE(std::get<std::string>(dialog.parameters().at("targets")), std::string());
        dialog.setFeature("a", false);
        dialog.setFeature("b", false);
        dialog.setFeature("y", false);
        dialog.setTarget("y", true);
        QCOMPARE(dialog.errorText(), QString("Tick at least one feature column."));
    }

    void skipBadRowsReportsCount()
    {
        QByteArray text = goodCsv(20);
        text += "1,,2,red\n"; // missing
        text += "1,2,zz,red\n"; // non-numeric target
        text += "1,2\n"; // ragged
        gui::CsvImportDialog dialog;
        dialog.openFile(writeFile(m_dir, text));
        dialog.setTarget("y", true);
        dialog.setTarget("c", true, data::TargetKind::Classification);
        QVERIFY(!dialog.isValid());
        QVERIFY(dialog.errorText().contains("data.csv:22:2 (column 'b'): missing value"));
        dialog.setSkipBadRows(true);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.skippedRows(), 3LL);
        QCOMPARE(dialog.importedRows(), 20LL);
        QVERIFY2(dialog.statusLabel()->text().contains("Skipped 3 bad rows of 23; first: data.csv:22:2"),
            qPrintable(dialog.statusLabel()->text()));
        QVERIFY(dialog.okButton()->isEnabled());
        QCOMPARE(std::get<bool>(dialog.parameters().at("skip_bad_rows")), true);
    }

    void okSetsTheFormsProblem()
    {
        const QString path = writeFile(m_dir, goodCsv(60), QStringLiteral("mine.csv"));
        gui::CsvImportDialog dialog;
        dialog.openFile(path);
        dialog.setTarget("y", true, data::TargetKind::Regression);
        dialog.setTarget("c", true, data::TargetKind::Classification);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.errorText()));
        QVERIFY(dialog.statusLabel()->text().contains("c (classification, 3 classes)"));

        gui::ExperimentForm form;
        dialog.applyTo(form);
        QCOMPARE(form.problemCombo()->currentData().toString(), QString("csv"));
        QVERIFY2(form.isValid(), qPrintable(form.validationMessage()));
        const engine::Experiment& e = *form.experiment();
        QCOMPARE(e.problem, std::string("csv"));
        QCOMPARE(std::get<std::string>(e.problemParams.at("path")), path.toStdString());
        QCOMPARE(std::get<std::string>(e.problemParams.at("features")), std::string("a, b"));
        QCOMPARE(std::get<std::string>(e.problemParams.at("targets")), std::string("y:regression, c:classification"));
        QCOMPARE(std::get<bool>(e.problemParams.at("skip_bad_rows")), false);

        // Re-opening from the form's parameters restores the choices.
        gui::CsvImportDialog again;
        again.setParameters(form.problemForm()->values());
        QVERIFY2(again.isValid(), qPrintable(again.errorText()));
        QCOMPARE(again.parameters(), dialog.parameters());
    }

    void guessesClassificationForLabels()
    {
        gui::CsvImportDialog dialog;
        dialog.openFile(writeFile(m_dir, goodCsv()));
        dialog.setTarget("c", true, data::TargetKind::Regression);
        // Text labels as a regression target: the importer refuses them with line and column.
        QVERIFY(dialog.errorText().startsWith("data.csv:2:4 (column 'c'): non-numeric value 'red'"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestCsvImportDialog)
#include "tst_csv_import_dialog.moc"

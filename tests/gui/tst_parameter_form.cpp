// The schema-generated form: editors per type, defaults, tooltips with the paper, and bad values
// refused at the field with a visible reason.
#include "gui/parameter_form.h"
#include "gui_test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace mtw;
using core::ParameterSpec;

class TestParameterForm : public QObject {
    Q_OBJECT
private:
    static core::ParameterSchema schema()
    {
        return {
            ParameterSpec::real("lr", 0.01, 0.0, 1.0, "Step size"),
            ParameterSpec::integer("iters", 20, 1, 100, "Iterations"),
            ParameterSpec::boolean("flag", true, "A switch"),
            ParameterSpec::choice("mode", "b", { "a", "b" }, "Mode"),
            ParameterSpec::realList("start", { -8.5, 7.5 }, -100, 100, "Start point"),
        };
    }

private Q_SLOTS:
    void editorsAndDefaults()
    {
        gui::ParameterForm form;
        form.setSchema(schema(), QStringLiteral("method.params"), QStringLiteral("Someone 2020, A Paper, Eq. 3"));
        QVERIFY(qobject_cast<QLineEdit*>(form.editor(QStringLiteral("lr"))));
        QVERIFY(qobject_cast<QCheckBox*>(form.editor(QStringLiteral("flag"))));
        QCOMPARE(qobject_cast<QComboBox*>(form.editor(QStringLiteral("mode")))->currentText(), QStringLiteral("b"));
        QCOMPARE(qobject_cast<QLineEdit*>(form.editor(QStringLiteral("start")))->text(), QStringLiteral("-8.5, 7.5"));
        QVERIFY(!form.hasErrors());
        const auto values = form.values();
        QCOMPARE(std::get<double>(values.at("lr")), 0.01);
        QCOMPARE(std::get<long long>(values.at("iters")), 20LL);
        QVERIFY(std::get<std::vector<double>>(values.at("start")) == (std::vector<double> { -8.5, 7.5 }));
        const QString tip = form.editor(QStringLiteral("lr"))->toolTip();
        QVERIFY(tip.contains(QStringLiteral("Step size")));
        QVERIFY(tip.contains(QStringLiteral("Someone 2020, A Paper, Eq. 3")));
        QVERIFY(tip.contains(QStringLiteral("Default: 0.01")));
    }

    void badValuesAreMarkedAtTheField_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not-a-number") << "lr"
                                      << "abc"
                                      << "must be a number";
        QTest::newRow("out-of-range") << "lr"
                                      << "2"
                                      << "must be in [0, 1]";
        QTest::newRow("negative") << "lr"
                                  << "-0.5"
                                  << "must be in [0, 1]";
        QTest::newRow("fraction-for-integer") << "iters"
                                              << "2.5"
                                              << "whole number";
        QTest::newRow("integer-too-big") << "iters"
                                         << "1000"
                                         << "must be in [1, 100]";
        QTest::newRow("bad-list-entry") << "start"
                                        << "1, x"
                                        << "'x' is not a number";
        QTest::newRow("list-entry-out-of-range") << "start"
                                                 << "1, 1000"
                                                 << "entries must be in";
    }

    void badValuesAreMarkedAtTheField()
    {
        QFETCH(QString, name);
        QFETCH(QString, text);
        QFETCH(QString, reason);
        gui::ParameterForm form;
        form.setSchema(schema(), QStringLiteral("method.params"));
        form.show();
        QSignalSpy edited(&form, &gui::ParameterForm::edited);
        auto* edit = qobject_cast<QLineEdit*>(form.editor(name));
        edit->selectAll();
        QTest::keyClicks(edit, text); // typed like a user
        QVERIFY(edited.count() > 0);
        QLabel* error = form.errorLabel(name);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(reason), qPrintable(error->text()));
        QVERIFY(!edit->styleSheet().isEmpty()); // the field is drawn red
        QVERIFY(form.firstError().startsWith(QStringLiteral("method.params.") + name + QStringLiteral(": ")));
        edit->setText(QStringLiteral("5"));
        if (name == QLatin1String("start"))
            edit->setText(QStringLiteral("1, 2"));
        if (name == QLatin1String("lr"))
            edit->setText(QStringLiteral("0.5"));
        QVERIFY(!error->isVisible());
        QVERIFY(!form.hasErrors());
    }

    void requiredParameterWithoutDefault()
    {
        ParameterSpec required = ParameterSpec::integer("n_byzantine", 0, 0, 100, "Assumed Byzantine tasks");
        required.required = true;
        gui::ParameterForm form;
        form.setSchema({ required }, QStringLiteral("method.params"));
        QVERIFY(form.hasErrors());
        QVERIFY(form.firstError().contains(QStringLiteral("is required")));
        QVERIFY(form.values().empty());
        form.setText(QStringLiteral("n_byzantine"), QStringLiteral("1"));
        QVERIFY(!form.hasErrors());
        QCOMPARE(std::get<long long>(form.values().at("n_byzantine")), 1LL);
    }

    void externalErrorsShowAtTheField()
    {
        gui::ParameterForm form;
        form.setSchema(schema(), QStringLiteral("training"));
        form.show();
        form.setExternalError(QStringLiteral("iters"), QStringLiteral("too many for this problem"));
        QVERIFY(form.errorLabel(QStringLiteral("iters"))->isVisible());
        form.setExternalError(QString(), QStringLiteral("cross-check failed"));
        QVERIFY(form.formErrorLabel()->isVisible());
        form.clearExternalErrors();
        QVERIFY(!form.errorLabel(QStringLiteral("iters"))->isVisible());
        QVERIFY(!form.formErrorLabel()->isVisible());
    }
};

QTEST_MAIN(TestParameterForm)
#include "tst_parameter_form.moc"

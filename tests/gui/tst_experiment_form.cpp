// The experiment dock: a form for every problem and method of the registries, defaults filled,
// tooltips citing the paper, the whole experiment validated by the engine's reader with the
// reason shown at the field, and the JSON round trip.
#include "engine/sweep_plan.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "gui_test_support.h"
#include "mtl/method_registry.h"
#include "problem/problem_registry.h"

#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace mtw;

class TestExperimentForm : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_settings.path()); }

    void defaultExperimentIsValid()
    {
        gui::ExperimentForm form;
        QVERIFY2(form.isValid(), qPrintable(form.validationMessage()));
        QVERIFY(form.validationLabel()->text().contains(QStringLiteral("Ready")));
    }

    // Issue 11 polish: the number of experts was shown for every model.
    void expertsOnlyForTheMixtureOfExperts()
    {
        gui::ExperimentForm form;
        form.show();
        form.selectProblem(QStringLiteral("synthetic_family"));
        auto* architecture = qobject_cast<QComboBox*>(form.modelForm()->editor(QStringLiteral("architecture")));
        QVERIFY(architecture);
        QCOMPARE(architecture->currentText(), QStringLiteral("mlp"));
        QVERIFY(!form.modelForm()->isFieldVisible(QStringLiteral("experts")));
        architecture->setCurrentText(QStringLiteral("mmoe"));
        QVERIFY(form.modelForm()->isFieldVisible(QStringLiteral("experts")));
        architecture->setCurrentText(QStringLiteral("mlp"));
        QVERIFY(!form.modelForm()->isFieldVisible(QStringLiteral("experts")));
    }

    void everyProblemHasItsForm()
    {
        gui::ExperimentForm form;
        form.show();
        const auto problems = problem::ProblemRegistry::instance().all();
        QCOMPARE(form.problemCombo()->count(), static_cast<int>(problems.size()));
        for (const problem::ProblemSpec* spec : problems) {
            form.selectProblem(QString::fromStdString(spec->id));
            for (const core::ParameterSpec& p : spec->parameters)
                QVERIFY2(form.problemForm()->editor(QString::fromStdString(p.name)), p.name.c_str());
            QCOMPARE(form.findChild<QGroupBox*>(QStringLiteral("modelGroup"))->isVisible(), spec->usesModel);
            // Valid, or the reason is visible (a data set missing on this machine).
            QVERIFY(form.isValid() || form.validationLabel()->text().contains(QStringLiteral("Cannot start")));
            qInfo("%s: %s", spec->id.c_str(), qPrintable(form.validationLabel()->text()));
        }
    }

    void everyMethodHasItsSchemaForm()
    {
        gui::ExperimentForm form;
        int methods = 0;
        for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all()) {
            form.selectMethod(QString::fromStdString(spec->id));
            QCOMPARE(form.methodCombo()->currentData().toString(), QString::fromStdString(spec->id));
            bool required = false;
            for (const core::ParameterSpec& p : spec->parameters) {
                QWidget* editor = form.methodForm()->editor(QString::fromStdString(p.name));
                QVERIFY2(editor, p.name.c_str());
                QVERIFY2(
                    editor->toolTip().contains(QString::fromStdString(spec->paper).toHtmlEscaped()), p.name.c_str());
                required = required || p.required;
            }
            // Defaults filled: valid unless the method has a required parameter or needs more tasks.
            if (!required && !spec->validate)
                QVERIFY2(
                    form.isValid(), qPrintable(spec->id.c_str() + QStringLiteral(": ") + form.validationMessage()));
            ++methods;
        }
        QVERIFY(methods >= 5);
    }

    void invalidValuesDisableAndExplain_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("negative-learning-rate") << "optimizer"
                                                << "lr"
                                                << "-1"
                                                << "must be in";
        QTest::newRow("learning-rate-text") << "optimizer"
                                            << "lr"
                                            << "fast"
                                            << "must be a number";
        QTest::newRow("zero-steps") << "training"
                                    << "steps"
                                    << "0"
                                    << "must be in [1";
        QTest::newRow("negative-seed") << "training"
                                       << "seed"
                                       << "-3"
                                       << "must be in";
        QTest::newRow("zero-record-every") << "diagnostics"
                                           << "record_every"
                                           << "0"
                                           << "must be in [1";
    }

    void invalidValuesDisableAndExplain()
    {
        QFETCH(QString, section);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QString, reason);
        gui::ExperimentForm form;
        form.show();
        QSignalSpy validity(&form, &gui::ExperimentForm::validityChanged);
        gui::ParameterForm* sectionForm = form.sectionForm(section);
        QVERIFY(sectionForm);
        auto* edit = qobject_cast<QLineEdit*>(sectionForm->editor(field));
        edit->selectAll();
        QTest::keyClicks(edit, text);
        QVERIFY(!form.isValid());
        QCOMPARE(validity.count(), 1);
        QVERIFY(sectionForm->errorLabel(field)->isVisible());
        QVERIFY2(sectionForm->errorLabel(field)->text().contains(reason),
            qPrintable(sectionForm->errorLabel(field)->text()));
        QVERIFY(form.validationLabel()->isVisible());
        QVERIFY2(form.validationLabel()->text().contains(section + QLatin1Char('.') + field),
            qPrintable(form.validationLabel()->text()));
    }

    void methodParameterOutOfRange()
    {
        gui::ExperimentForm form;
        form.show();
        form.selectMethod(QStringLiteral("cagrad"));
        form.methodForm()->setText(QStringLiteral("c"), QStringLiteral("-1"));
        QVERIFY(!form.isValid());
        QTRY_VERIFY(form.methodForm()->errorLabel(QStringLiteral("c"))->isVisible()); // new rows show on the next event
        QVERIFY(form.validationMessage().startsWith(QStringLiteral("method.params.c")));
        form.methodForm()->setText(QStringLiteral("c"), QStringLiteral("0.5"));
        QVERIFY(form.isValid());
        QCOMPARE(std::get<double>(form.experiment()->methodParams.at("c")), 0.5);
    }

    void problemCrossCheckShownAtTheProblem()
    {
        gui::ExperimentForm form;
        form.show();
        form.selectProblem(QStringLiteral("cagrad_toy"));
        form.problemForm()->setText(QStringLiteral("start"), QStringLiteral("1, 2, 3")); // needs two numbers
        QVERIFY(!form.isValid());
        QVERIFY2(form.problemForm()->formErrorLabel()->isVisible()
                || form.problemForm()->errorLabel(QStringLiteral("start"))->isVisible(),
            qPrintable(form.validationMessage()));
        QVERIFY(form.validationMessage().contains(QStringLiteral("two numbers")));
    }

    void trainingModeChoice()
    {
        gui::ExperimentForm form;
        form.show();
        form.selectProblem(QStringLiteral("cagrad_toy"));
        form.selectMethod(QStringLiteral("mgda"));
        form.selectMode(QStringLiteral("selective_groups"));
        // Group steps need loss weights: MGDA is refused, at the mode's form.
        QVERIFY(!form.isValid());
        QVERIFY2(form.validationMessage().contains(QStringLiteral("scalarization or loss-weighting")),
            qPrintable(form.validationMessage()));
        QTRY_VERIFY(form.modeForm()->formErrorLabel()->isVisible());
        form.selectMethod(QStringLiteral("ew"));
        QVERIFY2(form.isValid(), qPrintable(form.validationMessage()));
        QCOMPARE(form.experiment()->mode, std::string("selective_groups"));
        QVERIFY(form.validationLabel()->text().contains(QStringLiteral("ew (selective_groups)")));
        // The mode's own parameters come from its schema.
        form.modeForm()->setText(QStringLiteral("warmup"), QStringLiteral("7"));
        QCOMPARE(std::get<long long>(form.experiment()->modeParams.at("warmup")), 7LL);
        form.selectMode(QStringLiteral("task_sam"));
        form.modeForm()->setText(QStringLiteral("rho"), QStringLiteral("-2"));
        QVERIFY(!form.isValid());
        QVERIFY(form.validationMessage().startsWith(QStringLiteral("mode.params.rho")));
        form.modeForm()->setText(QStringLiteral("rho"), QStringLiteral("0.1"));
        QVERIFY(form.isValid());
        const engine::Experiment back = engine::experimentFromJsonText(form.jsonText().toStdString());
        QCOMPARE(back.mode, std::string("task_sam"));
        QCOMPARE(std::get<double>(back.modeParams.at("rho")), 0.1);
    }

    void jsonRoundTrip()
    {
        gui::ExperimentForm form;
        engine::Experiment demo = engine::demoExperiment("cagrad");
        demo.methodParams["c"] = 0.25;
        demo.optimizer.learningRate = 0.005;
        demo.seed = 42;
        demo.schedule.type = "cosine";
        form.setExperiment(demo);
        QVERIFY2(form.isValid(), qPrintable(form.validationMessage()));
        // The form writes every parameter explicitly (defaults included), so a saved file is
        // self-describing.
        demo.methodParams
            = core::withDefaults(mtl::MethodRegistry::instance().find("cagrad")->parameters, demo.methodParams).all();
        demo.problemParams = core::withDefaults(
            problem::ProblemRegistry::instance().find("cagrad_toy")->parameters, demo.problemParams)
                                 .all();
        QCOMPARE(QString::fromStdString(engine::experimentToJsonText(*form.experiment())),
            QString::fromStdString(engine::experimentToJsonText(demo)));
    }

    void exampleExperimentsLoad()
    {
        const QString dir = qEnvironmentVariable("MTW_SOURCE_DIR") + QStringLiteral("/resources/examples");
        const QStringList files = QDir(dir).entryList({ QStringLiteral("*.json") });
        QVERIFY(!files.isEmpty());
        gui::ExperimentForm form;
        for (const QString& file : files) {
            if (gui::isSweepFile(QDir(dir).filePath(file))) { // a grid of runs: every combination must plan
                QVERIFY(!engine::loadSweepPlan(QDir(dir).filePath(file).toStdString()).combinations.empty());
                continue;
            }
            engine::Experiment e;
            try {
                e = engine::loadExperiment(QDir(dir).filePath(file).toStdString());
            } catch (const std::exception& error) {
                QFAIL(error.what());
            }
            form.setExperiment(e);
            QVERIFY2(form.isValid(), qPrintable(file + QStringLiteral(": ") + form.validationMessage()));
            // Nested blocks too: the trajectory factors survive the dock's round trip.
            QVERIFY2(engine::factorConfigToJson(e.factors) == engine::factorConfigToJson(form.experiment()->factors),
                qPrintable(file));
        }
    }
};

QTEST_MAIN(TestExperimentForm)
#include "tst_experiment_form.moc"

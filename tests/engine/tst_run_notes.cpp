// Tags and a note saved with a run (issue 12): written atomically to <run>/notes.json, tags
// trimmed, sorted and unique, bad files refused with the file's name, a run's own file (so
// `--force` replaces it with the run and a new run refuses a folder holding it), and the `tags`
// study quantity.
#include "engine/run_directory.h"
#include "engine/run_job.h"
#include "engine/run_notes.h"
#include "engine/run_quantities.h"
#include "engine/run_store.h"
#include "synthetic_experiment.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {
engine::Experiment shortRun()
{
    engine::Experiment e = test::syntheticExperiment("ew");
    e.steps = 5;
    return e;
}
} // namespace

class TestRunNotes : public QObject {
    Q_OBJECT
private slots:
    void notesRoundTripAndNormaliseTags()
    {
        QTemporaryDir root;
        const engine::Experiment e = shortRun();
        const std::string run = root.filePath("run").toStdString();
        engine::RunJob(e, run, {}).run(nullptr, nullptr);
        QCOMPARE(engine::readRunNotes(run), engine::RunNotes {}); // no file yet
        engine::writeRunNotes(run, { { " baseline ", "sweep-2", "baseline", "" }, "lr too high?" });
        const engine::RunNotes notes = engine::readRunNotes(run);
        QCOMPARE(notes.tags, (std::vector<std::string> { "baseline", "sweep-2" }));
        QCOMPARE(notes.note, std::string("lr too high?"));
        QVERIFY(!QFile::exists(root.filePath("run/notes.json.tmp")));
        QCOMPARE(engine::RunQuantities(run).value("tags").text, std::string("baseline,sweep-2"));

        try {
            engine::writeRunNotes(run, { { "a,b" }, "" });
            QFAIL("a tag with a comma was written");
        } catch (const engine::RunStoreError& error) {
            QVERIFY(QString(error.what()).contains("comma"));
        }
        try {
            engine::writeRunNotes(root.path().toStdString(), {});
            QFAIL("notes were written into a folder that is not a run");
        } catch (const engine::RunStoreError& error) {
            QVERIFY(QString(error.what()).contains("not a run directory"));
        }
        QFile file(root.filePath("run/notes.json"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"tags\": 3}");
        file.close();
        try {
            engine::readRunNotes(run);
            QFAIL("a malformed notes.json was read");
        } catch (const engine::RunStoreError& error) {
            QVERIFY(QString(error.what()).contains("notes.json") && QString(error.what()).contains("tags"));
        }
    }

    void notesBelongToTheRun()
    {
        QVERIFY(engine::isRunFileName("notes.json"));
        QTemporaryDir root;
        const engine::Experiment e = shortRun();
        const std::string run = root.filePath("run").toStdString();
        engine::RunJob(e, run, {}).run(nullptr, nullptr);
        engine::writeRunNotes(run, { { "old" }, "" });
        engine::RunJobOptions force;
        force.use = engine::RunDirectoryUse::ReplaceRun;
        {
            engine::RunJob job(e, run, force); // --force replaces the run, its notes included
            job.run(nullptr, nullptr);
        }
        QCOMPARE(engine::readRunNotes(run), engine::RunNotes {});
    }
};

QTEST_GUILESS_MAIN(TestRunNotes)
#include "tst_run_notes.moc"

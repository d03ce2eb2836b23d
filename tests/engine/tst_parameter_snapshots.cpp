// Parameter snapshots (diagnostics.parameters_every) and the landscape planes built from them:
// the stored form decodes to the trainer's parameters bit for bit and refuses damaged blobs by
// name; a run stores them at 0, N, 2N, ... and at its end without changing its training; a resume
// drops those after its checkpoint; the follower delivers them to the GUI; the PCA and
// three-point planes of engine::LandscapeJob project them where they are, or say what is missing.
#include "engine/landscape_job.h"
#include "engine/parameter_blob.h"
#include "engine/problem_factory.h"
#include "engine/read_only_database.h"
#include "engine/run_follower.h"
#include "engine/run_job.h"
#include "engine/run_reader.h"
#include "engine/run_store.h"
#include "engine/seed_streams.h"
#include "synthetic_experiment.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <limits>

using namespace mtw;

namespace {

engine::RunOutcome train(const engine::Experiment& e, const std::string& directory)
{
    engine::RunJob job(e, directory, {});
    return job.run(nullptr, nullptr);
}

std::vector<std::shared_ptr<const engine::LandscapeOutcome>> computeLandscape(const engine::LandscapeRequest& request)
{
    std::vector<std::shared_ptr<const engine::LandscapeOutcome>> levels;
    std::atomic<bool> cancel { false };
    engine::LandscapeJob::run(request, cancel, [&](const auto& outcome) { levels.push_back(outcome); });
    return levels;
}

} // namespace

class TestParameterSnapshots : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void blobsDecodeBitForBitAndRefuseDamage()
    {
        Eigen::VectorXf values(5);
        values << 0.0f, -0.0f, 1.5e-42f /* denormal */, std::numeric_limits<float>::max(), -3.25f;
        const std::string blob = engine::encodeParameters(values);
        const Eigen::VectorXf back = engine::decodeParameters(blob.data(), blob.size(), 5);
        QVERIFY(std::memcmp(back.data(), values.data(), sizeof(float) * 5) == 0);
        QVERIFY_THROWS_EXCEPTION(engine::ParameterBlobError, engine::decodeParameters(blob.data(), blob.size(), 6));
        QVERIFY_THROWS_EXCEPTION(engine::ParameterBlobError, engine::decodeParameters("not zlib", 8, 2));
        try {
            engine::decodeParameters(blob.data(), blob.size(), 1LL << 30);
            QFAIL("a count the blob cannot hold was accepted");
        } catch (const engine::ParameterBlobError& error) {
            QCOMPARE(QString(error.what()),
                QString("parameter snapshot of %1 bytes cannot hold 1073741824 values").arg(blob.size()));
        }
    }

    void theExperimentKeyRoundTrips()
    {
        engine::Experiment e = test::syntheticExperiment("ew");
        QVERIFY(engine::experimentToJsonText(e).find("parameters_every") == std::string::npos); // off: not written
        e.parametersEvery = 25;
        QCOMPARE(engine::experimentFromJsonText(engine::experimentToJsonText(e)).parametersEvery, 25LL);
        try {
            engine::experimentFromJsonText(R"({"schema": "mtw-experiment/1", "problem": {"type": "cagrad_toy"},
                "method": {"name": "ew"}, "diagnostics": {"parameters_every": -1}})");
            QFAIL("a negative parameters_every was accepted");
        } catch (const engine::ExperimentError& error) {
            QVERIFY2(QString(error.what()).startsWith("diagnostics.parameters_every"), error.what());
        }
    }

    void aRunStoresItsScheduleAndEndWithoutChangingItsTraining()
    {
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 250;
        const engine::RunOutcome plain = train(e, m_dir.filePath("plain").toStdString());
        e.parametersEvery = 100;
        const std::string directory = m_dir.filePath("stored").toStdString();
        const engine::RunOutcome stored = train(e, directory);
        QVERIFY(plain.finalParameters == stored.finalParameters); // bit for bit
        QCOMPARE(engine::storedParameterSteps(directory), (std::vector<long long> { 0, 100, 200, 250 }));
        QVERIFY(engine::storedParameters(directory, 250) == stored.finalParameters);
        core::Rng init = engine::seedStream(e.seed, engine::SeedStream::InitialParameters);
        QVERIFY(engine::storedParameters(directory, 0) == engine::createProblem(e)->initialParameters(init));
        QVERIFY_THROWS_EXCEPTION(engine::RunStoreError, engine::storedParameters(directory, 150));

        // What the GUI reads: the follower hands every snapshot over once, in step order.
        engine::RunFollower follower(directory);
        std::vector<engine::ParameterRecord> followed;
        while (const engine::SnapshotPtr snapshot = follower.poll(64))
            followed.insert(followed.end(), snapshot->parameterRecords.begin(), snapshot->parameterRecords.end());
        QCOMPARE(followed.size(), std::size_t(4));
        QCOMPARE(followed[2].step, 200LL);
        QVERIFY(followed[3].values == stored.finalParameters);
    }

    void aResumeDropsTheSnapshotsAfterItsCheckpoint()
    {
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 250;
        e.parametersEvery = 100;
        const std::string directory = m_dir.filePath("discard").toStdString();
        train(e, directory);
        {
            engine::RunStore store(directory, e, { "t0", "t1", "t2" });
            store.discardFrom(150);
        }
        QCOMPARE(engine::storedParameterSteps(directory), (std::vector<long long> { 0, 100 }));
    }

    void pcaAndThreePointPlanesOfAStoredRun()
    {
        engine::Experiment e = test::syntheticExperiment("ew");
        e.steps = 200;
        e.parametersEvery = 50;
        const std::string directory = m_dir.filePath("planes").toStdString();
        train(e, directory);
        engine::ReadOnlyDatabase db(directory + "/run.sqlite");
        const std::vector<engine::ParameterRecord> snapshots = engine::readParameterRecords(db);
        QCOMPARE(snapshots.size(), std::size_t(5));

        engine::LandscapeRequest request;
        request.experiment = e;
        request.plane = analysis::PlaneKind::TrajectoryPca;
        request.trajectory = snapshots;
        request.fitWindow = true;
        request.initialResolution = 5;
        request.finalResolution = 9;
        auto levels = computeLandscape(request);
        QVERIFY(!levels.empty());
        const engine::LandscapeOutcome& pca = *levels.back();
        QVERIFY2(pca.error.empty(), pca.error.c_str());
        QVERIFY(pca.result.finished);
        QCOMPARE(pca.result.trajectory.rows(), 5);
        QCOMPARE(pca.trajectorySteps, (std::vector<long long> { 0, 50, 100, 150, 200 }));
        QVERIFY(pca.result.trajectory.row(4).norm() < 1e-6); // centred on the last snapshot
        for (Eigen::Index k = 0; k < 5; ++k) { // the fitted window holds the whole path
            QVERIFY(pca.result.trajectory(k, 0) > pca.result.xs.front()
                && pca.result.trajectory(k, 0) < pca.result.xs.back());
            QVERIFY(pca.result.trajectory(k, 1) > pca.result.ys.front()
                && pca.result.trajectory(k, 1) < pca.result.ys.back());
        }

        request.trajectory.resize(2);
        levels = computeLandscape(request);
        QCOMPARE(levels.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(levels.front()->error),
            QString("the PCA plane needs at least 3 stored parameter snapshots and the run has 2: set "
                    "diagnostics.parameters_every in the experiment (e.g. a 40th of the steps)"));

        request.plane = analysis::PlaneKind::ThreePoints;
        request.trajectory = snapshots;
        request.points = { snapshots[0].values, snapshots[2].values, snapshots[4].values };
        request.pointLabels = { "start", "middle", "end" };
        levels = computeLandscape(request);
        const engine::LandscapeOutcome& three = *levels.back();
        QVERIFY2(three.error.empty(), three.error.c_str());
        QCOMPARE(three.marks.size(), std::size_t(3));
        QCOMPARE(three.marks[1].label, std::string("middle"));
        QVERIFY(std::abs(three.marks[0].a) < 1e-6 && std::abs(three.marks[0].b) < 1e-6);
        QVERIFY(three.marks[1].a > 0 && std::abs(three.marks[1].b) < 1e-4);
        QVERIFY(three.marks[2].b > 0);
        QCOMPARE(three.originNote, std::string("the plane through start, middle and end"));
    }
};

QTEST_GUILESS_MAIN(TestParameterSnapshots)
#include "tst_parameter_snapshots.moc"

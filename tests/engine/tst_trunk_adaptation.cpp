// Few-shot adaptation of stored runs (engine/trunk_adaptation.h, engine/adaptation_store.h): an
// episode recomputed from the run's stored parameters by an independent path (the problem rebuilt
// here, the trunk forwarded sample by sample, the class pools and draw written out), whether a run
// trained the task, the random-init floor, 1 vs 2 threads, the stored file's round trip, and the
// located errors (unknown task, regression task, too many shots, no stored parameters).
#include <tbb/task_arena.h> // before Qt: its `emit` macro breaks oneTBB headers

#include "engine/adaptation_store.h"
#include "engine/problem_factory.h"
#include "engine/run_job.h"
#include "engine/run_reader.h"
#include "engine/trunk_adaptation.h"
#include "problem/hard_sharing_network.h"
#include "synthetic_experiment.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

// Three 4-class tasks; the third never trained (fixed weight 0); parameters stored at the end.
engine::Experiment heldOutExperiment(const std::vector<double>& weights)
{
    engine::Experiment e = test::syntheticExperiment("ew");
    e.problemParams["kind"] = std::string("classification");
    e.problemParams["samples"] = 1200LL;
    e.problemParams["rho"] = 0.8;
    e.method = "fixed";
    e.methodParams = { { "weights", weights } };
    e.parametersEvery = 150;
    return e;
}

void train(const engine::Experiment& e, const std::string& directory)
{
    engine::RunJob job(e, directory, {});
    QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
}

QString errorOf(const engine::AdaptationRequest& request)
{
    try {
        engine::adaptTrunks(request);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestTrunkAdaptation : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_held, m_all;

private slots:
    void initTestCase()
    {
        m_held = m_dir.filePath("held").toStdString();
        m_all = m_dir.filePath("all").toStdString();
        train(heldOutExperiment({ 0.5, 0.5, 0.0 }), m_held);
        engine::Experiment all = heldOutExperiment({ 1.0, 1.0, 1.0 });
        all.method = "ew";
        all.methodParams.clear();
        train(all, m_all);
    }

    void anEpisodeMatchesAnIndependentComputation()
    {
        engine::AdaptationRequest request;
        request.runs = { m_held, m_all };
        request.task = "task3";
        request.options.shots = { 1, 5 };
        request.options.episodes = 4;
        request.options.seed = 9;
        const engine::AdaptationResult result = engine::adaptTrunks(request);
        QCOMPARE(result.trunks.size(), std::size_t { 3 });
        QCOMPARE(result.classes, 4);
        QCOMPARE(result.representationSize, 16);
        QVERIFY(!result.trunks[0].trainedOnTask);
        QVERIFY(result.trunks[0].training.find("weight 0") != std::string::npos);
        QVERIFY(result.trunks[1].trainedOnTask);
        QCOMPARE(result.trunks[2].kind, engine::TrunkKind::RandomInit);
        QCOMPARE(result.trunks[2].label, std::string("synthetic (random init)"));

        // Episode (k = 5, e = 2) of the held-out trunk, by hand.
        const engine::RunRecord run = engine::readRun(m_held);
        const std::unique_ptr<problem::MultiTaskProblem> built = engine::createProblem(run.experiment);
        const auto& network = dynamic_cast<const problem::HardSharingNetwork&>(*built);
        const std::vector<long long> steps = engine::storedParameterSteps(m_held);
        QCOMPARE(steps.back(), 300LL);
        const Eigen::VectorXf theta = engine::storedParameters(m_held, steps.back());
        const data::MultiTaskDataset& data = network.dataset();
        auto represent = [&](core::Index sample) {
            core::Sequential::Workspace work;
            const core::Matrix x = data.features.col(sample);
            Eigen::VectorXd z = network.trunk().forward(theta.data(), x, work).col(0).cast<double>();
            return Eigen::VectorXd(z / z.norm());
        };
        std::vector<std::vector<core::Index>> pools(4);
        for (core::Index s : data.train)
            pools[static_cast<std::size_t>(data.tasks[2].labels[static_cast<std::size_t>(s)])].push_back(s);
        core::Rng rng = core::Rng(9).derive(5).derive(2);
        Eigen::MatrixXd support(16, 20);
        std::vector<int> labels;
        for (int c = 0; c < 4; ++c) {
            std::vector<core::Index> order = pools[static_cast<std::size_t>(c)];
            for (std::size_t i = 0; i < 5; ++i) {
                std::swap(order[i], order[i + rng.index(order.size() - i)]);
                support.col(static_cast<Eigen::Index>(labels.size())) = represent(order[i]);
                labels.push_back(c);
            }
        }
        const analysis::LogisticHead head = analysis::fitLogisticHead(support, labels, 4, request.options.head);
        double correct[4] = {}, count[4] = {};
        for (core::Index s : data.test) {
            const Eigen::VectorXd scores = head.weights * represent(s) + head.bias;
            Eigen::Index best = 0;
            scores.maxCoeff(&best);
            const int label = data.tasks[2].labels[static_cast<std::size_t>(s)];
            count[label] += 1;
            correct[label] += best == label ? 1 : 0;
        }
        double expected = 0, smallest = 1e9;
        for (int c = 0; c < 4; ++c) {
            QVERIFY(count[c] > 0);
            expected += correct[c] / count[c] / 4; // balanced accuracy
            smallest = std::min(smallest, count[c]);
        }
        // One sample's forward alone may round differently in float than in the engine's batch:
        // allow one test sample to flip.
        QVERIFY2(std::abs(result.trunks[0].points[1].accuracies[2] - expected) <= 1.0 / (4 * smallest) + 1e-12,
            qPrintable(QString("%1 vs %2").arg(result.trunks[0].points[1].accuracies[2]).arg(expected)));
        // Above chance, and the trained trunks above the random one at k = 5.
        QVERIFY(result.trunks[0].points[1].mean > 0.4);
        QVERIFY(result.trunks[0].points[1].mean > result.trunks[2].points[1].mean);
    }

    // --step: a stored snapshot instead of the end; an MMoE's representation is its experts stacked.
    void snapshotStepsAndMmoe()
    {
        engine::AdaptationRequest request;
        request.runs = { m_held };
        request.task = "task3";
        request.options.shots = { 5 };
        request.options.episodes = 4;
        request.randomTrunk = false;
        request.step = 150;
        const engine::AdaptationResult middle = engine::adaptTrunks(request);
        QCOMPARE(middle.trunks.front().label, std::string("synthetic @150"));
        QCOMPARE(middle.trunks.front().step, 150LL);
        request.step = -1;
        const engine::AdaptationResult end = engine::adaptTrunks(request);
        QCOMPARE(end.trunks.front().step, 300LL);
        QVERIFY(middle.trunks.front().points[0].accuracies != end.trunks.front().points[0].accuracies);

        // An MMoE on the example CSV (the synthetic family builds MLPs only), trained on the
        // regression target alone and adapted to the classification one.
        const QString csv
            = qEnvironmentVariable("MTW_SOURCE_DIR") + "/resources/examples/regression_classification.csv";
        if (!QFile::exists(csv))
            QSKIP("MTW_SOURCE_DIR is not set (run through ctest)");
        const engine::Experiment mmoe = engine::experimentFromJsonText(R"({"name": "mmoe", "problem": {"type": "csv",
          "params": {"path": ")"
            + csv.toStdString() + R"(", "targets": "target_value:regression,target_class:classification"}},
          "model": {"architecture": "mmoe", "trunk": [16, 8], "experts": 3},
          "method": {"name": "fixed", "params": {"weights": [1, 0]}}, "training": {"steps": 200, "batch_size": 32, "threads": 1}})");
        const std::string directory = m_dir.filePath("mmoe").toStdString();
        train(mmoe, directory);
        request.runs = { directory };
        request.task = "target_class";
        request.options.shots = { 1, 3 };
        request.randomTrunk = true;
        const engine::AdaptationResult experts = engine::adaptTrunks(request);
        QCOMPARE(experts.representationSize, 3 * 8); // three experts of the 16-8 trunk, stacked
        QVERIFY(!experts.trunks.front().trainedOnTask);
        QCOMPARE(experts.trunks.size(), std::size_t { 2 });
        QVERIFY(experts.trunks.front().points[1].mean > 1.0 / experts.classes);
    }

    void sameBitsOnOneAndTwoThreads()
    {
        engine::AdaptationRequest request;
        request.runs = { m_held };
        request.task = "task3";
        request.options.shots = { 2, 10 };
        request.options.episodes = 5;
        engine::AdaptationResult one, two;
        tbb::task_arena(1).execute([&] { one = engine::adaptTrunks(request); });
        tbb::task_arena(2).execute([&] { two = engine::adaptTrunks(request); });
        QCOMPARE(engine::adaptationCsv(one), engine::adaptationCsv(two));
        for (std::size_t t = 0; t < one.trunks.size(); ++t)
            for (std::size_t k = 0; k < 2; ++k)
                QVERIFY(one.trunks[t].points[k].accuracies == two.trunks[t].points[k].accuracies);
    }

    void storedResultsRoundTrip()
    {
        engine::AdaptationRequest request;
        request.runs = { m_held, m_all };
        request.task = "task3";
        request.options.shots = { 1, 3 };
        request.options.episodes = 3;
        const engine::AdaptationResult first = engine::adaptTrunks(request);
        engine::storeAdaptation(first);
        request.task = "task1";
        engine::storeAdaptation(engine::adaptTrunks(request));
        QCOMPARE(engine::readStoredAdaptations(m_held).size(), std::size_t { 4 }); // 2 tasks x (trained, floor)
        QCOMPARE(engine::readStoredAdaptations(m_all).size(), std::size_t { 2 });
        const std::optional<engine::AdaptationResult> back = engine::storedAdaptation({ m_held, m_all }, "task3");
        QVERIFY(back.has_value());
        QCOMPARE(engine::adaptationCsv(*back), engine::adaptationCsv(first));
        // Storing the same task again replaces its entries.
        request.task = "task3";
        request.options.seed = 5;
        engine::storeAdaptation(engine::adaptTrunks(request));
        QCOMPARE(engine::readStoredAdaptations(m_held).size(), std::size_t { 4 });
        QCOMPARE(engine::storedAdaptation({ m_held, m_all }, "task3")->options.seed, std::uint64_t { 5 });
        QVERIFY(!engine::storedAdaptation({ m_held, m_all }, "task2").has_value());
    }

    void badInputIsLocated()
    {
        engine::AdaptationRequest request;
        request.runs = { m_held };
        request.task = "colour";
        QVERIFY2(errorOf(request).contains(QString::fromStdString(m_held)
                     + ": --task: the run has no task 'colour' "
                       "(its tasks: task1, task2, task3)"),
            qPrintable(errorOf(request)));
        request.task = "task3";
        request.options.shots = { 1, 500 };
        QVERIFY2(errorOf(request).contains("shots: 500 per class, but class"), qPrintable(errorOf(request)));

        engine::Experiment regression = test::syntheticExperiment("ew");
        regression.steps = 20;
        regression.parametersEvery = 10;
        const std::string regressionRun = m_dir.filePath("regression").toStdString();
        train(regression, regressionRun);
        request.runs = { regressionRun };
        request.task = "task1";
        request.options.shots = { 1 };
        QVERIFY2(errorOf(request).contains("'task1' is a regression task"), qPrintable(errorOf(request)));

        engine::Experiment bare = heldOutExperiment({ 1.0, 0.0, 0.0 });
        bare.steps = 20;
        bare.parametersEvery = 0;
        const std::string bareRun = m_dir.filePath("bare").toStdString();
        train(bare, bareRun);
        // A run kept without its checkpoint (the GUI's runs, or one copied without it).
        QVERIFY(QFile::remove(QString::fromStdString(bareRun + "/checkpoint.mtwck")));
        request.runs = { bareRun };
        request.task = "task2";
        QVERIFY2(errorOf(request).contains("parameters_every"), qPrintable(errorOf(request)));
        request.step = 7;
        request.runs = { m_held };
        QVERIFY2(errorOf(request).contains("--step: no parameter snapshot at step 7 (stored: 0, 150, 300)"),
            qPrintable(errorOf(request)));
    }
};

QTEST_GUILESS_MAIN(TestTrunkAdaptation)
#include "tst_trunk_adaptation.moc"

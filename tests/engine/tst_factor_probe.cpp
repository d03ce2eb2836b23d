// The trajectory factors on a schedule (engine/factor_config.h, engine/factor_probe.h): the
// diagnostics.factors block's validation at key paths and its round trip; the dense-early
// schedule; a run with factors on trains bit-identically to one with them off (network, toy and
// MMoE, which the probe measures on its own problem instance); factor values do not depend on
// the thread count; the stored magnitude similarity equals its definition from the stored
// gradient norms; the stored factors have the expected names, ranges and steps; SAM from the
// shared task gradients equals SAM from its own single-delta gradient.
#include "analysis/curvature.h"
#include "analysis/task_gradient_oracle.h"
#include "engine/experiment.h"
#include "engine/factor_probe.h"
#include "engine/problem_factory.h"
#include "engine/read_only_database.h"
#include "engine/run_job.h"
#include "engine/run_reader.h"
#include "engine/seed_streams.h"
#include "engine/trainer.h"
#include "problem/mmoe_network.h"
#include "synthetic_experiment.h"

#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <set>
#include <tuple>

using namespace mtw;

namespace {

class Collector final : public engine::Observer {
public:
    void onSnapshot(const engine::SnapshotPtr& snapshot) override
    {
        factors.insert(factors.end(), snapshot->factors.begin(), snapshot->factors.end());
    }
    std::vector<engine::FactorRecord> factors;
};

engine::Experiment withFactors(engine::Experiment e)
{
    e.factors.every = 50;
    e.factors.samples = 128;
    e.factors.batchSize = 32;
    e.factors.sharpnessIterations = 5;
    return e;
}

QString errorOf(const std::string& text)
{
    try {
        engine::experimentFromJsonText(text);
    } catch (const std::exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

std::string toyWith(const std::string& factors)
{
    return R"({"schema": "mtw-experiment/1", "problem": {"type": "cagrad_toy"}, "diagnostics": {"factors": )" + factors
        + "}}";
}

} // namespace

class TestFactorProbe : public QObject {
    Q_OBJECT
private slots:
    void configIsValidatedAtKeyPaths_data()
    {
        QTest::addColumn<QString>("factors");
        QTest::addColumn<QString>("error");
        QTest::newRow("every") << R"({"every": 1.5})"
                               << "diagnostics.factors.every: must be an integer";
        QTest::newRow("negative") << R"({"every": -1})"
                                  << "diagnostics.factors.every: must be in [0";
        QTest::newRow("rho") << R"({"every": 5, "sam_rho": [0.05, -1]})"
                             << "diagnostics.factors.sam_rho[1]: must be in (0, 100]";
        QTest::newRow("rho list") << R"({"sam_rho": 0.05})"
                                  << "diagnostics.factors.sam_rho: must be a list";
        QTest::newRow("fisher") << R"({"fisher": "true"})"
                                << "diagnostics.factors.fisher: must be one of: sampled, empirical, off";
        QTest::newRow("unknown") << R"({"every": 5, "sharpnes": true})"
                                 << "diagnostics.factors.sharpnes: unknown key";
        QTest::newRow("samples") << R"({"samples": 1})"
                                 << "diagnostics.factors.samples: must be in [2";
        QTest::newRow("tag") << R"({"tag_affinity": "yes"})"
                             << "diagnostics.factors.tag_affinity: must be one of: both, lookahead, optimizer, off";
        QTest::newRow("tag eta") << R"({"tag_eta": -0.1})"
                                 << "diagnostics.factors.tag_eta: must be in [0";
        QTest::newRow("top k")
            << R"({"sharpness_top_k": 3, "sharpness_iterations": 2})"
            << "diagnostics.factors.sharpness_iterations: must be at least sharpness_top_k (3), got 2";
    }
    void configIsValidatedAtKeyPaths()
    {
        QFETCH(QString, factors);
        QFETCH(QString, error);
        const QString message = errorOf(toyWith(factors.toStdString()));
        QVERIFY2(message.contains(error), qPrintable(message));
    }

    void configRoundTrips()
    {
        const engine::Experiment e = engine::experimentFromJsonText(toyWith(
            R"({"every": 250, "samples": 300, "sam_rho": [0.01, 0.1], "fisher": "empirical", "coherence": false})"));
        QCOMPARE(e.factors.every, 250LL);
        QCOMPARE(e.factors.samples, 300);
        QCOMPARE(e.factors.samRho, (std::vector<double> { 0.01, 0.1 }));
        QCOMPARE(e.factors.fisher, std::string("empirical"));
        QVERIFY(!e.factors.coherence);
        const engine::Experiment back = engine::experimentFromJsonText(engine::experimentToJsonText(e));
        QCOMPARE(engine::firstDifference(e, back), std::string());
        // Off: the block is not written, so files of runs without factors keep their text.
        QVERIFY(engine::experimentToJsonText(engine::Experiment {}).find("factors") == std::string::npos);
    }

    void scheduleIsDenseEarlyThenEveryAndAtTheEnd()
    {
        engine::FactorConfig c;
        c.every = 100;
        std::vector<long long> due;
        for (long long step = 0; step <= 350; ++step)
            if (c.due(step, 350))
                due.push_back(step);
        QCOMPARE(due, (std::vector<long long> { 0, 1, 2, 4, 8, 16, 32, 64, 100, 200, 300, 350 }));
        c.every = 0;
        QVERIFY(!c.due(0, 10) && !c.due(10, 10));
    }

    void factorsDoNotChangeTraining_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::newRow("mlp") << "mlp";
        QTest::newRow("toy") << "toy";
        QTest::newRow("mmoe") << "mmoe";
    }
    void factorsDoNotChangeTraining()
    {
        QFETCH(QString, problem);
        engine::Experiment off = test::syntheticExperiment("rlw", 3, 2);
        off.steps = 120;
        if (problem == "toy") {
            off = engine::demoExperiment("nash_mtl");
            off.steps = 300;
        } else if (problem == "mmoe") {
            off.modelParams["architecture"] = std::string("mmoe");
            off.modelParams["experts"] = 2LL;
        }
        const engine::Experiment on = withFactors(off);
        Collector collector;
        engine::Trainer measured(on);
        // The architecture asked for (synthetic_family built a hard-sharing MLP for "mmoe" once).
        QCOMPARE(dynamic_cast<const problem::MmoeNetwork*>(&measured.problem()) != nullptr, problem == "mmoe");
        measured.setObserver(&collector);
        const engine::RunOutcome a = measured.run();
        const engine::RunOutcome b = engine::Trainer(off).run();
        QCOMPARE(a.status, engine::RunStatus::Finished);
        QVERIFY(a.finalParameters == b.finalParameters); // bit for bit
        QVERIFY(!collector.factors.empty());
        std::set<std::string> names;
        for (const engine::FactorRecord& f : collector.factors)
            names.insert(f.name);
        QVERIFY(names.count("sharpness") && names.count("sam@0.05") && names.count("loss"));
        // Per-example factors where the probe has per-example gradients (hard sharing only).
        QCOMPARE(names.count("coherence") == 1, problem == "mlp");
    }

    void factorValuesDoNotDependOnThreads()
    {
        std::vector<std::vector<engine::FactorRecord>> runs;
        for (int threads : { 1, 2 }) {
            engine::Experiment e = withFactors(test::syntheticExperiment("ew", 3, threads));
            e.steps = 60;
            Collector collector;
            engine::Trainer trainer(e);
            trainer.setObserver(&collector);
            trainer.run();
            runs.push_back(collector.factors);
        }
        QCOMPARE(runs[0].size(), runs[1].size());
        for (std::size_t i = 0; i < runs[0].size(); ++i) {
            const engine::FactorRecord &a = runs[0][i], &b = runs[1][i];
            QVERIFY2(a.name == b.name && a.step == b.step && a.task == b.task
                    && (a.value == b.value || (std::isnan(a.value) && std::isnan(b.value))),
                qPrintable(QString("%1 at step %2 task %3: %4 vs %5")
                               .arg(QString::fromStdString(a.name))
                               .arg(a.step)
                               .arg(a.task)
                               .arg(a.value, 0, 'g', 17)
                               .arg(b.value, 0, 'g', 17)));
        }
    }

    void samFromSharedGradientsMatchesItsOwnGradient()
    {
        // The probe takes SAM's gradients from the rows of one evaluation of every task's gradient
        // (their sum for the total); samSharpness alone back-propagates one delta per loss. The
        // two differ only in float rounding.
        engine::Experiment e = withFactors(test::syntheticExperiment("ew", 3));
        e.factors.sharpness = false;
        e.factors.samRho = { 0.01, 0.1 };
        auto problem = engine::createProblem(e);
        engine::FactorProbe probe(e, *problem, [] { return std::unique_ptr<problem::MultiTaskProblem>(); });
        core::Rng rng(5);
        const core::Vector theta = problem->initialParameters(rng);
        std::vector<engine::FactorRecord> records;
        probe.measure(theta, 0, records);
        analysis::TaskGradientOracle oracle(
            *problem, engine::seedStream(e.seed, engine::SeedStream::Factors).next(), e.factors.samples);
        int compared = 0;
        for (const engine::FactorRecord& f : records)
            for (double rho : e.factors.samRho)
                if (f.name == engine::FactorProbe::samName(rho)) {
                    const double expected = analysis::samSharpness(oracle, theta.cast<double>(), f.task, rho);
                    QVERIFY2(std::abs(f.value - expected) <= 1e-4 * std::abs(expected) + 1e-9,
                        qPrintable(
                            QString("task %1, rho %2: %3 vs %4").arg(f.task).arg(rho).arg(f.value).arg(expected)));
                    ++compared;
                }
        QCOMPARE(compared, 2 * 4); // two radii for 3 tasks and the total
    }

    void lookaheadAffinitiesAreMatricesOfBothVariants_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("joint") << "joint";
        QTest::newRow("alternating") << "alternating";
    }
    void lookaheadAffinitiesAreMatricesOfBothVariants()
    {
        // With plain SGD at the TAG learning rate, the optimizer-consistent step moves the shared
        // parameters exactly as TAG's does (it also moves task s's own head, which changes only
        // L_s): the two agree off the diagonal, up to the single precision the optimizer steps in.
        QFETCH(QString, mode);
        engine::Experiment e = withFactors(test::syntheticExperiment("ew", 3));
        e.mode = mode.toStdString();
        e.optimizer.type = "sgd";
        e.optimizer.learningRate = 0.05;
        e.steps = 20;
        e.factors.every = 10;
        e.factors.sharpness = false;
        e.factors.samRho.clear();
        Collector collector;
        engine::Trainer trainer(e);
        trainer.setObserver(&collector);
        QCOMPARE(trainer.run().status, engine::RunStatus::Finished);
        const std::vector<std::string> names = trainer.taskNames();
        std::map<std::tuple<long long, int, std::string>, double> plain, optimizer;
        for (const engine::FactorRecord& f : collector.factors) {
            if (f.name.rfind(engine::tagAffinityPrefix, 0) == 0)
                plain[{ f.step, f.task, f.name.substr(std::string(engine::tagAffinityPrefix).size()) }] = f.value;
            if (f.name.rfind(engine::tagOptimizerPrefix, 0) == 0)
                optimizer[{ f.step, f.task, f.name.substr(std::string(engine::tagOptimizerPrefix).size()) }] = f.value;
        }
        QCOMPARE(plain.size(), std::size_t(9 * 7)); // T^2 at steps 0, 1, 2, 4, 8, 10, 20
        QCOMPARE(optimizer.size(), plain.size());
        double largest = 0;
        for (const auto& [key, z] : plain) {
            const auto& [step, source, target] = key;
            QVERIFY(std::isfinite(z));
            if (names[static_cast<std::size_t>(source)] == target)
                QVERIFY2(step > 0 || z > 0, "a small step on a task's own gradient lowers its loss");
            else
                largest = std::max(largest, std::abs(optimizer[key] - z) / (std::abs(z) + 1e-2));
        }
        QVERIFY2(largest < 1e-3, qPrintable(QString::number(largest)));
    }

    void optimizerVariantFollowsAdam()
    {
        // Adam's first steps move every coordinate by about lr: a different step than TAG's.
        engine::Experiment e = withFactors(test::syntheticExperiment("ew", 2));
        e.steps = 4;
        e.factors.every = 4;
        e.factors.sharpness = false;
        e.factors.tagAffinity = "optimizer";
        Collector collector;
        engine::Trainer trainer(e);
        trainer.setObserver(&collector);
        trainer.run();
        int optimizer = 0;
        for (const engine::FactorRecord& f : collector.factors) {
            QVERIFY(f.name.rfind(engine::tagAffinityPrefix, 0) != 0);
            optimizer += f.name.rfind(engine::tagOptimizerPrefix, 0) == 0 && std::isfinite(f.value);
        }
        QCOMPARE(optimizer, 4 * 4); // T^2 at steps 0, 1, 2, 4
    }

    void storedFactorsHaveTheirNamesRangesAndSteps()
    {
        QTemporaryDir root;
        engine::Experiment e = withFactors(test::syntheticExperiment("pcgrad", 2));
        e.steps = 100;
        e.factors.samRho = { 0.01, 0.1 };
        e.factors.sharpnessTopK = 2;
        const std::string directory = root.filePath("run").toStdString();
        engine::RunJob job(e, directory, {});
        QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
        engine::ReadOnlyDatabase db(directory + "/run.sqlite");
        std::map<std::string, std::set<long long>> steps;
        std::map<std::pair<long long, int>, std::vector<double>> eigenvalues; // sharpness, sharpness_2
        for (const engine::FactorRecord& f : engine::readFactors(db)) {
            if (f.name == "sharpness" || f.name == "sharpness_2")
                eigenvalues[{ f.step, f.task }].push_back(f.value);
            steps[f.name].insert(f.step);
            const double v = f.value;
            if (f.name == "coherence")
                QVERIFY2(v > 0 && v <= 1 + 1e-12, qPrintable(QString::number(v)));
            if (f.name == "within_task_cosine")
                QVERIFY(v >= -1 - 1e-12 && v <= 1 + 1e-12);
            if (f.name == "sharpness_products") // at most sharpness_iterations (5), negative if unconverged
                QVERIFY(v != 0 && std::abs(v) <= 5);
            if (f.name == "fisher_trace" || f.name == "loss" || f.name == "gradient_norm")
                QVERIFY(v > 0);
            if (f.name.rfind("sam@", 0) == 0 || f.name.rfind("sharpness", 0) == 0)
                QVERIFY(std::isfinite(v));
            QCOMPARE(
                f.task >= 0 || f.name == "loss" || f.name.rfind("sharpness", 0) == 0 || f.name.rfind("sam@", 0) == 0,
                true);
        }
        const std::set<long long> expected { 0, 1, 2, 4, 8, 16, 32, 50, 100 };
        for (const char* name : { "loss", "sharpness", "sharpness_2", "sam@0.01", "sam@0.1", "fisher_trace",
                 "coherence", "noise_scale", "gradient_norm", "within_task_cosine" })
            QVERIFY2(steps[name] == expected, name);
        QVERIFY(engine::readFactors(db, 10, 60).size() > 0);
        for (const auto& [key, values] : eigenvalues) // by decreasing magnitude (name order: sharpness first)
            QVERIFY(values.size() == 2 && std::abs(values[0]) >= std::abs(values[1]));
        // The magnitude similarity of every recorded step, against its definition from the stored
        // gradient norms: GMS = 2 |g_1| |g_2| / (|g_1|^2 + |g_2|^2) for two tasks.
        const std::vector<engine::FactorRecord> all = engine::readFactors(db, -1, 1LL << 40, true);
        std::map<long long, double> similarity;
        for (const engine::FactorRecord& f : all)
            if (f.name == "magnitude_similarity")
                similarity[f.step] = f.value;
        QCOMPARE(similarity.size(), std::size_t(100));
        engine::Statement norms(db, "SELECT step, grad_norm FROM task_steps ORDER BY step, task");
        std::map<long long, std::vector<double>> byStep;
        while (norms.next())
            byStep[norms.integer(0)].push_back(norms.real(1));
        for (const auto& [step, g] : byStep) {
            const double expectedGms = 2 * g[0] * g[1] / (g[0] * g[0] + g[1] * g[1]);
            QVERIFY2(std::abs(similarity[step] - expectedGms) < 1e-12, qPrintable(QString::number(step)));
        }
    }
};

QTEST_GUILESS_MAIN(TestFactorProbe)
#include "tst_factor_probe.moc"

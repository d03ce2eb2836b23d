// The training modes against hand computations: alternating per-task steps and task-based SAM on
// the CAGrad toy (exact gradients), alternating steps on a network reuse one mini-batch,
// selective group updates train, group and record their affinity; the experiment file rejects
// modes that do not fit the method or the gradient space.
#include "data/synthetic_task_family.h"
#include "engine/problem_factory.h"
#include "engine/single_task_baselines.h"
#include "engine/trainer.h"
#include "mtl/solvers/min_norm_solver.h"
#include "problem/cagrad_toy.h"
#include "synthetic_experiment.h"

#include <QTest>

using namespace mtw;

namespace {

// In the toy's smooth quadratic region below the Pareto set, where the task gradients conflict
// (so MGDA's weights are interior and split / joint SAM aggregation differ).
const Eigen::Vector2d start(-3.0, -6.0);

engine::Experiment toy(const std::string& method, const std::string& mode, engine::ParameterMap modeParams = {})
{
    engine::Experiment e = engine::demoExperiment(method);
    e.problemParams["start"] = std::vector<double> { start(0), start(1) };
    e.mode = mode;
    e.modeParams = std::move(modeParams);
    e.optimizer.type = "sgd";
    e.optimizer.learningRate = 0.01;
    e.steps = 10;
    e.threads = 1;
    return e;
}

// Exact toy gradients at x (rows: tasks) and losses.
Eigen::MatrixXd toyJacobian(const Eigen::Vector2d& x, Eigen::VectorXd* losses = nullptr)
{
    const problem::CagradToy problem(start, Eigen::Vector2d(1, 1));
    Eigen::VectorXd l;
    Eigen::MatrixXd J;
    problem.value(x, l, &J);
    if (losses)
        *losses = l;
    return J;
}

Eigen::Vector2d afterOneStep(const engine::Experiment& e)
{
    engine::Trainer trainer(e);
    const std::string failure = trainer.advance(1);
    if (!failure.empty())
        qFatal("%s", failure.c_str());
    return trainer.parameters().cast<double>();
}

engine::Experiment synthetic(int tasks, const std::string& mode, engine::ParameterMap modeParams, int threads = 1)
{
    engine::Experiment e = test::syntheticExperiment("ew", tasks, threads, 5);
    e.mode = mode;
    e.modeParams = std::move(modeParams);
    e.steps = 200;
    e.evaluateEvery = 0;
    return e;
}

class LastSnapshot final : public engine::Observer {
public:
    void onSnapshot(const engine::SnapshotPtr& snapshot) override
    {
        for (const engine::StepRecord& r : snapshot->steps)
            records.push_back(r);
    }
    std::vector<engine::StepRecord> records;
};

} // namespace

class TestTrainingModes : public QObject {
    Q_OBJECT
private slots:
    void alternatingStepsOnTheToyByHand()
    {
        // theta1 = theta0 - lr g1(theta0); theta2 = theta1 - lr g2(theta1) (EW: each task weight T/T = 1).
        const Eigen::Vector2d x0 = start.cast<float>().cast<double>();
        const Eigen::Vector2d x1 = x0 - 0.01 * toyJacobian(x0).row(0).transpose();
        const Eigen::Vector2d x2 = x1 - 0.01 * toyJacobian(x1).row(1).transpose();
        const Eigen::Vector2d got = afterOneStep(toy("ew", "alternating"));
        QVERIFY2((got - x2).norm() < 1e-5,
            qPrintable(QString("got (%1, %2), expected (%3, %4)").arg(got(0)).arg(got(1)).arg(x2(0)).arg(x2(1))));
        // Not the joint step.
        const Eigen::Vector2d joint = x0 - 0.01 * 0.5 * toyJacobian(x0).colwise().sum().transpose();
        QVERIFY((got - joint).norm() > 1e-4);
    }

    void taskSamOnTheToyByHand_data()
    {
        QTest::addColumn<bool>("adaptive");
        QTest::newRow("sam") << false;
        QTest::newRow("adaptive") << true;
    }
    void taskSamOnTheToyByHand()
    {
        QFETCH(bool, adaptive);
        const double rho = 0.05;
        const Eigen::Vector2d x = start.cast<float>().cast<double>();
        Eigen::VectorXd losses;
        const Eigen::MatrixXd J = toyJacobian(x, &losses);
        Eigen::MatrixXd sam(2, 2);
        for (int t = 0; t < 2; ++t) {
            const Eigen::Vector2d g = J.row(t).transpose();
            const Eigen::Vector2d scale = adaptive ? Eigen::Vector2d(x.cwiseAbs()) : Eigen::Vector2d::Ones();
            const Eigen::Vector2d eps = rho * scale.cwiseProduct(scale).cwiseProduct(g) / scale.cwiseProduct(g).norm();
            sam.row(t) = toyJacobian(x + eps).row(t);
        }
        // EW: agg(g) + agg(h) = mean(g) + mean(g_SAM - g) = mean(g_SAM).
        const Eigen::Vector2d expected = x - 0.01 * 0.5 * sam.colwise().sum().transpose();
        engine::Experiment e = toy("ew", "task_sam", { { "rho", rho }, { "adaptive", adaptive } });
        const Eigen::Vector2d got = afterOneStep(e);
        QVERIFY2((got - expected).norm() < 1e-5,
            qPrintable(
                QString("got (%1, %2), expected (%3, %4)").arg(got(0)).arg(got(1)).arg(expected(0)).arg(expected(1))));
    }

    void taskSamSplitsTheAggregation()
    {
        // MGDA (T = 2 closed form) on {g_i} and on {h_i} separately, versus on {g_SAM_i}.
        const double rho = 0.5;
        const Eigen::Vector2d x = start.cast<float>().cast<double>();
        const Eigen::MatrixXd G = toyJacobian(x);
        Eigen::MatrixXd S(2, 2);
        for (int t = 0; t < 2; ++t) {
            const Eigen::Vector2d g = G.row(t).transpose();
            S.row(t) = toyJacobian(x + rho * g / g.norm()).row(t);
        }
        const Eigen::MatrixXd H = S - G;
        const auto minNorm = [](const Eigen::MatrixXd& rows) {
            const Eigen::MatrixXd gram = rows * rows.transpose();
            const double gamma = mtl::solvers::MinNormSolver::twoTaskWeight(gram(0, 0), gram(0, 1), gram(1, 1));
            return Eigen::Vector2d(gamma * rows.row(0).transpose() + (1 - gamma) * rows.row(1).transpose());
        };
        // lr 1, so that the difference of the two directions (~1.5e-3 here) shows in one step.
        const Eigen::Vector2d split = x - (minNorm(G) + minNorm(H));
        const Eigen::Vector2d joint = x - minNorm(S);
        QVERIFY((split - joint).norm() > 1e-3);
        engine::Experiment splitRun = toy("mgda", "task_sam", { { "rho", rho } });
        engine::Experiment jointRun = toy("mgda", "task_sam", { { "rho", rho }, { "split", false } });
        splitRun.optimizer.learningRate = jointRun.optimizer.learningRate = 1.0;
        const Eigen::Vector2d gotSplit = afterOneStep(splitRun);
        const Eigen::Vector2d gotJoint = afterOneStep(jointRun);
        QVERIFY2((gotSplit - split).norm() < 1e-5, qPrintable(QString::number((gotSplit - split).norm())));
        QVERIFY2((gotJoint - joint).norm() < 1e-5, qPrintable(QString::number((gotJoint - joint).norm())));
    }

    void taskSamRecordsSharpness()
    {
        engine::Experiment e = toy("ew", "task_sam", { { "rho", 0.05 } });
        engine::Trainer trainer(e);
        LastSnapshot observer;
        trainer.setObserver(&observer);
        QCOMPARE(trainer.run().status, engine::RunStatus::Finished);
        QVERIFY(!observer.records.empty());
        const std::map<std::string, double>& extras = observer.records.front().extras;
        QVERIFY(extras.count("sharpness:L1") && extras.count("flatness_norm:L2"));
        // At the start: L_1(x + eps_1) - L_1(x) by hand.
        const Eigen::Vector2d x = start.cast<float>().cast<double>();
        Eigen::VectorXd before, after;
        const Eigen::Vector2d g = toyJacobian(x, &before).row(0).transpose();
        toyJacobian(x + 0.05 * g / g.norm(), &after);
        QVERIFY(std::abs(extras.at("sharpness:L1") - (after(0) - before(0))) < 1e-5);
    }

    void alternatingStepsReuseOneBatch()
    {
        // A 3-task network, SGD: the trainer's alternating step equals three manual per-task steps
        // on the same mini-batch.
        engine::Experiment e = synthetic(3, "alternating", {});
        e.optimizer.type = "sgd";
        e.optimizer.learningRate = 0.05;
        engine::Trainer trainer(e);
        QVERIFY(trainer.advance(1).empty());

        std::unique_ptr<problem::MultiTaskProblem> p = engine::createProblem(e);
        core::Rng init = core::Rng(e.seed).derive(0);
        core::Rng batch = core::Rng(e.seed).derive(1);
        core::Vector theta = p->initialParameters(init), direction;
        problem::StepGradients gradients;
        problem::GradientRequest request;
        request.needGramian = false;
        for (int t = 0; t < 3; ++t) {
            p->holdBatch(t > 0);
            p->computeGradients(theta, request, batch, gradients);
            p->combine(Eigen::VectorXd::Unit(3, t), true, direction);
            theta -= 0.05f * direction;
        }
        const float difference = (trainer.parameters() - theta).cwiseAbs().maxCoeff();
        QVERIFY2(difference < 1e-6f, qPrintable(QString::number(difference)));
        // A different batch per task would not match.
        core::Rng other = core::Rng(e.seed).derive(1);
        std::unique_ptr<problem::MultiTaskProblem> q = engine::createProblem(e);
        core::Vector theta2 = q->initialParameters(init = core::Rng(e.seed).derive(0));
        for (int t = 0; t < 3; ++t) {
            q->computeGradients(theta2, request, other, gradients);
            q->combine(Eigen::VectorXd::Unit(3, t), true, direction);
            theta2 -= 0.05f * direction;
        }
        QVERIFY((trainer.parameters() - theta2).cwiseAbs().maxCoeff() > 1e-5f);
    }

    void selectiveGroupsTrainAndRecordAffinity()
    {
        engine::Experiment e = synthetic(4, "selective_groups", { { "warmup", 20LL }, { "beta", 0.01 } });
        engine::Trainer trainer(e);
        const double initial = trainer.problem().lossesAt(trainer.parameters()).mean();
        LastSnapshot observer;
        trainer.setObserver(&observer);
        const engine::RunOutcome outcome = trainer.run();
        QVERIFY2(outcome.status == engine::RunStatus::Finished, outcome.message.c_str());
        QVERIFY2(outcome.finalLosses.mean() < 0.8 * initial,
            qPrintable(QString("%1 -> %2").arg(initial).arg(outcome.finalLosses.mean())));
        const engine::StepRecord& warm = observer.records.at(5);
        QCOMPARE(warm.extras.at("groups"), 4.0); // singletons during the warm-up
        const engine::StepRecord& last = observer.records.back();
        QVERIFY(last.extras.count("affinity:task1>task2"));
        QVERIFY(last.extras.at("affinity:task1>task1") > 0); // each task's own steps lower its loss
        QVERIFY(last.extras.at("groups") >= 1 && last.extras.at("groups") <= 4);
    }

    void modesAreDeterministicAcrossThreads_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("alternating") << "alternating";
        QTest::newRow("selective_groups") << "selective_groups";
        QTest::newRow("task_sam") << "task_sam";
    }
    void modesAreDeterministicAcrossThreads()
    {
        QFETCH(QString, mode);
        engine::ParameterMap params;
        if (mode == "selective_groups")
            params = { { "warmup", 5LL } };
        engine::Experiment one = synthetic(3, mode.toStdString(), params, 1),
                           two = synthetic(3, mode.toStdString(), params, 2);
        one.steps = two.steps = 30;
        engine::Trainer a(one), b(two);
        QVERIFY(a.advance(30).empty());
        QVERIFY(b.advance(30).empty());
        QVERIFY(a.parameters() == b.parameters());
    }

    void experimentFileChecksTheMode_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown") << R"({"name": "sam"})"
                                 << "mode.name: unknown training mode 'sam'";
        QTest::newRow("aggregator in groups") << R"({"name": "selective_groups"})"
                                              << "needs a scalarization or loss-weighting method";
        QTest::newRow("bad param") << R"({"name": "task_sam", "params": {"rho": -1}})"
                                   << "mode.params.rho";
        QTest::newRow("unknown param") << R"({"name": "alternating", "params": {"groups": 2}})"
                                       << "mode.params.groups";
        QTest::newRow("group too large")
            << R"({"name": "alternating", "params": {"group_size": 3, "task_moments": false}})"
            << "group_size 3 exceeds the 2 tasks";
        QTest::newRow("moments with groups") << R"({"name": "alternating", "params": {"group_size": 2}})"
                                             << "task_moments";
    }
    void experimentFileChecksTheMode()
    {
        QFETCH(QString, mode);
        QFETCH(QString, error);
        const std::string method = error.contains("scalarization") ? "mgda" : "ew";
        // (No raw string ending in a quote here: moc's lexer loses the class after one.)
        const std::string text = "{\"schema\": \"mtw-experiment/1\", \"problem\": {\"type\": \"cagrad_toy\"}, "
                                 "\"method\": {\"name\": \""
            + method + "\"}, \"mode\": " + mode.toStdString() + "}";
        try {
            engine::experimentFromJsonText(text);
            QFAIL("accepted");
        } catch (const engine::ExperimentError& e) {
            QVERIFY2(QString(e.what()).contains(error), e.what());
        }
    }

    void samNeedsParameterSpace()
    {
        const std::string text = R"({"schema": "mtw-experiment/1", "problem": {"type": "synthetic_family"},
            "training": {"gradient_space": "representation"}, "mode": {"name": "task_sam"}})";
        QVERIFY_THROWS_EXCEPTION(engine::ExperimentError, engine::experimentFromJsonText(text));
    }

    void baselinesOfGroupModesUseTheJointStep()
    {
        engine::Experiment multi = synthetic(3, "alternating", { { "random_order", true } });
        const engine::Experiment single = engine::singleTaskExperiment(multi, 1, 3, "task2");
        QCOMPARE(single.mode, std::string("joint")); // group steps on one task are one step
        QVERIFY(engine::isBaselineOf(single, multi));
        multi.mode = "task_sam";
        multi.modeParams.clear();
        const engine::Experiment sam = engine::singleTaskExperiment(multi, 0, 3, "task1");
        QCOMPARE(sam.mode, std::string("task_sam")); // single-task SAM is the SAM run's baseline
        QVERIFY(engine::isBaselineOf(sam, multi));
        QVERIFY(!engine::isBaselineOf(single, multi));
    }

    void modeRoundTripsThroughJson()
    {
        engine::Experiment e
            = toy("uw", "alternating", { { "group_size", 2LL }, { "task_moments", false }, { "random_order", true } });
        const engine::Experiment back = engine::experimentFromJsonText(engine::experimentToJsonText(e));
        QCOMPARE(back.mode, std::string("alternating"));
        QCOMPARE(engine::experimentToJsonText(back), engine::experimentToJsonText(e));
    }
};

QTEST_APPLESS_MAIN(TestTrainingModes)
#include "tst_training_modes.moc"

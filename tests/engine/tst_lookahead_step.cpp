// The optimizer-consistent look-ahead step (Wang, Pan & Yu 2024; TrainingMode::lookahead): a
// step of a copy of the run's optimizer on one task's gradient. Against Adam's update computed
// by hand in double; the optimizer itself is left as it was; the other tasks' heads keep their
// values; the block-wise form (group modes) equals a real step of a cloned optimizer, bit for bit.
#include "core/optimizer.h"
#include "engine/blockwise_optimizer.h"
#include "engine/problem_factory.h"
#include "synthetic_experiment.h"

#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

core::Vector randomVector(core::Index size, core::Rng& rng)
{
    core::Vector v(size);
    for (core::Index i = 0; i < size; ++i)
        v(i) = static_cast<core::Scalar>(rng.normal());
    return v;
}

engine::OptimizerFactory adamFactory()
{
    return [] { return std::make_unique<core::Adam>(core::AdamOptions {}); };
}

} // namespace

class TestLookaheadStep : public QObject {
    Q_OBJECT
private slots:
    void singleOptimizerStepByHand()
    {
        const auto problem = engine::createProblem(test::syntheticExperiment("ew", 3));
        core::Rng rng(5);
        const core::Index P = problem->parameterCount();
        core::Adam adam(core::AdamOptions {});
        core::Vector theta = problem->initialParameters(rng);
        for (int k = 0; k < 3; ++k)
            adam.step(theta, randomVector(P, rng), 1e-3);
        const std::vector<core::Vector> momentsBefore = adam.state();
        const core::Vector direction = randomVector(P, rng);
        const double lr = 2e-3;
        const int task = 1;
        core::Vector moved = theta;
        engine::lookaheadWithCopy(adam, adamFactory(), *problem, moved, direction, lr, task);

        // Adam's fourth step by hand (PyTorch's form, default betas and eps), in double.
        std::vector<bool> moves(static_cast<std::size_t>(P), false);
        for (core::Index i = 0; i < problem->sharedParameterCount(); ++i)
            moves[static_cast<std::size_t>(i)] = true;
        for (const problem::ParameterRange& r : problem->taskParameterRanges(task))
            for (core::Index i = r.offset; i < r.offset + r.count; ++i)
                moves[static_cast<std::size_t>(i)] = true;
        const double c1 = 1 - std::pow(0.9, 4), c2 = 1 - std::pow(0.999, 4);
        double largest = 0;
        for (core::Index i = 0; i < P; ++i) {
            const double g = direction(i);
            const double m = 0.9 * momentsBefore[0](i) + 0.1 * g;
            const double v = 0.999 * momentsBefore[1](i) + 0.001 * g * g;
            const double expected = moves[static_cast<std::size_t>(i)]
                ? theta(i) - lr / c1 * m / (std::sqrt(v) / std::sqrt(c2) + 1e-8)
                : theta(i);
            largest = std::max(largest, std::abs(moved(i) - expected));
            if (!moves[static_cast<std::size_t>(i)])
                QCOMPARE(moved(i), theta(i)); // the other heads: exactly unchanged
        }
        QVERIFY2(largest < 1e-6, qPrintable(QString::number(largest)));
        QVERIFY((moved - theta).norm() > 1e-3);
        // The run's optimizer is untouched.
        QCOMPARE(adam.stepCount(), 3LL);
        QVERIFY(adam.state()[0] == momentsBefore[0] && adam.state()[1] == momentsBefore[1]);
    }

    void blockwiseEqualsAClonedStep()
    {
        const auto problem = engine::createProblem(test::syntheticExperiment("ew", 3));
        core::Rng rng(9);
        const core::Index P = problem->parameterCount();
        const int sets = problem->taskCount(); // task-wise moments of the shared block
        engine::BlockwiseOptimizer optimizer(adamFactory(), *problem, sets);
        core::Vector theta = problem->initialParameters(rng);
        for (int k = 0; k < 6; ++k)
            optimizer.step(theta, randomVector(P, rng), 1e-3, { k % 3 }, k % 3);
        mtl::MethodState before;
        optimizer.saveState(before, "");
        const core::Vector direction = randomVector(P, rng);
        for (int task = 0; task < 3; ++task) {
            core::Vector looked = theta;
            optimizer.lookahead(looked, direction, 1e-3, task, task);
            engine::BlockwiseOptimizer clone(adamFactory(), *problem, sets);
            clone.loadState(before, "");
            core::Vector stepped = theta;
            clone.step(stepped, direction, 1e-3, { task }, task);
            QVERIFY(looked == stepped);
            QVERIFY(looked != theta);
        }
        mtl::MethodState after;
        optimizer.saveState(after, "");
        QVERIFY(after == before);
    }
};

QTEST_GUILESS_MAIN(TestLookaheadStep)
#include "tst_lookahead_step.moc"

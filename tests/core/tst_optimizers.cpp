// SGD and Adam against hand-computed steps (PyTorch semantics) and the schedules' factors; Adam's
// parallel update against a scalar reference and with 1 and 2 threads. The finiteness check a step
// makes on its direction and new parameters (core::allFiniteParallel).
// oneTBB before any Qt header: Qt's `emit` macro breaks oneTBB's profiling.h.
#include <tbb/task_arena.h>

#include "common/compare.h"
#include "core/all_finite.h"
#include "core/lr_schedule.h"
#include "core/optimizer.h"

#include <QTest>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mtw;
using core::Vector;

class TestOptimizers : public QObject {
    Q_OBJECT
private slots:
    void sgdWithMomentumAndDecay()
    {
        core::Sgd sgd({ 0.9, 0.0, 0.1, false });
        Vector theta(1), d(1);
        theta << 1.0f;
        d << 2.0f;
        sgd.step(theta, d, 0.5); // g = 2 + 0.1 = 2.1; b = 2.1; theta = 1 - 1.05 = -0.05
        MTW_COMPARE_NEAR(theta(0), -0.05, 1e-6, 1e-7);
        sgd.step(theta, d, 0.5); // g = 2 - 0.005 = 1.995; b = 0.9*2.1 + 1.995 = 3.885; theta = -0.05 - 1.9425
        MTW_COMPARE_NEAR(theta(0), -1.9925, 1e-6, 1e-6);
    }
    void nesterov()
    {
        core::Sgd sgd({ 0.5, 0.0, 0.0, true });
        Vector theta = Vector::Zero(1), d = Vector::Ones(1);
        sgd.step(theta, d, 1.0); // b = 1; g = 1 + 0.5 = 1.5
        MTW_COMPARE_NEAR(theta(0), -1.5, 0, 1e-7);
    }
    void adamFirstStepIsLearningRateTimesSign()
    {
        core::Adam adam({ 0.9, 0.999, 1e-8, 0.0, false });
        Vector theta(2), d(2);
        theta << 1.0f, -1.0f;
        d << 3.0f, -0.25f;
        adam.step(theta, d, 0.01);
        MTW_COMPARE_VECTORS(theta, (Eigen::Vector2d(0.99, -0.99)), 1e-5, 1e-6);
    }
    void adamMatchesTheScalarFormulaOnALongVector()
    {
        // 100k parameters: several blocks of the parallel update, against a scalar reference in
        // double, with L2 decay so every term of the formula counts.
        const core::Index n = 100000;
        core::Adam adam({ 0.9, 0.999, 1e-8, 0.01, false });
        Vector theta(n), d(n);
        Eigen::VectorXd reference(n), m = Eigen::VectorXd::Zero(n), v = Eigen::VectorXd::Zero(n);
        for (core::Index i = 0; i < n; ++i)
            theta(i) = static_cast<float>(std::sin(0.001 * static_cast<double>(i)));
        reference = theta.cast<double>();
        for (int step = 1; step <= 3; ++step) {
            for (core::Index i = 0; i < n; ++i)
                d(i) = static_cast<float>(std::cos(0.002 * static_cast<double>(i) + step));
            adam.step(theta, d, 0.01);
            const double c1 = 1 - std::pow(0.9, step), c2 = 1 - std::pow(0.999, step);
            for (core::Index i = 0; i < n; ++i) {
                const double g = static_cast<double>(d(i)) + 0.01 * reference(i);
                m(i) = 0.9 * m(i) + 0.1 * g;
                v(i) = 0.999 * v(i) + 0.001 * g * g;
                reference(i) -= 0.01 / c1 * m(i) / (std::sqrt(v(i)) / std::sqrt(c2) + 1e-8);
            }
        }
        MTW_COMPARE_VECTORS(theta, reference, 1e-4, 1e-5);
    }

    void adamSameBitsWithOneOrTwoThreads()
    {
        const core::Index n = 70000;
        Vector start(n), d(n);
        for (core::Index i = 0; i < n; ++i) {
            start(i) = static_cast<float>(std::sin(0.01 * static_cast<double>(i)));
            d(i) = static_cast<float>(std::cos(0.003 * static_cast<double>(i)));
        }
        auto run = [&](int threads) {
            core::Adam adam({ 0.9, 0.999, 1e-8, 0.0, false });
            Vector theta = start;
            tbb::task_arena(threads).execute([&] {
                for (int step = 0; step < 3; ++step)
                    adam.step(theta, d, 0.01);
            });
            return theta;
        };
        QVERIFY(run(1) == run(2)); // bit for bit
    }

    // An element's update must not depend on where it falls in the threads' split: alone (every
    // element the last of its vector) or among others (in full packets), the same bits. The array
    // code this replaced took a range's unaligned head and tail in scalars, whose std::sqrt rounds
    // differently from Eigen's packet sqrt (rsqrt and a Newton step).
    void adamElementDoesNotDependOnItsPlace()
    {
        const Eigen::Index n = 1000;
        Vector start(n), d(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            start(i) = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
            d(i) = static_cast<float>(std::cos(0.11 * static_cast<double>(i)) * (1.0 + 0.01 * static_cast<double>(i)));
        }
        core::Adam together({ 0.9, 0.999, 1e-8, 0.01, false });
        Vector theta = start;
        for (int step = 0; step < 3; ++step)
            together.step(theta, d, 0.01);
        int differing = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            core::Adam alone({ 0.9, 0.999, 1e-8, 0.01, false });
            Vector one = start.segment(i, 1), dOne = d.segment(i, 1);
            for (int step = 0; step < 3; ++step)
                alone.step(one, dOne, 0.01);
            differing += std::memcmp(one.data(), theta.data() + i, sizeof(float)) != 0;
        }
        QCOMPARE(differing, 0);
    }

    void adamSecondStepByHand()
    {
        core::Adam adam({ 0.9, 0.999, 1e-8, 0.0, false });
        Vector theta = Vector::Zero(1), d(1);
        d << 1.0f;
        adam.step(theta, d, 0.1);
        d << 3.0f;
        adam.step(theta, d, 0.1);
        const double m = 0.9 * 0.1 + 0.1 * 3, v = 0.999 * 0.001 + 0.001 * 9;
        const double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        MTW_COMPARE_NEAR(theta(0), -0.1 - 0.1 * mHat / (std::sqrt(vHat) + 1e-8), 1e-5, 1e-6);
    }
    void adamwDecouplesDecay()
    {
        core::Adam adamw({ 0.9, 0.999, 1e-8, 0.5, true });
        Vector theta = Vector::Ones(1), d = Vector::Zero(1);
        adamw.step(theta, d, 0.1); // theta *= 1 - 0.05; the Adam step of a zero gradient is 0
        MTW_COMPARE_NEAR(theta(0), 0.95, 1e-6, 1e-7);
        QCOMPARE(adamw.name(), std::string("adamw"));
    }
    void stateRoundTrip()
    {
        core::Adam a({}), b({});
        Vector theta = Vector::Ones(3), d = Vector::Constant(3, 0.5f);
        a.step(theta, d, 0.01);
        b.setState(a.state());
        b.setStepCount(a.stepCount());
        Vector ta = theta, tb = theta;
        a.step(ta, d, 0.01);
        b.step(tb, d, 0.01);
        QCOMPARE(ta, tb);
    }
    void schedules()
    {
        core::LearningRateSchedule s;
        s.kind = core::ScheduleKind::Step;
        s.stepSize = 10;
        s.gamma = 0.5;
        MTW_COMPARE_NEAR(s.factor(25), 0.25, 0, 1e-15);
        s.kind = core::ScheduleKind::Cosine;
        s.totalSteps = 100;
        MTW_COMPARE_NEAR(s.factor(50), 0.5, 0, 1e-12);
        s.warmupSteps = 10;
        MTW_COMPARE_NEAR(s.factor(4), 0.5 * 0.5 * (1 + std::cos(M_PI * 0.04)), 0, 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::scheduleFromName("warp"));
    }
    // A NaN or an infinity anywhere (first, inside a later chunk, last) is found, on any size;
    // the largest finite floats are finite.
    void allFiniteFindsEveryNonFiniteEntry()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
        for (core::Index size : { 1, 5, 40000, 100001 }) {
            Vector values = Vector::Constant(size, 0.5f);
            values(size / 2) = std::numeric_limits<float>::max();
            values(0) = -std::numeric_limits<float>::max();
            QVERIFY(core::allFiniteParallel(values));
            for (core::Index at : { core::Index(0), size / 2 + 1 < size ? size / 2 + 1 : 0, size - 1 })
                for (float bad : { nan, inf, -inf }) {
                    Vector broken = values;
                    broken(at) = bad;
                    QVERIFY(!core::allFiniteParallel(broken));
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestOptimizers)
#include "tst_optimizers.moc"

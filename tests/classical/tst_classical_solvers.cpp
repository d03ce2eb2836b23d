// Linear MTL (classical/): the objective and its gradient (central finite differences, a loss
// computed here), the Lipschitz constant (Jacobi SVD), ISTA and FISTA reaching the optimum (the
// residual and the regularizer's optimality conditions checked independently), the simulated
// AMTL: tau = 0 equal to a cyclic backward-forward sweep written here, tau > 0 converging to the
// same optimum, its KM step, the simulated clock, determinism across thread counts and seeds, and
// bad options rejected with their names.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "classical/amtl_solver.h"
#include "classical/l21_norm.h"
#include "classical/linear_mtl_comparison.h"
#include "classical/proximal_gradient.h"
#include "classical/trace_norm.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <cstring>

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace mtw::classical;

namespace {

// Tasks with different sample counts, W* of rank 2, a little noise.
std::vector<LinearTask> smallTasks(const std::vector<int>& samples, int features, std::uint64_t seed)
{
    mtw::core::Rng rng(seed);
    const int tasks = static_cast<int>(samples.size());
    MatrixXd u(features, 2), b(2, tasks);
    for (Eigen::Index i = 0; i < u.size(); ++i)
        u.data()[i] = rng.normal();
    u.row(features - 1).setZero(); // a feature no task uses (the l2,1 solution drops it)
    for (Eigen::Index i = 0; i < b.size(); ++i)
        b.data()[i] = rng.normal();
    const MatrixXd truth = u * b;
    std::vector<LinearTask> result;
    for (int t = 0; t < tasks; ++t) {
        LinearTask task;
        task.x.resize(samples[static_cast<std::size_t>(t)], features);
        for (Eigen::Index i = 0; i < task.x.size(); ++i)
            task.x.data()[i] = rng.normal();
        task.y = task.x * truth.col(t);
        for (Eigen::Index i = 0; i < task.y.size(); ++i)
            task.y(i) += 0.1 * rng.normal();
        result.push_back(std::move(task));
    }
    return result;
}

LinearMtlProblem smallProblem(Regularizer regularizer, double lambda = 0.2)
{
    return LinearMtlProblem(smallTasks({ 30, 25, 40, 35, 28, 33 }, 5, 3), regularizer, lambda);
}

double lossByHand(const std::vector<LinearTask>& tasks, const MatrixXd& w)
{
    double sum = 0;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        const LinearTask& task = tasks[t];
        double squares = 0;
        for (Eigen::Index i = 0; i < task.x.rows(); ++i) {
            double prediction = 0;
            for (Eigen::Index j = 0; j < task.x.cols(); ++j)
                prediction += task.x(i, j) * w(j, static_cast<Eigen::Index>(t));
            squares += (prediction - task.y(i)) * (prediction - task.y(i));
        }
        sum += squares / (2.0 * static_cast<double>(task.x.rows()));
    }
    return sum;
}

MatrixXd svtByJacobi(const MatrixXd& v, double t)
{
    const Eigen::JacobiSVD<MatrixXd> svd(v, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const VectorXd s = (svd.singularValues().array() - t).max(0.0).matrix();
    return svd.matrixU() * s.asDiagonal() * svd.matrixV().transpose();
}

bool sameBits(const MatrixXd& a, const MatrixXd& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

bool sameTrace(const SolverRun& a, const SolverRun& b)
{
    if (a.trace.size() != b.trace.size())
        return false;
    for (std::size_t k = 0; k < a.trace.size(); ++k)
        if (std::memcmp(&a.trace[k], &b.trace[k], sizeof(TracePoint)) != 0)
            return false;
    return true;
}

} // namespace

class TestClassicalSolvers : public QObject {
    Q_OBJECT
private slots:
    void objectiveAndGradient()
    {
        const std::vector<LinearTask> tasks = smallTasks({ 5, 8, 12 }, 4, 1);
        const LinearMtlProblem problem(tasks, Regularizer::TraceNorm, 0.3);
        mtw::core::Rng rng(2);
        MatrixXd w(4, 3);
        for (Eigen::Index i = 0; i < w.size(); ++i)
            w.data()[i] = rng.normal();
        QVERIFY(mtw::test::closeTo(problem.loss(w), lossByHand(tasks, w), 1e-13, 0));
        const Eigen::JacobiSVD<MatrixXd> svd(w);
        QVERIFY(mtw::test::closeTo(
            problem.objective(w), lossByHand(tasks, w) + 0.3 * svd.singularValues().sum(), 1e-13, 0));
        MatrixXd gradient;
        problem.gradient(w, gradient);
        MatrixXd numeric(4, 3);
        const double h = 1e-6;
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            MatrixXd plus = w, minus = w;
            plus.data()[i] += h;
            minus.data()[i] -= h;
            numeric.data()[i] = (lossByHand(tasks, plus) - lossByHand(tasks, minus)) / (2 * h);
        }
        MTW_COMPARE_VECTORS(gradient, numeric, 1e-7, 1e-8);
        // L_t = sigma_max(X_t)^2 / n_t.
        for (int t = 0; t < 3; ++t) {
            const Eigen::JacobiSVD<MatrixXd> xs(tasks[static_cast<std::size_t>(t)].x);
            const double expected
                = xs.singularValues()(0) * xs.singularValues()(0) / tasks[static_cast<std::size_t>(t)].x.rows();
            QVERIFY(mtw::test::closeTo(problem.taskLipschitz(t), expected, 1e-12, 0));
        }
        QCOMPARE(problem.lipschitz(),
            std::max({ problem.taskLipschitz(0), problem.taskLipschitz(1), problem.taskLipschitz(2) }));
    }

    void synchronousSolversReachTheOptimum_data()
    {
        QTest::addColumn<int>("regularizer");
        QTest::newRow("trace-norm") << static_cast<int>(Regularizer::TraceNorm);
        QTest::newRow("l21") << static_cast<int>(Regularizer::L21);
    }
    void synchronousSolversReachTheOptimum()
    {
        QFETCH(int, regularizer);
        const LinearMtlProblem problem = smallProblem(static_cast<Regularizer>(regularizer));
        const double step = 1.0 / problem.lipschitz();
        const SolverRun ista = runProximalGradient(problem, Acceleration::None, 3000);
        const SolverRun fista = runProximalGradient(problem, Acceleration::Fista, 600);
        QVERIFY2(problem.residual(ista.w, step) < 1e-8, qPrintable(QString::number(problem.residual(ista.w, step))));
        QVERIFY(mtw::test::closeTo(fista.trace.back().objective, ista.trace.back().objective, 1e-10, 0));
        MTW_COMPARE_VECTORS(fista.w, ista.w, 1e-6, 1e-7);
        // ISTA is monotone (a descent method with step 1/L).
        for (std::size_t k = 1; k < ista.trace.size(); ++k)
            QVERIFY(ista.trace[k].objective <= ista.trace[k - 1].objective + 1e-14);
        const ReferenceOptimum optimum = solveToOptimum(problem);
        QVERIFY(optimum.residual <= 1e-10);
        QVERIFY(mtw::test::closeTo(optimum.objective, ista.trace.back().objective, 1e-11, 0));
        // Optimality conditions written out, independent of the prox: -grad f(W) / lambda is a
        // subgradient of the regularizer at W.
        MatrixXd gradient;
        problem.gradient(optimum.w, gradient);
        const MatrixXd g = -gradient / problem.lambda();
        if (static_cast<Regularizer>(regularizer) == Regularizer::TraceNorm) {
            // G = U_r V_r^T + M, U_r^T M = 0, M V_r = 0, ||M||_2 <= 1.
            const Eigen::JacobiSVD<MatrixXd> svd(optimum.w, Eigen::ComputeThinU | Eigen::ComputeThinV);
            const int r = numericalRank(optimum.w);
            QVERIFY(r >= 1 && r < 5);
            const MatrixXd ur = svd.matrixU().leftCols(r), vr = svd.matrixV().leftCols(r);
            MTW_COMPARE_VECTORS(ur.transpose() * g * vr, MatrixXd::Identity(r, r), 0, 1e-7);
            const MatrixXd m = g - ur * vr.transpose();
            QVERIFY(Eigen::JacobiSVD<MatrixXd>(m).singularValues()(0) <= 1 + 1e-7);
        } else {
            const int rows = nonzeroRows(optimum.w);
            QVERIFY(rows >= 1 && rows < 5);
            for (Eigen::Index j = 0; j < optimum.w.rows(); ++j) {
                const double norm = optimum.w.row(j).norm();
                if (norm > 0)
                    MTW_COMPARE_VECTORS(g.row(j), optimum.w.row(j) / norm, 0, 1e-7);
                else
                    QVERIFY(g.row(j).norm() <= 1 + 1e-7);
            }
        }
    }

    void asyncWithoutDelayIsTheCyclicSweep()
    {
        const std::vector<LinearTask> tasks = smallTasks({ 30, 25, 40, 35, 28, 33 }, 5, 3);
        const LinearMtlProblem problem(tasks, Regularizer::TraceNorm, 0.2);
        AsyncOptions options;
        options.maxDelay = 0;
        options.kmConstant = 0.7;
        const int epochs = 12;
        const SolverRun run = runAsyncMtl(problem, epochs, { 1.0, 0.0 }, options, 5);
        QCOMPARE(run.relaxation, 0.7);
        QCOMPARE(run.maxDelay, 0);
        // The cyclic backward-forward sweep: t = 0..T-1, P = prox(V) of the current V, then
        // v_t <- (1 - c) v_t + c (p_t - eta grad l_t(p_t)), the gradient written out here.
        const double eta = 1.0 / problem.lipschitz(), c = 0.7, threshold = eta * 0.2;
        MatrixXd v = MatrixXd::Zero(5, 6);
        for (int epoch = 0; epoch < epochs; ++epoch) {
            for (int t = 0; t < 6; ++t) {
                const VectorXd p = svtByJacobi(v, threshold).col(t);
                const LinearTask& task = tasks[static_cast<std::size_t>(t)];
                const VectorXd grad = task.x.transpose() * (task.x * p - task.y) / static_cast<double>(task.x.rows());
                v.col(t) = (1 - c) * v.col(t) + c * (p - eta * grad);
            }
            QVERIFY(mtw::test::closeTo(run.trace[static_cast<std::size_t>(epoch) + 1].objective,
                problem.objective(svtByJacobi(v, threshold)), 1e-11, 1e-12));
            QCOMPARE(run.trace[static_cast<std::size_t>(epoch) + 1].time, epoch + 1.0); // all nodes take 1
        }
        MTW_COMPARE_VECTORS(run.w, svtByJacobi(v, threshold), 1e-10, 1e-11);
    }

    void asyncWithDelayConverges_data()
    {
        QTest::addColumn<int>("regularizer");
        QTest::addColumn<int>("maxDelay");
        QTest::newRow("trace-delay-3") << static_cast<int>(Regularizer::TraceNorm) << 3;
        QTest::newRow("trace-delay-10") << static_cast<int>(Regularizer::TraceNorm) << 10;
        QTest::newRow("l21-delay-6") << static_cast<int>(Regularizer::L21) << 6;
    }
    void asyncWithDelayConverges()
    {
        QFETCH(int, regularizer);
        QFETCH(int, maxDelay);
        const LinearMtlProblem problem = smallProblem(static_cast<Regularizer>(regularizer));
        AsyncOptions options;
        options.maxDelay = maxDelay;
        const SolverRun run = runAsyncMtl(problem, 2500, { 3.0, 0.5 }, options, 9);
        QVERIFY(mtw::test::closeTo(run.relaxation, 0.9 / (2.0 * maxDelay / std::sqrt(6.0) + 1.0), 1e-15, 0));
        QVERIFY(run.maxDelay > 0 && run.maxDelay <= maxDelay);
        QVERIFY(run.meanDelay > 0 && run.meanDelay < maxDelay);
        const ReferenceOptimum optimum = solveToOptimum(problem);
        const double residual = problem.residual(run.w, 1.0 / problem.lipschitz());
        QVERIFY2(residual < 1e-8, qPrintable(QString::number(residual)));
        MTW_COMPARE_VECTORS(run.w, optimum.w, 1e-6, 1e-7);
    }

    void clockDelaysComeFromTheNodes()
    {
        // Six identical nodes without jitter all finish together: each update has been overtaken
        // by the five others' since its node started, whatever tau is.
        const LinearMtlProblem problem = smallProblem(Regularizer::TraceNorm);
        AsyncOptions options;
        options.delays = DelayModel::Clock;
        options.maxDelay = 0;
        const SolverRun unbounded = runAsyncMtl(problem, 20, { 1.0, 0.0 }, options, 3);
        QCOMPARE(unbounded.maxDelay, 5);
        // Updates 0..5 read state 0 (delays 0..5), every later one is 5 behind.
        QVERIFY(mtw::test::closeTo(unbounded.meanDelay, (15.0 + 5.0 * 114) / 120, 1e-14, 0));
        options.maxDelay = 5; // the bound the clock really produces: ARock's step for it converges
        const SolverRun bounded = runAsyncMtl(problem, 2500, { 2.0, 0.5 }, options, 3);
        QVERIFY(bounded.maxDelay > 5); // a x2 straggler is overtaken by more than T - 1 updates
        const ReferenceOptimum optimum = solveToOptimum(problem);
        MTW_COMPARE_VECTORS(bounded.w, optimum.w, 1e-6, 1e-7);
        QCOMPARE(parseDelayModel("clock"), std::optional<DelayModel>(DelayModel::Clock));
        QVERIFY(!parseDelayModel("random"));
    }

    void stopRequest()
    {
        const LinearMtlProblem problem = smallProblem(Regularizer::TraceNorm);
        std::atomic<bool> stop(true);
        QVERIFY_THROWS_EXCEPTION(SolverStopped, runProximalGradient(problem, Acceleration::Fista, 10, {}, 1, &stop));
        QVERIFY_THROWS_EXCEPTION(SolverStopped, runAsyncMtl(problem, 10, {}, {}, 1, 1e9, &stop));
        QVERIFY_THROWS_EXCEPTION(SolverStopped, solveToOptimum(problem, 1e-10, 100, &stop));
        LinearMtlOptions options;
        QVERIFY_THROWS_EXCEPTION(SolverStopped, compareLinearMtlSolvers(options, &stop));
        stop = false;
        QCOMPARE(runProximalGradient(problem, Acceleration::None, 10, {}, 1, &stop).trace.size(), std::size_t(11));
    }

    void simulatedClock()
    {
        const LinearMtlProblem problem = smallProblem(Regularizer::TraceNorm);
        // No jitter, one node 4x slower: a synchronous iteration always waits 4.
        const SolverRun sync = runProximalGradient(problem, Acceleration::None, 10, { 4.0, 0.0 });
        QCOMPARE(sync.time, 40.0);
        QCOMPARE(sync.trace[3].time, 12.0);
        // Asynchronously the 5 fast nodes finish every 1 and the straggler every 4: in 10 epochs
        // (60 updates) of 5 + 1/4 updates per unit time the last lands at t = 12 (60 / 5.25 = 11.4,
        // rounded up to the next whole arrival).
        const SolverRun async = runAsyncMtl(problem, 10, { 4.0, 0.0 }, {}, 1);
        QCOMPARE(async.time, 12.0);
        QVERIFY(async.time < sync.time);
    }

    void deterministicAcrossThreadsAndSeeds()
    {
        const LinearMtlProblem problem = smallProblem(Regularizer::TraceNorm);
        const auto runAll = [&](int threads) {
            std::vector<SolverRun> runs;
            tbb::task_arena(threads).execute([&] {
                runs.push_back(runProximalGradient(problem, Acceleration::None, 50, {}, 4));
                runs.push_back(runProximalGradient(problem, Acceleration::Fista, 50, {}, 4));
                runs.push_back(runAsyncMtl(problem, 50, { 2.0, 0.5 }, {}, 4));
            });
            return runs;
        };
        const std::vector<SolverRun> one = runAll(1), four = runAll(4);
        for (std::size_t k = 0; k < one.size(); ++k) {
            QVERIFY2(sameBits(one[k].w, four[k].w), one[k].solver.c_str());
            QVERIFY2(sameTrace(one[k], four[k]), one[k].solver.c_str());
        }
        const SolverRun otherSeed = runAsyncMtl(problem, 50, { 2.0, 0.5 }, {}, 5);
        QVERIFY(!sameBits(otherSeed.w, one[2].w));
        LinearMtlOptions options;
        options.data.tasks = 5;
        options.data.features = 8;
        options.data.samples = 6;
        options.iterations = 20;
        const LinearMtlComparison a = compareLinearMtlSolvers(options);
        options.threads = 1;
        const LinearMtlComparison b = compareLinearMtlSolvers(options);
        QCOMPARE(curvesCsv(a), curvesCsv(b)); // all cores against one
        QCOMPARE(a.solvers.size(), std::size_t(3));
    }

    void badOptionsNamed_data()
    {
        QTest::addColumn<QString>("option");
        for (const char* option : { "lambda", "iterations", "max-delay", "km-constant", "straggler", "jitter", "tasks",
                 "features", "samples", "rank", "rows", "noise", "solver", "threads" })
            QTest::newRow(option) << QString(option);
    }
    void badOptionsNamed()
    {
        QFETCH(QString, option);
        LinearMtlOptions o;
        if (option == "lambda")
            o.lambda = -1;
        else if (option == "iterations")
            o.iterations = 0;
        else if (option == "max-delay")
            o.async.maxDelay = -2;
        else if (option == "km-constant")
            o.async.kmConstant = 1;
        else if (option == "straggler")
            o.timing.straggler = 0.5;
        else if (option == "jitter")
            o.timing.jitter = -1;
        else if (option == "tasks")
            o.data.tasks = 0;
        else if (option == "features")
            o.data.features = 0;
        else if (option == "samples")
            o.data.samples = 0;
        else if (option == "rank")
            o.data.rank = 21; // > min(d, T) = 20
        else if (option == "rows") {
            o.regularizer = Regularizer::L21;
            o.data.rows = 51; // > d = 50
        } else if (option == "noise")
            o.data.noise = -0.1;
        else if (option == "solver")
            o.solvers.clear();
        else if (option == "threads")
            o.threads = -1;
        try {
            compareLinearMtlSolvers(o);
            QFAIL("accepted");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString(error.what()).startsWith(option + ":"), error.what());
        }
    }

    void inconsistentDataRejected()
    {
        std::vector<LinearTask> tasks = smallTasks({ 5, 6 }, 3, 1);
        tasks[1].y.resize(4);
        try {
            LinearMtlProblem(tasks, Regularizer::L21, 0.1);
            QFAIL("accepted");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString(error.what()).contains("task 2: y has 4 values for 6 samples"), error.what());
        }
    }

    void recoversTheLowRankTruth()
    {
        // Default problem (T 20, d 50, n 40 < d): every task alone is underdetermined; the trace norm
        // recovers the rank-3 W*.
        LinearMtlOptions options;
        options.solvers = { LinearSolver::Fista };
        options.iterations = 50;
        const LinearMtlComparison result = compareLinearMtlSolvers(options);
        QCOMPARE(numericalRank(result.truth), 3);
        QCOMPARE(result.optimumRank, 3);
        QVERIFY2(result.optimumRecoveryError < 0.1, qPrintable(QString::number(result.optimumRecoveryError)));
    }
};

QTEST_GUILESS_MAIN(TestClassicalSolvers)
#include "tst_classical_solvers.moc"

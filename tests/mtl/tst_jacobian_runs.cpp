// The flat runs of the methods' passes over J (mtl/jacobian_runs.h), and the three methods that
// use them (ExcessMTL, DB-MTL, MoCo) against plain loops over (t, p) in double, on Jacobians wide
// enough for several column groups, a short last run and a short last group.
#include "mtl/jacobian_runs.h" // before QTest: TBB's headers use the name emit

#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Columns that cover one group, a partial one and several, with short last runs for every T.
const Index widths[] = { 1, 7, 4096, 4097, 9001 };
const Index taskCounts[] = { 1, 2, 3, 10, 40 };

// A Jacobian whose entries are exact in float, so the method and the reference see the same J.
MatrixXd jacobian(Index tasks, Index columns, unsigned seed)
{
    std::srand(seed);
    const MatrixXd random = MatrixXd::Random(tasks, columns);
    return random.cast<float>().cast<double>();
}

double relativeError(const VectorXd& actual, const VectorXd& expected)
{
    return (actual - expected).cwiseAbs().maxCoeff() / std::max(expected.cwiseAbs().maxCoeff(), 1e-300);
}

VectorXd extrasOf(const mtl::MethodOutput& output, const std::string& prefix, Index tasks)
{
    VectorXd values(tasks);
    for (Index t = 0; t < tasks; ++t)
        values(t) = output.extras.at(prefix + std::to_string(t));
    return values;
}

// One step of a method and what its reference needs: step counts from 1.
struct Step {
    unsigned index;
    const MatrixXd& J;
    const VectorXd& losses;
    const mtl::MethodOutput& output;
    QString where() const { return QString("T = %1, step %2").arg(J.rows()).arg(index); }
};

// Two steps of method `id` for T = 2, 3, 10 on T x 9001 Jacobians (seeds seed + step) with losses
// 0.5 .. 2: makeCheck(T) makes the check of each step, which keeps its reference's state.
template <class MakeCheck> void twoSteps(const std::string& id, unsigned seed, const MakeCheck& makeCheck)
{
    for (const Index tasks : { 2, 3, 10 }) {
        auto method = test::makeMethod(id, static_cast<int>(tasks));
        auto check = makeCheck(tasks);
        for (unsigned step = 1; step <= 2; ++step) {
            const MatrixXd J = jacobian(tasks, 9001, seed + step);
            const VectorXd losses = VectorXd::LinSpaced(tasks, 0.5, 2.0);
            check(Step { step, J, losses, test::runStep(*method, J, losses) });
            if (QTest::currentTestFailed())
                return;
        }
    }
}

} // namespace

class TestJacobianRuns : public QObject {
    Q_OBJECT
private slots:
    void runsAreWholePacketsOfWholeColumns()
    {
        for (Index tasks = 1; tasks <= 100; ++tasks) {
            const Index entries = mtl::columnsPerRun(tasks) * tasks;
            QVERIFY2(entries % 8 == 0 && entries >= 64, qPrintable(QString::number(tasks)));
            QVERIFY(entries < 64 + 8 * tasks); // no more copies than needed
        }
    }
    void everyEntryIsSummedOnceIntoItsTask()
    {
        for (const Index tasks : taskCounts)
            for (const Index columns : widths) {
                std::vector<int> visits(static_cast<std::size_t>(tasks * columns), 0);
                // Entry i's value depends on i alone; its task is i % T.
                const auto value = [](Index i) { return std::sin(0.37 * static_cast<double>(i)) + 2.0; };
                const VectorXd sums = mtl::sumPerTask(tasks, columns, [&](Index offset, Index length, double* out) {
                    QVERIFY(offset % tasks == 0 && length % tasks == 0);
                    for (Index i = 0; i < length; ++i) {
                        ++visits[static_cast<std::size_t>(offset + i)];
                        out[i] = value(offset + i);
                    }
                });
                VectorXd expected = VectorXd::Zero(tasks);
                for (Index i = 0; i < tasks * columns; ++i)
                    expected(i % tasks) += value(i);
                QVERIFY(std::all_of(visits.begin(), visits.end(), [](int n) { return n == 1; }));
                QVERIFY2(relativeError(sums, expected) < 1e-13,
                    qPrintable(QString("T = %1, P = %2").arg(tasks).arg(columns)));
            }
    }
    void tiledFactorsFollowTheTasks()
    {
        const VectorXd perTask = test::vec({ 1, 2, 3 });
        const Eigen::ArrayXd tiled = mtl::tiledOverRun<double>(perTask);
        QCOMPARE(tiled.size(), mtl::columnsPerRun(3) * 3);
        for (Index i = 0; i < tiled.size(); ++i)
            QCOMPARE(tiled(i), perTask(i % 3));
    }
    void excessMtlRisksMatchPlainLoops()
    {
        twoSteps("excess_mtl", 11, [](Index tasks) {
            return [accumulated = MatrixXd(MatrixXd::Zero(tasks, 9001))](const Step& step) mutable {
                const MatrixXd& J = step.J;
                VectorXd risks = VectorXd::Zero(J.rows());
                for (Index p = 0; p < J.cols(); ++p)
                    for (Index t = 0; t < J.rows(); ++t) {
                        accumulated(t, p) += J(t, p) * J(t, p);
                        risks(t) += J(t, p) * J(t, p) / std::sqrt(accumulated(t, p) + 1e-7);
                    }
                QVERIFY2(relativeError(extrasOf(step.output, "excess_risk_", J.rows()), risks) < 1e-12,
                    qPrintable(step.where()));
            };
        });
    }
    void dbMtlDirectionMatchesPlainLoops()
    {
        twoSteps("db_mtl", 21, [](Index tasks) {
            return [average = MatrixXd(MatrixXd::Zero(tasks, 9001))](const Step& step) mutable {
                const MatrixXd& J = step.J;
                // b = 0.9 b + 0.1 g / (L + 1e-8); alpha_t = max |b| / (|b_t| + 1e-8); d = sum alpha_t b_t.
                for (Index p = 0; p < J.cols(); ++p)
                    for (Index t = 0; t < J.rows(); ++t)
                        average(t, p) = 0.9 * average(t, p) + 0.1 * J(t, p) / (step.losses(t) + 1e-8);
                const VectorXd norms = average.rowwise().norm();
                const VectorXd alpha = norms.maxCoeff() / (norms.array() + 1e-8);
                QVERIFY(relativeError(extrasOf(step.output, "alpha_", J.rows()), alpha) < 1e-6);
                QVERIFY2(relativeError(step.output.direction.cast<double>(), average.transpose() * alpha) < 1e-5,
                    qPrintable(step.where()));
            };
        });
    }
    void mocoMatchesPlainLoops()
    {
        twoSteps("moco", 31, [](Index tasks) {
            return [y = MatrixXd(MatrixXd::Zero(tasks, 9001)),
                       lambda = VectorXd(VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks)))](
                       const Step& step) mutable {
                const MatrixXd& J = step.J;
                // LibMTL's defaults: beta 0.5 k^-0.5, gamma 0.1 k^-0.5, rho 0, normalised, softmax.
                const double beta = 0.5 / std::sqrt(step.index), gamma = 0.1 / std::sqrt(step.index);
                for (Index t = 0; t < J.rows(); ++t) {
                    double squares = 0;
                    for (Index p = 0; p < J.cols(); ++p)
                        squares += J(t, p) * J(t, p);
                    const double scale = step.losses(t) / (std::sqrt(squares) + 1e-8);
                    for (Index p = 0; p < J.cols(); ++p)
                        y(t, p) -= beta * (y(t, p) - scale * J(t, p));
                }
                const VectorXd moved = lambda - gamma * (y * y.transpose() * lambda);
                const VectorXd e = (moved.array() - moved.maxCoeff()).exp();
                lambda = e / e.sum();
                QVERIFY(relativeError(step.output.weights, lambda) < 1e-12);
                QVERIFY2(relativeError(step.output.direction.cast<double>(), y.transpose() * lambda) < 1e-6,
                    qPrintable(step.where()));
            };
        });
    }
};

QTEST_GUILESS_MAIN(TestJacobianRuns)
#include "tst_jacobian_runs.moc"

// Task groups under a budget (analysis/task_grouping.h): a hand-computed case, the exact search
// against an independent brute force over all labellings, the heuristic's guarantees, and errors.
#include "analysis/task_grouping.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <algorithm>
#include <set>

using Eigen::MatrixXd;
using mtw::analysis::TaskGrouping;
using Groups = std::vector<std::vector<int>>;

namespace {

MatrixXd randomGains(int tasks, std::uint64_t seed)
{
    mtw::core::Rng rng(seed);
    MatrixXd z(tasks, tasks);
    for (Eigen::Index i = 0; i < z.size(); ++i)
        z.data()[i] = rng.normal();
    return z;
}

// The best total over every labelling of the tasks with labels 0..budget-1 (B^T of them, each
// partition met many times), scored from the definition: sum over tasks of the mean gain from
// the other tasks with the same label.
double bruteForceBest(const MatrixXd& z, int budget)
{
    const int tasks = static_cast<int>(z.rows());
    std::vector<int> labels(static_cast<std::size_t>(tasks), 0);
    double best = -1e300;
    for (;;) {
        double total = 0;
        for (int t = 0; t < tasks; ++t) {
            double sum = 0;
            int mates = 0;
            for (int s = 0; s < tasks; ++s)
                if (s != t && labels[static_cast<std::size_t>(s)] == labels[static_cast<std::size_t>(t)]) {
                    sum += z(s, t);
                    ++mates;
                }
            total += mates > 0 ? sum / mates : 0.0;
        }
        best = std::max(best, total);
        int i = 0;
        while (i < tasks && ++labels[static_cast<std::size_t>(i)] == budget)
            labels[static_cast<std::size_t>(i++)] = 0;
        if (i == tasks)
            return best;
    }
}

bool isPartition(const Groups& groups, int tasks)
{
    std::set<int> seen;
    for (const std::vector<int>& group : groups)
        for (int t : group)
            if (!seen.insert(t).second)
                return false;
    return static_cast<int>(seen.size()) == tasks;
}

} // namespace

class TestTaskGrouping : public QObject {
    Q_OBJECT
private slots:
    void twoPairsThatHelpEachOther()
    {
        // Tasks 0 and 1 help each other (+2, +1), 2 and 3 too (+0.5, +1.5); every other gain -1.
        MatrixXd z = MatrixXd::Constant(4, 4, -1.0);
        z(0, 1) = 2;
        z(1, 0) = 1;
        z(2, 3) = 0.5;
        z(3, 2) = 1.5;
        const TaskGrouping two = mtw::analysis::chooseTaskGroups(z, 2);
        QVERIFY(two.exact);
        QCOMPARE(two.groups, (Groups { { 0, 1 }, { 2, 3 } }));
        // gain_0 = Z(1->0) = 1, gain_1 = 2, gain_2 = Z(3->2) = 1.5, gain_3 = 0.5: total 5.
        MTW_COMPARE_VECTORS(two.taskGains, Eigen::Vector4d(1, 2, 1.5, 0.5), 0, 0);
        QCOMPARE(two.total, 5.0);
        QCOMPARE(two.partitionsScored, 8LL); // S(4,1) + S(4,2) = 1 + 7
        // One model: all four together, gain_0 = (1 - 1 - 1) / 3 = -1/3, gain_1 = (2 - 2)/3 = 0,
        // gain_2 = (-2 + 1.5) / 3, gain_3 = (-2 + 0.5) / 3.
        const TaskGrouping one = mtw::analysis::chooseTaskGroups(z, 1);
        QCOMPARE(one.groups, (Groups { { 0, 1, 2, 3 } }));
        MTW_COMPARE_NEAR(one.total, (-1.0 + 0.0 - 0.5 - 1.5) / 3, 1e-15, 0);
        // A larger budget does not split the pairs further: singletons gain 0.
        QCOMPARE(mtw::analysis::chooseTaskGroups(z, 4).groups, (Groups { { 0, 1 }, { 2, 3 } }));
        QCOMPARE(mtw::analysis::chooseTaskGroups(z, 4).partitionsScored, 15LL); // Bell(4)
        // All gains zero: every partition ties and the fewest groups win.
        QCOMPARE(mtw::analysis::chooseTaskGroups(MatrixXd::Zero(4, 4), 3).groups, (Groups { { 0, 1, 2, 3 } }));
    }

    void exactSearchMatchesBruteForce()
    {
        for (int tasks : { 3, 5, 6 })
            for (std::uint64_t seed = 1; seed <= 4; ++seed) {
                const MatrixXd z = randomGains(tasks, seed);
                for (int budget = 1; budget <= tasks; ++budget) {
                    const TaskGrouping grouping = mtw::analysis::chooseTaskGroups(z, budget);
                    QVERIFY(grouping.exact);
                    QVERIFY(isPartition(grouping.groups, tasks));
                    QVERIFY(static_cast<int>(grouping.groups.size()) <= budget);
                    MTW_COMPARE_NEAR(grouping.total, bruteForceBest(z, budget), 1e-12, 1e-12);
                    MTW_COMPARE_NEAR(grouping.taskGains.sum(), grouping.total, 1e-12, 0);
                }
            }
        // Bell(10) partitions with an unlimited budget.
        QCOMPARE(mtw::analysis::chooseTaskGroups(randomGains(10, 9), 10).partitionsScored, 115975LL);
    }

    void heuristicStaysWithinBudgetAndNeverBeatsExact()
    {
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            const MatrixXd z = randomGains(7, seed);
            for (int budget : { 1, 2, 3, 7 }) {
                const TaskGrouping greedy = mtw::analysis::greedyTaskGroups(z, budget);
                const TaskGrouping exact = mtw::analysis::chooseTaskGroups(z, budget);
                QVERIFY(isPartition(greedy.groups, 7));
                QVERIFY(static_cast<int>(greedy.groups.size()) <= budget);
                QVERIFY(greedy.total <= exact.total + 1e-12);
                // Never worse than the all-in-one model, which is one of its starting options.
                if (budget == 1)
                    MTW_COMPARE_NEAR(greedy.total, exact.total, 1e-12, 0);
            }
        }
        // Beyond the exact limit the heuristic answers; block structure is found exactly.
        MatrixXd z = MatrixXd::Constant(12, 12, -1.0);
        for (int a = 0; a < 12; ++a)
            for (int b = 0; b < 12; ++b)
                if (a / 4 == b / 4)
                    z(a, b) = 1.0;
        const TaskGrouping blocks = mtw::analysis::chooseTaskGroups(z, 3);
        QVERIFY(!blocks.exact);
        QCOMPARE(blocks.groups, (Groups { { 0, 1, 2, 3 }, { 4, 5, 6, 7 }, { 8, 9, 10, 11 } }));
        QCOMPARE(blocks.total, 12.0);
    }

    void badInputIsRefused()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtw::analysis::chooseTaskGroups(MatrixXd::Zero(2, 3), 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtw::analysis::chooseTaskGroups(MatrixXd::Zero(3, 3), 0));
        MatrixXd z = MatrixXd::Zero(3, 3);
        z(0, 0) = std::nan(""); // the diagonal is unused
        QCOMPARE(mtw::analysis::chooseTaskGroups(z, 2).groups.size(), std::size_t(1));
        z(2, 1) = std::nan("");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtw::analysis::chooseTaskGroups(z, 2));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, mtw::analysis::scoreTaskGroups(MatrixXd::Zero(3, 3), { { 0, 1 } }));
    }
};

QTEST_GUILESS_MAIN(TestTaskGrouping)
#include "tst_task_grouping.moc"

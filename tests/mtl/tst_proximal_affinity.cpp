// Selective group updates' building blocks: the proximal affinity update by hand (Jeong & Yoon
// 2025, Eq. 4-6 as the official code runs it), the column-normalised symmetric similarity, and
// affinity propagation against scikit-learn 1.2.1's affinity_propagation (convergence_iter=50,
// random_state=0; labels computed offline with Debian's python3-sklearn and pasted here).
#include "mtl/proximal_affinity.h"
#include "mtl/solvers/affinity_propagation.h"

#include <QTest>

using namespace mtw;

namespace {

Eigen::MatrixXd square(std::initializer_list<std::initializer_list<double>> rows)
{
    const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd m(n, n);
    Eigen::Index i = 0;
    for (const auto& row : rows) {
        Eigen::Index j = 0;
        for (double v : row)
            m(i, j++) = v;
        ++i;
    }
    return m;
}

std::vector<int> cluster(const Eigen::MatrixXd& S)
{
    mtl::solvers::AffinityPropagationOptions options;
    options.convergenceIterations = 50;
    core::Rng rng(0);
    const std::optional<std::vector<int>> labels = mtl::solvers::affinityPropagation(S, options, rng);
    return labels ? *labels : std::vector<int> {};
}

} // namespace

class TestProximalAffinity : public QObject {
    Q_OBJECT
private slots:
    void updateByHand()
    {
        // Group {0, 1}; losses before (1, 1, 1), after (0.5, 1.2, 0.9): a = (0.25, -0.1, 0.05).
        mtl::ProximalAffinity affinity(3, 0.5);
        Eigen::VectorXd before = Eigen::VectorXd::Ones(3), after(3);
        after << 0.5, 1.2, 0.9;
        affinity.update({ 0, 1 }, before, after);
        const Eigen::MatrixXd& A = affinity.matrix();
        QCOMPARE(A(0, 0), 0.125); // a_0 > 0: self-affinity updated
        QCOMPARE(A(0, 1), -0.125); // signs differ inside the group: -max(0.25, -0.1)
        QCOMPARE(A(0, 2), 0.025); // outside the group: a_2
        QCOMPARE(A(1, 0), -0.125);
        QCOMPARE(A(1, 1), 0.0); // a_1 < 0: self-affinity left alone
        QCOMPARE(A(1, 2), 0.025);
        QCOMPARE(A.row(2).norm(), 0.0); // task 2 was not a source
        // A singleton group {2}: |G| = 1, so a = (0.5, -0.2, 0.1).
        affinity.update({ 2 }, before, after);
        QCOMPARE(affinity.matrix()(2, 2), 0.5 * 0.1);
        QCOMPARE(affinity.matrix()(2, 0), 0.5 * 0.5);
        QCOMPARE(affinity.matrix()(2, 1), 0.5 * -0.2);
        QCOMPARE(affinity.matrix()(0, 2), 0.025); // rows of other sources untouched
    }

    void similarityNormalisesColumns()
    {
        mtl::ProximalAffinity affinity(2, 1.0);
        Eigen::VectorXd before = Eigen::VectorXd::Ones(2), after(2);
        after << 0.8, 0.9; // a = (0.2, 0.1)
        affinity.update({ 0 }, before, after); // A row 0 = (0.2, 0.1)
        affinity.update({ 1 }, before, after); // A row 1 = (0.2, 0.1)
        // X[:, i] = A[:, i] / A[i, i]: column 0 / 0.2, column 1 / 0.1 -> [[1, 1], [1, 1]].
        const Eigen::MatrixXd S = affinity.similarity();
        QVERIFY((S - Eigen::MatrixXd::Ones(2, 2)).norm() < 1e-15);
    }

    void affinityPropagationMatchesScikitLearn_data()
    {
        QTest::addColumn<Eigen::MatrixXd>("similarity");
        QTest::addColumn<std::vector<int>>("labels");
        QTest::newRow("two blocks") << square(
            { { 1.0, 0.9, 0.1, 0.0 }, { 0.9, 1.0, 0.05, 0.1 }, { 0.1, 0.05, 1.0, 0.8 }, { 0.0, 0.1, 0.8, 1.0 } })
                                    << std::vector<int> { 0, 0, 1, 1 };
        QTest::newRow("n=3") << square({ { -0.0, -53.739049214203, -55.908781929098 },
            { -53.739049214203, -0.0, -0.04280419442 }, { -55.908781929098, -0.04280419442, -0.0 } })
                             << std::vector<int> { 0, 1, 1 };
        QTest::newRow("n=5") << square({ { -0.0, -1.805067766471, -4.899308355091, -0.508773430611, -0.462710196268 },
            { -1.805067766471, -0.0, -12.412382176803, -4.042398708612, -1.426118679026 },
            { -4.899308355091, -12.412382176803, -0.0, -3.058349085619, -7.443868649605 },
            { -0.508773430611, -4.042398708612, -3.058349085619, -0.0, -1.002352305248 },
            { -0.462710196268, -1.426118679026, -7.443868649605, -1.002352305248, -0.0 } })
                             << std::vector<int> { 0, 1, 2, 0, 0 };
        QTest::newRow("n=6") << square(
            { { -0.0, -7.271396454377, -0.132272412597, -21.908904158355, -20.809179890219, -13.585142747927 },
                { -7.271396454377, -0.0, -6.517407787006, -9.013666943935, -10.63052353373, -14.312213267026 },
                { -0.132272412597, -6.517407787006, -0.0, -22.63907467184, -21.964600548104, -15.576970497045 },
                { -21.908904158355, -9.013666943935, -22.63907467184, -0.0, -0.413897560687, -6.822214975741 },
                { -20.809179890219, -10.63052353373, -21.964600548104, -0.413897560687, -0.0, -4.159226257631 },
                { -13.585142747927, -14.312213267026, -15.576970497045, -6.822214975741, -4.159226257631, -0.0 } })
                             << std::vector<int> { 0, 0, 0, 1, 1, 1 };
        QTest::newRow("n=8") << square({ { -0.0, -1.783766320818, -4.153484923186, -0.563967261834, -18.538422915661,
                                             -54.700162185408, -32.423981908078, -29.398967675848 },
            { -1.783766320818, -0.0, -9.31148586325, -4.346751352584, -30.425517319811, -70.415762606018,
                -46.258695312361, -42.527775212997 },
            { -4.153484923186, -9.31148586325, -0.0, -3.026658976349, -6.555872253055, -28.903912224196,
                -14.066775307297, -12.041370379589 },
            { -0.563967261834, -4.346751352584, -3.026658976349, -0.0, -13.698276634368, -48.113086558791,
                -26.669643732927, -24.027201696051 },
            { -18.538422915661, -30.425517319811, -6.555872253055, -13.698276634368, -0.0, -12.208573167855,
                -2.539635308381, -1.940749464262 },
            { -54.700162185408, -70.415762606018, -28.903912224196, -48.113086558791, -12.208573167855, -0.0,
                -3.627090680777, -4.447154289468 },
            { -32.423981908078, -46.258695312361, -14.066775307297, -26.669643732927, -2.539635308381, -3.627090680777,
                -0.0, -0.080608856892 },
            { -29.398967675848, -42.527775212997, -12.041370379589, -24.027201696051, -1.940749464262, -4.447154289468,
                -0.080608856892, -0.0 } })
                             << std::vector<int> { 0, 0, 0, 0, 1, 1, 1, 1 };
    }
    void affinityPropagationMatchesScikitLearn()
    {
        QFETCH(Eigen::MatrixXd, similarity);
        QFETCH(std::vector<int>, labels);
        QCOMPARE(cluster(similarity), labels);
    }

    void groupsFollowTheAffinity()
    {
        // Tasks 0-1 help each other, 2-3 help each other, the pairs hurt each other.
        mtl::ProximalAffinity affinity(4, 0.5);
        const Eigen::VectorXd before = Eigen::VectorXd::Ones(4);
        for (int round = 0; round < 20; ++round)
            for (int s = 0; s < 4; ++s) {
                Eigen::VectorXd after(4);
                const bool low = s < 2;
                after << (low ? 0.8 : 1.1), (low ? 0.85 : 1.1), (low ? 1.1 : 0.8), (low ? 1.1 : 0.85);
                affinity.update({ s }, before, after);
            }
        core::Rng rng(3);
        const std::vector<std::vector<int>> groups = affinity.groups(rng);
        QCOMPARE(groups, (std::vector<std::vector<int>> { { 0, 1 }, { 2, 3 } }));
    }

    void groupsAreSingletonsBeforeAnyGain()
    {
        mtl::ProximalAffinity affinity(3, 0.001);
        core::Rng rng(1);
        // All-zero similarity: every point ties; whatever AP returns must still cover each task once.
        const std::vector<std::vector<int>> groups = affinity.groups(rng);
        std::vector<int> seen;
        for (const std::vector<int>& g : groups)
            seen.insert(seen.end(), g.begin(), g.end());
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, (std::vector<int> { 0, 1, 2 }));
    }

    void stateRoundTrips()
    {
        mtl::ProximalAffinity a(2, 0.3), b(2, 0.3);
        Eigen::VectorXd before = Eigen::VectorXd::Ones(2), after(2);
        after << 0.7, 1.3;
        a.update({ 0, 1 }, before, after);
        mtl::MethodState state;
        a.saveState(state, "x.");
        b.loadState(state, "x.");
        QCOMPARE(b.matrix(), a.matrix());
        mtl::ProximalAffinity wrong(3, 0.3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wrong.loadState(state, "x."));
    }
};

QTEST_APPLESS_MAIN(TestProximalAffinity)
#include "tst_proximal_affinity.moc"

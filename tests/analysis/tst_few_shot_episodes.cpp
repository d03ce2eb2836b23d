// k-shot episodes (analysis/few_shot_episodes.h): the support draw (exactly k per class, from the
// train split only), Student's t quantile against table values, an episode rebuilt by hand from
// its documented random stream, the spread recomputed from the episode accuracies, accuracy above
// chance and rising with k, the same bits on 1 and 2 threads, and the located errors.
#include <tbb/task_arena.h> // before Qt: its `emit` macro breaks oneTBB headers

#include "analysis/few_shot_episodes.h"
#include "core/loss.h"

#include <QTest>
#include <algorithm>

#include <cmath>
#include <set>

using namespace mtw;

namespace {

// 4 classes of 3-D Gaussians with shifted means; samples 0..399 train, the rest test (imbalanced).
struct Fixture {
    Eigen::MatrixXd data;
    analysis::FewShotTask task;
};

Fixture makeFixture()
{
    Fixture f;
    core::Rng rng(11);
    const int n = 600;
    f.data.resize(3, n);
    f.task.name = "toy";
    f.task.classes = 4;
    for (int i = 0; i < n; ++i) {
        const int label = i % 4;
        f.task.labels.push_back(label);
        for (int r = 0; r < 3; ++r)
            f.data(r, i) = 1.2 * rng.normal() + (label == r ? 2.0 : 0.0) + (label == 3 ? -1.0 : 0.0);
        if (i < 400)
            f.task.train.push_back(i);
        else if (label != 0 || i % 5 == 0) // an imbalanced test split: 10 of class 0, 50 of the others
            f.task.test.push_back(i);
    }
    return f;
}

analysis::Representation identity(const Eigen::MatrixXd& data)
{
    return [&data](const std::vector<core::Index>& samples) {
        Eigen::MatrixXd out(data.rows(), static_cast<Eigen::Index>(samples.size()));
        for (std::size_t i = 0; i < samples.size(); ++i)
            out.col(static_cast<Eigen::Index>(i)) = data.col(samples[i]);
        return out;
    };
}

} // namespace

class TestFewShotEpisodes : public QObject {
    Q_OBJECT
private slots:
    void drawsExactlyKPerClassFromTrain()
    {
        const Fixture f = makeFixture();
        const auto pools = analysis::classPools(f.task, f.task.train);
        QCOMPARE(pools.size(), std::size_t { 4 });
        for (int k : { 1, 5, 100 }) {
            core::Rng rng(static_cast<std::uint64_t>(k));
            const std::vector<core::Index> drawn = analysis::drawShots(pools, k, rng);
            QCOMPARE(drawn.size(), std::size_t(4 * k));
            const std::set<core::Index> distinct(drawn.begin(), drawn.end());
            QCOMPARE(distinct.size(), drawn.size());
            int perClass[4] = {};
            for (core::Index sample : drawn) {
                QVERIFY2(sample < 400, "a test sample in the support set");
                ++perClass[f.task.labels[static_cast<std::size_t>(sample)]];
            }
            for (int c = 0; c < 4; ++c)
                QCOMPARE(perClass[c], k);
        }
        // Partial supervision: a sample unlabelled for the task is never a shot.
        analysis::FewShotTask partial = f.task;
        const core::Index hidden = partial.train.front();
        partial.labels[static_cast<std::size_t>(hidden)] = core::unlabelledLabel;
        std::size_t pooled = 0;
        for (const std::vector<core::Index>& pool : analysis::classPools(partial, partial.train)) {
            pooled += pool.size();
            QVERIFY(std::find(pool.begin(), pool.end(), hidden) == pool.end());
        }
        QCOMPARE(pooled, partial.train.size() - 1);
    }

    void balancedAccuracyByHand()
    {
        // Plain accuracy 3/4; per class 3/3 and 0/1.
        QCOMPARE(analysis::balancedAccuracy({ 0, 0, 0, 0 }, { 0, 0, 0, 1 }, 2), 0.5);
        // A class absent from the labels does not count: (1 + 1/2) / 2.
        QCOMPARE(analysis::balancedAccuracy({ 0, 2, 1 }, { 0, 2, 2 }, 3), 0.75);
    }

    void studentQuantileMatchesTables()
    {
        const std::pair<int, double> table[] = { { 1, 12.7062 }, { 4, 2.7764 }, { 7, 2.3646 }, { 9, 2.2622 },
            { 19, 2.0930 }, { 29, 2.0452 }, { 100, 1.9840 } };
        for (const auto& [dof, value] : table)
            QVERIFY2(std::abs(analysis::studentT975(dof) - value) < 1e-4, qPrintable(QString::number(dof)));
    }

    void episodesMatchTheirDefinition()
    {
        const Fixture f = makeFixture();
        analysis::FewShotOptions options;
        options.shots = { 1, 5, 20 };
        options.episodes = 8;
        options.seed = 3;
        const std::vector<analysis::FewShotPoint> points
            = analysis::runFewShotEpisodes(identity(f.data), f.task, options);
        QCOMPARE(points.size(), std::size_t { 3 });
        // Episode (5, 6) rebuilt from its stream: draw, normalise, fit, score on the test split.
        core::Rng rng = core::Rng(3).derive(5).derive(6);
        const std::vector<core::Index> support
            = analysis::drawShots(analysis::classPools(f.task, f.task.train), 5, rng);
        Eigen::MatrixXd features = identity(f.data)(support);
        std::vector<int> labels;
        for (core::Index s : support) {
            labels.push_back(f.task.labels[static_cast<std::size_t>(s)]);
            features.col(static_cast<Eigen::Index>(labels.size() - 1)).normalize();
        }
        const analysis::LogisticHead head = analysis::fitLogisticHead(features, labels, 4, options.head);
        double correct[4] = {}, count[4] = {};
        for (core::Index s : f.task.test) {
            Eigen::VectorXd z = f.data.col(s).normalized();
            Eigen::VectorXd scores = head.weights * z + head.bias;
            Eigen::Index best = 0;
            scores.maxCoeff(&best);
            const int label = f.task.labels[static_cast<std::size_t>(s)];
            count[label] += 1;
            correct[label] += best == label ? 1 : 0;
        }
        QCOMPARE(count[0], 10.0);
        const double balanced = (correct[0] / 10 + correct[1] / 50 + correct[2] / 50 + correct[3] / 50) / 4;
        QVERIFY(std::abs(points[1].accuracies[6] - balanced) < 1e-12);
        // The spread from the accuracies.
        for (const analysis::FewShotPoint& p : points) {
            double mean = 0, ss = 0;
            for (double a : p.accuracies)
                mean += a / 8;
            for (double a : p.accuracies)
                ss += (a - mean) * (a - mean);
            const double sd = std::sqrt(ss / 7);
            QVERIFY(std::abs(p.mean - mean) < 1e-12 && std::abs(p.std - sd) < 1e-12);
            QVERIFY(std::abs(p.ciHigh - p.mean - 2.364624 * sd / std::sqrt(8.0)) < 1e-4 * sd + 1e-12);
            QVERIFY(std::abs(p.mean - p.ciLow - (p.ciHigh - p.mean)) < 1e-12);
            QCOMPARE(p.unconverged, 0);
        }
        // Above chance (1/4) and rising with k on average.
        QVERIFY(points[0].mean > 0.35);
        QVERIFY(points[2].mean > points[0].mean + 0.05);
        QVERIFY(points[2].mean > 0.6);
        // k = 5's episodes do not depend on the other k listed.
        options.shots = { 5 };
        const std::vector<analysis::FewShotPoint> alone
            = analysis::runFewShotEpisodes(identity(f.data), f.task, options);
        QVERIFY(alone[0].accuracies == points[1].accuracies);
    }

    void sameBitsOnOneAndTwoThreads()
    {
        const Fixture f = makeFixture();
        analysis::FewShotOptions options;
        options.shots = { 2, 10 };
        options.episodes = 6;
        std::vector<analysis::FewShotPoint> one, two;
        tbb::task_arena(1).execute([&] { one = analysis::runFewShotEpisodes(identity(f.data), f.task, options); });
        tbb::task_arena(2).execute([&] { two = analysis::runFewShotEpisodes(identity(f.data), f.task, options); });
        for (std::size_t s = 0; s < one.size(); ++s) {
            QVERIFY(one[s].accuracies == two[s].accuracies);
            QCOMPARE(one[s].mean, two[s].mean);
            QCOMPARE(one[s].ciLow, two[s].ciLow);
        }
    }

    void badInputIsLocated()
    {
        const Fixture f = makeFixture();
        analysis::FewShotOptions options;
        options.shots = { 101 }; // 100 training samples per class
        try {
            analysis::runFewShotEpisodes(identity(f.data), f.task, options);
            QFAIL("no error");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString(error.what()).contains("shots: 101 per class, but class 0 of task 'toy' has only 100"),
                error.what());
        }
        options.shots = { 1 };
        options.episodes = 1;
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, analysis::runFewShotEpisodes(identity(f.data), f.task, options));
        options.episodes = 2;
        options.shots = { 0 };
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, analysis::runFewShotEpisodes(identity(f.data), f.task, options));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::parseFeatureNormalization("zscore"));
    }
};

QTEST_GUILESS_MAIN(TestFewShotEpisodes)
#include "tst_few_shot_episodes.moc"

// MultiFashion geometry (Sener & Koltun's construction: left at [0,28), right at [6,34), max
// overlay; nearest resize), labels and splits on synthetic items, Fashion MTL groupings, the
// data-set cache, and (when dataset-fashion-mnist is installed) the registered problems with a
// CNN and MMoE: G from the Gramian route equals J J^T.
#include "common/compare.h"
#include "data/dataset_cache.h"
#include "data/fashion_mtl.h"
#include "data/multi_fashion.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"
#include "problem/task_metrics.h"

#include <QTest>

#include <fstream>
#include <thread>

using namespace mtw;
using namespace mtw::data;

namespace {
// Item i: every pixel = 10 + i (so a pixel identifies its item), label i % 10.
LabelledImages syntheticItems(int count)
{
    LabelledImages items;
    items.rows = 28;
    items.cols = 28;
    for (int i = 0; i < count; ++i) {
        items.pixels.insert(items.pixels.end(), 784, static_cast<std::uint8_t>(10 + i));
        items.labels.push_back(i % 10);
    }
    return items;
}

bool fashionInstalled()
{
    return std::ifstream(FashionMnistFiles().trainLabels()).good();
}
} // namespace

class TestMultiFashion : public QObject {
    Q_OBJECT
private slots:
    void canvasGeometry()
    {
        std::vector<std::uint8_t> left(784, 10), right(784, 20), canvas(36 * 36);
        right[0] = 255;
        composeMultiFashion(left.data(), right.data(), canvas.data());
        auto at = [&](int y, int x) { return int(canvas[static_cast<std::size_t>(y * 36 + x)]); };
        QCOMPARE(at(0, 0), 10); // left only
        QCOMPARE(at(5, 27), 10);
        QCOMPARE(at(6, 6), 255); // right's first pixel, max over left
        QCOMPARE(at(10, 10), 20); // overlap: max(10, 20)
        QCOMPARE(at(33, 33), 20); // right only (its last pixel)
        QCOMPARE(at(35, 35), 0); // the canvas keeps a 2-pixel margin
        QCOMPARE(at(0, 35), 0); // neither
        QCOMPARE(at(35, 0), 0);
        QCOMPARE(at(27, 5), 10);
        QCOMPARE(at(28, 5), 0);
        std::vector<std::uint8_t> image(36 * 36), small(28 * 28);
        for (int i = 0; i < 36 * 36; ++i)
            image[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 36);
        resizeNearest(image.data(), 36, small.data(), 28);
        QCOMPARE(int(small[0]), 0);
        QCOMPARE(int(small[27]), 35); // floor(27.5 * 36 / 28) = 35
        QCOMPARE(int(small[14]), 18); // floor(14.5 * 36 / 28) = 18
    }

    void labelsSplitsAndSeeds()
    {
        const LabelledImages train = syntheticItems(20), test = syntheticItems(7);
        MultiFashionOptions options;
        options.trainSamples = 30; // more than 20 items: wraps around
        options.testSamples = 5;
        options.validationFraction = 0.2;
        options.seed = 4;
        const MultiTaskDataset data = makeMultiFashion(options, train, test);
        QCOMPARE(data.inputDimension(), Index(36 * 36));
        QCOMPARE(data.height, 36);
        QCOMPARE(data.train.size(), std::size_t(24));
        QCOMPARE(data.validation.size(), std::size_t(6));
        QCOMPARE(data.test.size(), std::size_t(5));
        QCOMPARE(data.tasks.size(), std::size_t(2));
        for (Index i = 0; i < data.sampleCount(); ++i) {
            // Pixel (0,0) is the left item's, pixel (33,33) the right item's.
            const int leftItem = static_cast<int>(std::lround(data.features(0, i) * 255)) - 10;
            const int rightItem = static_cast<int>(std::lround(data.features(33 * 36 + 33, i) * 255)) - 10;
            QCOMPARE(data.tasks[0].labels[static_cast<std::size_t>(i)], leftItem % 10);
            QCOMPARE(data.tasks[1].labels[static_cast<std::size_t>(i)], rightItem % 10);
        }
        QVERIFY(data.features == makeMultiFashion(options, train, test).features);
        options.seed = 5;
        QVERIFY(data.features != makeMultiFashion(options, train, test).features);
        options.resize28 = true;
        const MultiTaskDataset small = makeMultiFashion(options, train, test);
        QCOMPARE(small.inputDimension(), Index(784));
        QCOMPARE(small.width, 28);
    }

    void fashionMtlGroupings()
    {
        FashionMtlOptions options;
        options.tasks = parseFashionMtlTasks("class, footwear,tops,bag,trousers");
        options.trainSamples = 20;
        options.testSamples = 7;
        const MultiTaskDataset data = makeFashionMtl(options, syntheticItems(20), syntheticItems(7));
        QCOMPARE(data.tasks.size(), std::size_t(5));
        for (Index i = 0; i < data.sampleCount(); ++i) {
            const int label = data.tasks[0].labels[static_cast<std::size_t>(i)];
            QCOMPARE(data.tasks[1].values(0, i) > 0.5f, label == 5 || label == 7 || label == 9);
            QCOMPARE(data.tasks[2].values(0, i) > 0.5f, label == 0 || label == 2 || label == 4 || label == 6);
            QCOMPARE(data.tasks[3].values(0, i) > 0.5f, label == 8);
            QCOMPARE(data.tasks[4].values(0, i) > 0.5f, label == 1);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseFashionMtlTasks("class,shoes"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseFashionMtlTasks("class,class"));
    }

    void spuriousBorderFollowsTheTaskInTrainingOnly()
    {
        // 2,000 training and 2,000 test items; the border follows "tops" with probability 0.9 in
        // training (and validation), a fair coin in test. Groups are 2 y + a.
        FashionMtlOptions options;
        options.tasks = parseFashionMtlTasks("class,tops");
        options.trainSamples = 2000;
        options.testSamples = 2000;
        options.spuriousTask = "tops";
        options.spuriousStrength = 0.9;
        options.seed = 3;
        const LabelledImages train = syntheticItems(2000), test = syntheticItems(2000);
        const MultiTaskDataset data = makeFashionMtl(options, train, test);
        QCOMPARE(data.groups.size(), std::size_t(4000));
        int agreeTrain = 0, agreeTest = 0, bordersTest = 0;
        for (Index i = 0; i < 4000; ++i) {
            const int y = data.tasks[1].values(0, i) > 0.5f ? 1 : 0;
            const int group = data.groups[static_cast<std::size_t>(i)];
            QCOMPARE(group / 2, y);
            const int a = group % 2;
            // The corner and an edge pixel are white with the attribute, else the item's own value
            // (a synthetic item is one grey level: its centre's).
            const float original = data.features(28 * 14 + 14, i);
            QCOMPARE(data.features(0, i), a == 1 ? 1.0f : original);
            QCOMPARE(data.features(28 * 14 + 27, i), a == 1 ? 1.0f : original);
            (i < 2000 ? agreeTrain : agreeTest) += a == y;
            bordersTest += i >= 2000 && a == 1;
        }
        QVERIFY2(std::abs(agreeTrain / 2000.0 - 0.9) < 0.025, qPrintable(QString::number(agreeTrain)));
        QVERIFY2(std::abs(agreeTest / 2000.0 - 0.5) < 0.04, qPrintable(QString::number(agreeTest)));
        QVERIFY2(std::abs(bordersTest / 2000.0 - 0.5) < 0.04, qPrintable(QString::number(bordersTest)));
        // Seeded; no attribute without a spurious task; a non-binary task is refused.
        QVERIFY(makeFashionMtl(options, train, test).groups == data.groups);
        options.spuriousTask.clear();
        QVERIFY(makeFashionMtl(options, train, test).groups.empty());
        options.spuriousTask = "class";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeFashionMtl(options, train, test));
    }

    void noisyClassReplacesTheChosenShareOfLabels()
    {
        // 2,000 items: label_noise 0.5 replaces about half the labels by a uniform class, so about
        // 0.5 * 0.9 = 45% differ from the class; 0 keeps them all and 1 leaves ~10% agreeing.
        const auto disagreement = [](double noise, std::uint64_t seed) {
            FashionMtlOptions options;
            options.tasks = parseFashionMtlTasks("class,noisy_class");
            options.trainSamples = 2000;
            options.testSamples = 1;
            options.labelNoise = noise;
            options.seed = seed;
            const MultiTaskDataset data = makeFashionMtl(options, syntheticItems(2000), syntheticItems(1));
            const std::vector<int>& clean = data.tasks[0].labels;
            const std::vector<int>& noisy = data.tasks[1].labels;
            int differ = 0;
            bool inRange = data.tasks[1].classCount == 10;
            for (std::size_t i = 0; i < clean.size(); ++i) {
                inRange = inRange && noisy[i] >= 0 && noisy[i] < 10;
                differ += clean[i] != noisy[i];
            }
            // (QVERIFY returns from the function it is in: checked by the caller.)
            return std::make_pair(
                inRange ? static_cast<double>(differ) / static_cast<double>(clean.size()) : -1.0, noisy);
        };
        QCOMPARE(disagreement(0.0, 1).first, 0.0);
        const auto half = disagreement(0.5, 1);
        QVERIFY2(std::abs(half.first - 0.45) < 0.04, qPrintable(QString::number(half.first)));
        QVERIFY2(std::abs(disagreement(1.0, 1).first - 0.9) < 0.03, "all labels redrawn");
        QVERIFY(disagreement(0.5, 1).second == half.second); // seeded
        QVERIFY(disagreement(0.5, 2).second != half.second);
        FashionMtlOptions bad;
        bad.labelNoise = 1.5;
        bad.trainSamples = 20;
        bad.testSamples = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeFashionMtl(bad, syntheticItems(20), syntheticItems(1)));
    }

    void cacheSharesOneCopy()
    {
        DatasetCache& cache = DatasetCache::instance();
        const long long before = cache.builds();
        auto factory = [] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            MultiTaskDataset data;
            data.features = Matrix::Ones(2, 3);
            return data;
        };
        std::vector<DatasetPtr> results(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < results.size(); ++i)
            threads.emplace_back([&, i] { results[i] = cache.get("test|shared", factory); });
        for (std::thread& thread : threads)
            thread.join();
        QCOMPARE(cache.builds() - before, 1LL);
        for (const DatasetPtr& result : results)
            QCOMPARE(result.get(), results[0].get());
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error, cache.get("test|fails", []() -> MultiTaskDataset { throw std::runtime_error("no"); }));
        QVERIFY(cache.get("test|other", factory).get() != results[0].get());
    }

    void registeredProblemsOnRealData_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("architecture");
        QTest::newRow("multi_fashion-cnn") << "multi_fashion"
                                           << "cnn";
        QTest::newRow("multi_fashion-mmoe") << "multi_fashion"
                                            << "mmoe";
        QTest::newRow("fashion_mtl-cnn") << "fashion_mtl"
                                         << "cnn";
        QTest::newRow("fashion_mtl-mlp") << "fashion_mtl"
                                         << "mlp";
    }
    void registeredProblemsOnRealData()
    {
        QFETCH(QString, problem);
        QFETCH(QString, architecture);
        if (!fashionInstalled())
            QSKIP("dataset-fashion-mnist is not installed");
        const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(problem.toStdString());
        QVERIFY(spec);
        problem::ProblemContext context;
        context.problem
            = core::withDefaults(spec->parameters, { { "train_samples", 200LL }, { "test_samples", 50LL } });
        context.model = core::withDefaults(problem::modelSchema(),
            { { "architecture", architecture.toStdString() }, { "trunk", std::vector<long long> { 16 } } });
        context.batchSize = 32;
        QVERIFY(!spec->validate(context));
        std::unique_ptr<problem::MultiTaskProblem> instance = spec->create(context);
        QCOMPARE(instance->taskCount(), spec->taskCount(context));
        core::Rng rng(3);
        const core::Vector theta = instance->initialParameters(rng);
        problem::StepGradients withJ, onlyG;
        core::Rng a(9), b(9);
        instance->computeGradients(theta, { problem::GradientSpace::SharedParameters, true }, a, withJ);
        // A fresh problem (same data from the cache) sees the same first batch.
        std::unique_ptr<problem::MultiTaskProblem> twin = spec->create(context);
        twin->computeGradients(theta, { problem::GradientSpace::SharedParameters, false }, b, onlyG);
        const Eigen::MatrixXd J = withJ.jacobian.cast<double>();
        MTW_COMPARE_VECTORS(onlyG.gramian, J * J.transpose(), 1e-3, 1e-6);
        const std::vector<problem::TaskMetrics> metrics = problem::taskMetrics(*instance, theta, problem::Split::Test);
        QCOMPARE(static_cast<int>(metrics.size()), instance->taskCount());
        QVERIFY(metrics[0].find("accuracy"));
    }
};

QTEST_GUILESS_MAIN(TestMultiFashion)
#include "tst_multi_fashion.moc"

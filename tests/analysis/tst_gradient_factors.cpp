// Gradient factors: the pure estimators on hand-computed and synthetic per-example gradients, the
// Fisher trace of linear models against its closed form, coherence of identical examples, the
// estimator against per-example gradients and oracle batch gradients, and determinism.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/global_control.h>

#include "analysis/gradient_factors.h"
#include "analysis/per_example_gradients.h"
#include "analysis/task_gradient_oracle.h"
#include "analysis_fixtures.h"
#include "common/compare.h"
#include "core/activation.h"
#include "core/linear.h"

#include <QTest>
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

using namespace mtw::analysis;
using mtw::core::Index;
using mtw::core::Matrix;

namespace {

// A linear model per task on `samples` inputs x ~ N(0, I_5): trunk = identity, heads = one Linear
// layer (4-class classification, 3-output regression, 3-output binary). theta ~ N(0, 1) so the
// predictive distributions are far from uniform.
std::unique_ptr<mtw::problem::HardSharingNetwork> makeLinearModel(int samples, mtw::core::Vector& theta)
{
    const Index inputs = 5;
    mtw::core::Rng rng(21);
    auto data = std::make_shared<mtw::data::MultiTaskDataset>();
    data->name = "linear";
    data->features.resize(inputs, samples);
    for (Index i = 0; i < data->features.size(); ++i)
        data->features.data()[i] = static_cast<float>(rng.normal());
    mtw::data::TaskTargets classes { "classes", mtw::data::TargetKind::Classification, 4, {}, {} };
    mtw::data::TaskTargets values { "values", mtw::data::TargetKind::Regression, 0, {}, Matrix(3, samples) };
    mtw::data::TaskTargets flags { "flags", mtw::data::TargetKind::Binary, 0, {}, Matrix(3, samples) };
    for (int s = 0; s < samples; ++s) {
        classes.labels.push_back(static_cast<int>(rng.index(4)));
        for (Index j = 0; j < 3; ++j) {
            values.values(j, s) = static_cast<float>(rng.normal());
            flags.values(j, s) = rng.uniform() < 0.5 ? 1.0f : 0.0f;
        }
        data->train.push_back(s);
    }
    data->tasks = { classes, values, flags };
    mtw::core::Sequential trunk;
    trunk.add(std::make_unique<mtw::core::Activation>(mtw::core::ActivationKind::Identity, inputs));
    std::vector<mtw::core::Sequential> heads(3);
    heads[0].add(std::make_unique<mtw::core::Linear>(inputs, 4));
    heads[1].add(std::make_unique<mtw::core::Linear>(inputs, 3));
    heads[2].add(std::make_unique<mtw::core::Linear>(inputs, 3));
    auto network
        = std::make_unique<mtw::problem::HardSharingNetwork>("linear", data, std::move(trunk), std::move(heads), 32);
    theta.resize(network->parameterCount());
    for (Index i = 0; i < theta.size(); ++i)
        theta(i) = static_cast<float>(rng.normal());
    return network;
}

struct FisherReference {
    double sampled = 0; // E_y tr F, averaged over the samples
    double sampledStd = 0; // standard deviation of the one-label-per-sample estimate
    double empirical = 0; // with the data's labels
};

// Per sample, g = [delta x^T, delta] so |g|^2 = |delta|^2 s with s = |x|^2 + 1, and delta over
// y ~ model: cross-entropy p - e_y (E |delta|^2 = 1 - |p|^2); MSE 2 (yhat - y) / k with
// y = yhat + sqrt(k/2) eps, so |delta|^2 = (2/k) |eps|^2 (mean 2, variance 8/k); BCE
// (sigma - y) / k per output, each (sigma - y)^2 with mean sigma (1 - sigma).
FisherReference fisherReference(
    const mtw::problem::HardSharingNetwork& network, const mtw::core::Vector& theta, int task)
{
    const mtw::data::MultiTaskDataset& data = network.dataset();
    const mtw::data::TaskTargets& target = data.tasks[static_cast<std::size_t>(task)];
    const Index k = network.head(task).outputSize(), d = data.inputDimension();
    const Eigen::MatrixXd W = Eigen::Map<const Matrix>(theta.data() + network.headOffset(task), k, d).cast<double>();
    const Eigen::VectorXd b
        = Eigen::Map<const mtw::core::Vector>(theta.data() + network.headOffset(task) + k * d, k).cast<double>();
    FisherReference reference;
    double variance = 0;
    const Index n = data.sampleCount();
    for (Index i = 0; i < n; ++i) {
        const Eigen::VectorXd x = data.features.col(i).cast<double>();
        const Eigen::VectorXd z = W * x + b;
        const double s = x.squaredNorm() + 1;
        double mean = 0, meanOfSquare = 0, empirical = 0;
        if (target.kind == mtw::data::TargetKind::Classification) {
            const Eigen::VectorXd e = (z.array() - z.maxCoeff()).exp();
            const Eigen::VectorXd p = e / e.sum();
            for (Index c = 0; c < k; ++c) {
                const double a = p.squaredNorm() - 2 * p(c) + 1; // |p - e_c|^2
                mean += p(c) * a;
                meanOfSquare += p(c) * a * a;
            }
            empirical = p.squaredNorm() - 2 * p(target.labels[static_cast<std::size_t>(i)]) + 1;
        } else if (target.kind == mtw::data::TargetKind::Regression) {
            const double kk = static_cast<double>(k);
            mean = 2;
            meanOfSquare = 4 + 8 / kk;
            empirical = (2 / kk * (z - target.values.col(i).cast<double>())).squaredNorm();
        } else {
            const double k2 = static_cast<double>(k * k);
            double termVariance = 0;
            for (Index j = 0; j < k; ++j) {
                const double sigma = 1 / (1 + std::exp(-z(j))), y = target.values(j, i);
                const double m = sigma * (1 - sigma);
                mean += m / k2;
                // E (sigma - y)^4 = sigma (1 - sigma)^4 + (1 - sigma) sigma^4; the outputs are independent.
                termVariance += (m * (std::pow(1 - sigma, 3) + std::pow(sigma, 3)) - m * m) / (k2 * k2);
                empirical += (sigma - y) * (sigma - y) / k2;
            }
            meanOfSquare = termVariance + mean * mean;
        }
        reference.sampled += mean * s;
        variance += (meanOfSquare - mean * mean) * s * s;
        reference.empirical += empirical * s;
    }
    reference.sampled /= static_cast<double>(n);
    reference.empirical /= static_cast<double>(n);
    reference.sampledStd = std::sqrt(variance) / static_cast<double>(n);
    return reference;
}

// Per-example gradients as the columns of a rows x n matrix, listed column by column.
Eigen::MatrixXd columns(Index rows, std::initializer_list<double> values)
{
    Eigen::MatrixXd gradients(rows, static_cast<Index>(values.size()) / rows);
    std::copy(values.begin(), values.end(), gradients.data());
    return gradients;
}

std::uint64_t bitsOf(double value)
{
    return std::bit_cast<std::uint64_t>(value);
}

bool identicalBits(const std::vector<TaskGradientFactors>& a, const std::vector<TaskGradientFactors>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t t = 0; t < a.size(); ++t)
        if (bitsOf(a[t].coherence) != bitsOf(b[t].coherence) || bitsOf(a[t].noiseScale) != bitsOf(b[t].noiseScale)
            || bitsOf(a[t].withinTaskCosine) != bitsOf(b[t].withinTaskCosine)
            || bitsOf(a[t].fisherTrace) != bitsOf(b[t].fisherTrace)
            || bitsOf(a[t].gradientNorm) != bitsOf(b[t].gradientNorm))
            return false;
    return true;
}

} // namespace

class TestGradientFactors : public QObject {
    Q_OBJECT
private slots:
    void testSimpleNoiseScale_data()
    {
        QTest::addColumn<Eigen::MatrixXd>("gradients"); // one per column
        QTest::addColumn<double>("expected");
        const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
        // 3 and 1: sample variance 2 (n - 1 = 1), |G|^2 ~ |mean|^2 - tr(Sigma)/n = 4 - 1 = 3.
        QTest::newRow("two-samples-3-and-1") << columns(1, { 3, 1 }) << 2.0 / 3.0;
        // (2, 0), (0, 2), (1, 1): S = 10/3, M = 2, tr ~ 3/2 (10/3 - 2) = 2 (deviations from the
        // mean (1, 1) square to 4, over n - 1 = 2), |G|^2 ~ (3 2 - 10/3)/2 = 4/3 = M - tr/n.
        QTest::newRow("three-samples") << columns(2, { 2, 0, 0, 2, 1, 1 }) << 1.5;
        QTest::newRow("orthogonal-pair-unresolved-mean") << columns(2, { 1, 0, 0, 1 }) << inf;
        QTest::newRow("identical-no-noise") << columns(2, { 1, 2, 1, 2 }) << 0.0;
        QTest::newRow("single-sample") << columns(2, { 1, 2 }) << nan;
        QTest::newRow("all-zero") << columns(2, { 0, 0, 0, 0 }) << nan;
    }
    void testSimpleNoiseScale()
    {
        QFETCH(Eigen::MatrixXd, gradients);
        QFETCH(double, expected);
        const double S = gradients.colwise().squaredNorm().mean();
        const double M = gradients.rowwise().mean().squaredNorm();
        const double actual = simpleNoiseScale(S, M, gradients.cols());
        if (std::isnan(expected))
            QVERIFY(std::isnan(actual));
        else if (std::isinf(expected))
            QCOMPARE(actual, expected);
        else
            MTW_COMPARE_NEAR(actual, expected, 1e-12, 1e-12);
    }

    void testNoiseScaleConvergesOnSyntheticGradients()
    {
        // g_i = G + L z_i, z_i ~ N(0, I): Sigma = L L^T. The estimate's relative error is about
        // sqrt((sd tr / tr)^2 + (sd |G|^2 / |G|^2)^2) with Var(tr estimate) = 2 tr(Sigma^2) / n
        // (|L z|^2 of Gaussian z) and Var(|G|^2 estimate) ~ 4 G^T Sigma G / n (the delta method
        // on |mean|^2); 5 of those keeps a fixed-seed test far from a flaky boundary while a
        // wrong formula (S instead of S - M, n instead of n - 1 at small n: see the table above)
        // is off by far more.
        const int n = 200000;
        Eigen::Vector4d G(1.0, -0.5, 0.25, 0.8);
        Eigen::Matrix4d L;
        L << 1.5, 0, 0, 0, 0.3, 0.7, 0, 0, -0.2, 0.4, 2.0, 0, 0.1, 0.1, 0.1, 0.5;
        const Eigen::Matrix4d Sigma = L * L.transpose();
        mtw::core::Rng rng(17);
        double S = 0;
        Eigen::Vector4d mean = Eigen::Vector4d::Zero();
        for (int i = 0; i < n; ++i) {
            const Eigen::Vector4d z(rng.normal(), rng.normal(), rng.normal(), rng.normal());
            const Eigen::Vector4d g = G + L * z;
            S += g.squaredNorm();
            mean += g;
        }
        S /= n;
        mean /= n;
        const double expected = Sigma.trace() / G.squaredNorm();
        const double traceError = std::sqrt(2 * (Sigma * Sigma).trace() / n) / Sigma.trace();
        const double signalError = std::sqrt(4 * G.dot(Sigma * G) / n) / G.squaredNorm();
        const double tolerance = 5 * std::hypot(traceError, signalError);
        QVERIFY(tolerance < 0.05);
        MTW_COMPARE_NEAR(simpleNoiseScale(S, mean.squaredNorm(), n), expected, tolerance, 0.0);
    }

    void testCoherenceOfOrthogonalGradients_data()
    {
        QTest::addColumn<int>("n");
        QTest::newRow("two") << 2;
        QTest::newRow("five") << 5;
        QTest::newRow("ten") << 10;
    }
    void testCoherenceOfOrthogonalGradients()
    {
        QFETCH(int, n);
        // g_i = 3 e_i: S = 9, |mean|^2 = 9 / n.
        const Eigen::MatrixXd gradients = 3 * Eigen::MatrixXd::Identity(n, n);
        const double S = gradients.colwise().squaredNorm().mean();
        const double M = gradients.rowwise().mean().squaredNorm();
        MTW_COMPARE_NEAR(exampleCoherence(S, M), 1.0 / n, 1e-12, 0.0);
        QCOMPARE(exampleCoherence(S, S), 1.0);
        QVERIFY(std::isnan(exampleCoherence(0, 0)));
    }

    void testIdenticalExamplesAreCoherent()
    {
        // 64 copies of one sample: every g_i is the same, so coherence and the within-task cosine
        // are 1 and there is no gradient noise (up to float rounding across batch columns).
        const auto base = mtw::test::makeTestNetwork(64);
        auto data = std::make_shared<mtw::data::MultiTaskDataset>(base->dataset());
        for (Index s = 1; s < data->sampleCount(); ++s) {
            data->features.col(s) = data->features.col(0);
            data->tasks[0].labels[static_cast<std::size_t>(s)] = data->tasks[0].labels[0];
            data->tasks[1].values.col(s) = data->tasks[1].values.col(0);
        }
        auto trunk = mtw::problem::buildMlp(20, { 16, 12 }, "relu");
        std::vector<mtw::core::Sequential> heads;
        heads.push_back(mtw::problem::buildHead(12, {}, "relu", 3));
        heads.push_back(mtw::problem::buildHead(12, {}, "relu", 2));
        const mtw::problem::HardSharingNetwork network("copies", data, std::move(trunk), std::move(heads), 16);
        mtw::core::Rng rng(1);
        const mtw::core::Vector theta = network.initialParameters(rng);
        GradientFactorOptions options;
        options.samples = 64;
        const std::vector<TaskGradientFactors> factors = GradientFactorEstimator(network, options).estimate(theta, 0);
        for (const TaskGradientFactors& task : factors) {
            MTW_COMPARE_NEAR(task.coherence, 1.0, 1e-5, 0.0);
            MTW_COMPARE_NEAR(task.withinTaskCosine, 1.0, 1e-5, 0.0);
            MTW_COMPARE_NEAR(task.noiseScale, 0.0, 0.0, 1e-4);
            QVERIFY(task.gradientNorm > 0);
        }
    }

    void testFisherTraceOfLinearModels_data()
    {
        QTest::addColumn<int>("task");
        QTest::newRow("softmax-cross-entropy") << 0;
        QTest::newRow("gaussian-mse") << 1;
        QTest::newRow("bernoulli-bce") << 2;
    }
    void testFisherTraceOfLinearModels()
    {
        QFETCH(int, task);
        mtw::core::Vector theta;
        const auto network = makeLinearModel(4096, theta);
        const FisherReference reference = fisherReference(*network, theta, task);
        GradientFactorOptions options;
        options.samples = 4096;
        options.seed = 4;
        const double sampled
            = GradientFactorEstimator(*network, options).estimate(theta, 7)[std::size_t(task)].fisherTrace;
        // One label per sample: the estimate is a mean of 4096 independent terms with the
        // variance computed in fisherReference; 4 standard deviations (a false alarm with
        // probability ~6e-5 for a random seed; this seed is fixed).
        QVERIFY(reference.sampledStd < 0.05 * reference.sampled);
        MTW_COMPARE_NEAR(sampled, reference.sampled, 0.0, 4 * reference.sampledStd);
        // The empirical Fisher is a different quantity here (Kunstner et al. 2019): the data's
        // labels are unrelated to the model.
        QVERIFY(std::abs(reference.empirical - reference.sampled) > 8 * reference.sampledStd);
        options.fisherLabels = FisherLabels::Empirical;
        const double empirical
            = GradientFactorEstimator(*network, options).estimate(theta, 7)[std::size_t(task)].fisherTrace;
        MTW_COMPARE_NEAR(empirical, reference.empirical, 1e-5, 0.0);
    }

    void testEstimatorMatchesBatchGradients()
    {
        // 1500 samples, batches [0, 700) and [700, 1400): the gathered chunks (1024 + 476) are cut
        // at 700 and 1400. The oracle's gradients on the first 700 and 1400 samples give both
        // batch means; the per-example squared norms give S.
        const auto network = mtw::test::makeTestNetwork(1500, 20, 1500);
        mtw::core::Rng rng(2);
        const mtw::core::Vector theta = network->initialParameters(rng);
        GradientFactorOptions options;
        options.samples = 1500;
        options.batchSize = 700;
        options.fisherLabels = FisherLabels::Empirical;
        const GradientFactorEstimator estimator(*network, options);
        QCOMPARE(estimator.sampleCount(), Index(1500));
        QCOMPARE(estimator.batchSize(), Index(700));
        const std::vector<TaskGradientFactors> factors = estimator.estimate(theta, 0);
        const auto oracleGradients = [&](int samples) {
            TaskGradientOracle oracle(*network, 0, samples);
            Eigen::VectorXd losses;
            Eigen::MatrixXd gradients;
            oracle.evaluate(theta.cast<double>(), losses, &gradients);
            return gradients;
        };
        const Eigen::MatrixXd first = oracleGradients(700), both = oracleGradients(1400), all = oracleGradients(1500);
        const Eigen::MatrixXd second = 2 * both - first;
        double S[2] = { 0, 0 };
        for (const SubsetChunk& chunk : gatherEvaluationSubset(*network, 1500))
            for (int t = 0; t < 2; ++t)
                S[t]
                    += perExampleTaskGradients(*network, theta, t, chunk, TargetSource::Data).squaredNorms.sum() / 1500;
        for (int t = 0; t < 2; ++t) {
            const TaskGradientFactors& f = factors[std::size_t(t)];
            const double M = all.row(t).squaredNorm();
            const double cosine = first.row(t).dot(second.row(t)) / (first.row(t).norm() * second.row(t).norm());
            MTW_COMPARE_NEAR(f.gradientNorm, std::sqrt(M), 1e-5, 0.0);
            MTW_COMPARE_NEAR(f.coherence, M / S[t], 1e-5, 0.0);
            MTW_COMPARE_NEAR(f.noiseScale, 1500.0 * (S[t] - M) / (1500.0 * M - S[t]), 1e-4, 0.0);
            MTW_COMPARE_NEAR(f.withinTaskCosine, cosine, 1e-5, 1e-6);
            // The estimator's chunks (cut at the batches) have other GEMM shapes: float rounding.
            MTW_COMPARE_NEAR(f.fisherTrace, S[t], 1e-6, 0.0);
        }
    }

    void testDisabledFactorsStayNaN()
    {
        const auto network = mtw::test::makeTestNetwork(200, 20, 200);
        mtw::core::Rng rng(2);
        const mtw::core::Vector theta = network->initialParameters(rng);
        GradientFactorOptions options;
        options.samples = 200;
        options.coherence = options.withinTaskCosine = false;
        // Only a sampled Fisher: no data-label pass, so no gradient norm either.
        for (const TaskGradientFactors& f : GradientFactorEstimator(*network, options).estimate(theta, 0)) {
            QVERIFY(std::isnan(f.coherence) && std::isnan(f.noiseScale) && std::isnan(f.withinTaskCosine));
            QVERIFY(std::isnan(f.gradientNorm));
            QVERIFY(f.fisherTrace > 0);
        }
        options.fisher = false;
        for (const TaskGradientFactors& f : GradientFactorEstimator(*network, options).estimate(theta, 0))
            QVERIFY(std::isnan(f.fisherTrace) && std::isnan(f.gradientNorm));
        options.samples = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GradientFactorEstimator(*network, options));
    }

    void testDeterministic()
    {
        const auto network = mtw::test::makeTestNetwork(1500, 20, 1500);
        mtw::core::Rng rng(1);
        const mtw::core::Vector theta = network->initialParameters(rng);
        GradientFactorOptions options;
        options.samples = 1500;
        options.batchSize = 300;
        const GradientFactorEstimator estimator(*network, options);
        std::vector<TaskGradientFactors> one, two, again;
        {
            const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
            one = estimator.estimate(theta, 5);
        }
        {
            const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
            two = estimator.estimate(theta, 5);
            again = estimator.estimate(theta, 5);
        }
        for (const TaskGradientFactors& f : one)
            QVERIFY(std::isfinite(f.coherence) && std::isfinite(f.noiseScale) && std::isfinite(f.withinTaskCosine)
                && std::isfinite(f.fisherTrace) && std::isfinite(f.gradientNorm));
        QVERIFY(identicalBits(one, two));
        QVERIFY(identicalBits(two, again));
        // The sampled labels depend on the step; the data-label factors do not.
        const std::vector<TaskGradientFactors> later = estimator.estimate(theta, 6);
        QCOMPARE(later[0].coherence, one[0].coherence);
        QVERIFY(later[0].fisherTrace != one[0].fisherTrace);
    }
};

QTEST_GUILESS_MAIN(TestGradientFactors)
#include "tst_gradient_factors.moc"

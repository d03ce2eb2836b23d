// Partial supervision (Fontana et al.; data/labelled_fraction.h): the labelled fractions by count,
// and every quantity of a network with unlabelled samples -- the step's losses, Jacobian and
// Gramian, the evaluations, lossesAt, the factored landscape evaluator and the gradient oracle --
// against the same quantity computed independently on a data set that holds only the labelled
// samples of the task.
#include "analysis/factored_network_evaluator.h"
#include "analysis/task_gradient_oracle.h"
#include "common/compare.h"
#include "data/labelled_fraction.h"
#include "data/synthetic_task_family.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"

#include <QTest>
#include <algorithm>
#include <cmath>

using namespace mtw;
using core::Index;

namespace {

data::MultiTaskDataset family()
{
    data::SyntheticTaskFamilyOptions options;
    options.tasks = 2;
    options.samples = 80;
    options.features = 5;
    options.hidden = 4;
    options.classification = true;
    options.classes = 3;
    options.seed = 7;
    return data::makeSyntheticTaskFamily(options);
}

std::unique_ptr<problem::HardSharingNetwork> network(const data::MultiTaskDataset& dataset, int batch)
{
    auto shared = std::make_shared<const data::MultiTaskDataset>(dataset);
    std::vector<core::Sequential> heads;
    for (const data::TaskTargets& task : shared->tasks)
        heads.push_back(problem::buildHead(6, {}, "tanh", task.outputSize()));
    return std::make_unique<problem::HardSharingNetwork>(
        "net", shared, problem::buildMlp(5, { 8, 6 }, "tanh"), std::move(heads), batch);
}

// The data set whose training split is `dataset`'s training samples labelled for `task`.
data::MultiTaskDataset labelledOnly(const data::MultiTaskDataset& dataset, int task)
{
    data::MultiTaskDataset subset = dataset;
    subset.train.clear();
    for (const Index sample : dataset.train)
        if (dataset.tasks[static_cast<std::size_t>(task)].isLabelled(sample))
            subset.train.push_back(sample);
    return subset;
}

} // namespace

class TestPartialSupervision : public QObject {
    Q_OBJECT
private slots:
    void fractionsAreParsedAndKeptByCount()
    {
        QCOMPARE(data::labelledFractions({ 0.25 }, 3), (std::vector<double> { 0.25, 0.25, 0.25 }));
        QCOMPARE(data::labelledFractions({ 1, 0.1 }, 2), (std::vector<double> { 1.0, 0.1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, data::labelledFractions({ 1, 0.5, 0.5 }, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, data::labelledFractions({ 1.5 }, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, data::labelledFractions({}, 2));

        data::MultiTaskDataset dataset = family();
        const data::MultiTaskDataset original = dataset;
        const std::size_t n = dataset.train.size();
        data::keepLabelledFractions(dataset, { 1.0, 0.25 }, 3);
        QVERIFY(dataset.partiallyLabelled());
        QCOMPARE(dataset.tasks[0].labelledCount(dataset.train), static_cast<Index>(n));
        QCOMPARE(dataset.tasks[1].labelledCount(dataset.train), static_cast<Index>(std::llround(0.25 * double(n))));
        // Validation and test keep every label; a kept label is the original one.
        QCOMPARE(dataset.tasks[1].labelledCount(dataset.test), static_cast<Index>(dataset.test.size()));
        QCOMPARE(dataset.tasks[1].labelledCount(dataset.validation), static_cast<Index>(dataset.validation.size()));
        for (const Index sample : dataset.train)
            if (dataset.tasks[1].isLabelled(sample))
                QCOMPARE(dataset.tasks[1].labels[std::size_t(sample)], original.tasks[1].labels[std::size_t(sample)]);
        // A task's draw does not depend on the other tasks' fractions.
        data::MultiTaskDataset other = original;
        data::keepLabelledFractions(other, { 0.5, 0.25 }, 3);
        QCOMPARE(other.tasks[1].labels, dataset.tasks[1].labels);
        QVERIFY(!family().partiallyLabelled());
    }

    void stepLossesJacobianAndGramianAreThoseOfTheLabelledSamples()
    {
        data::MultiTaskDataset partial = family();
        data::keepLabelledFractions(partial, { 1.0, 0.5 }, 11);
        const int n = static_cast<int>(partial.train.size());
        const int labelled = static_cast<int>(partial.tasks[1].labelledCount(partial.train));
        // Full batches: the step sees every training sample, so the references are full batches too.
        auto net = network(partial, n);
        auto full = network(family(), n);
        auto subset = network(labelledOnly(partial, 1), labelled);
        core::Rng init(5);
        const core::Vector theta = net->initialParameters(init);
        const problem::GradientRequest request { problem::GradientSpace::SharedParameters, true, true, true };
        problem::StepGradients mixed, first, second;
        core::Rng a(1), b(1), c(1);
        net->computeGradients(theta, request, a, mixed);
        full->computeGradients(theta, request, b, first);
        subset->computeGradients(theta, request, c, second);

        QCOMPARE(mixed.labelled, Eigen::Vector2d(n, labelled));
        QCOMPARE(first.labelled.size(), Index(0)); // fully labelled: nothing recorded
        MTW_COMPARE_NEAR(mixed.losses(0), first.losses(0), 1e-6, 1e-6);
        MTW_COMPARE_NEAR(mixed.losses(1), second.losses(1), 1e-6, 1e-6);
        MTW_COMPARE_VECTORS(mixed.jacobian.row(0).cast<double>(), first.jacobian.row(0).cast<double>(), 1e-4, 1e-6);
        MTW_COMPARE_VECTORS(mixed.jacobian.row(1).cast<double>(), second.jacobian.row(1).cast<double>(), 1e-4, 1e-6);
        const Eigen::MatrixXd J(mixed.jacobian.cast<double>());
        const Eigen::MatrixXd expected = J * J.transpose();
        for (Index s = 0; s < 2; ++s)
            for (Index t = 0; t < 2; ++t)
                MTW_COMPARE_NEAR(mixed.gramian(s, t), expected(s, t), 1e-4, 1e-8);
        // The update of task 1 alone, head included, is the labelled subset's.
        core::Vector direction, reference;
        net->combine(Eigen::Vector2d(0, 1), true, direction);
        subset->combine(Eigen::Vector2d(0, 1), true, reference);
        MTW_COMPARE_VECTORS(direction.cast<double>(), reference.cast<double>(), 1e-4, 1e-6);
    }

    void evaluationsAndAnalysesCountLabelledSamplesOnly()
    {
        data::MultiTaskDataset partial = family();
        data::keepLabelledFractions(partial, { 0.6, 0.3 }, 2);
        for (std::size_t i = 0; i < partial.test.size(); i += 2)
            partial.tasks[1].unlabel(partial.test[i]); // a test split with gaps, as a CSV may have
        auto net = network(partial, 8);
        core::Rng init(9);
        const core::Vector theta = net->initialParameters(init);
        for (int t = 0; t < 2; ++t) {
            data::MultiTaskDataset only = labelledOnly(partial, t);
            only.test.erase(std::remove_if(only.test.begin(), only.test.end(),
                                [&](Index s) { return !only.tasks[std::size_t(t)].isLabelled(s); }),
                only.test.end());
            auto reference = network(only, 8);
            const auto evaluated = net->evaluate(theta, problem::Split::Test)[std::size_t(t)];
            const auto expected = reference->evaluate(theta, problem::Split::Test)[std::size_t(t)];
            MTW_COMPARE_NEAR(evaluated.loss, expected.loss, 1e-6, 1e-9); // GEMMs over other column counts
            QCOMPARE(evaluated.metric, expected.metric);
            QCOMPARE(evaluated.moreMetrics.front().value, expected.moreMetrics.front().value); // macro-F1
            MTW_COMPARE_NEAR(net->lossesAt(theta)(t), reference->lossesAt(theta)(t), 1e-6, 1e-9);
        }
        // The factored landscape evaluator at the plane's origin and the gradient oracle weight
        // each task's chunks by its labelled samples, as lossesAt does.
        analysis::LandscapePlane plane;
        plane.origin = theta;
        plane.d1 = core::Vector::Zero(theta.size());
        plane.d2 = core::Vector::Zero(theta.size());
        const analysis::FactoredNetworkEvaluator factored(*net, plane);
        MTW_COMPARE_VECTORS(factored.lossesAt(0, 0), net->lossesAt(theta), 1e-6, 1e-9);
        analysis::TaskGradientOracle oracle(*net);
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta.cast<double>(), losses, &gradients);
        MTW_COMPARE_VECTORS(losses, net->lossesAt(theta), 1e-6, 1e-9);
        auto only = network(labelledOnly(partial, 1), 8);
        analysis::TaskGradientOracle reference(*only);
        Eigen::VectorXd expectedLosses, gradient, total;
        Eigen::MatrixXd expected;
        reference.evaluate(theta.cast<double>(), expectedLosses, &expected);
        MTW_COMPARE_VECTORS(gradients.row(1).transpose(), expected.row(1).transpose(), 1e-5, 1e-7);
        // The total's single backward scales each task's delta by its own share.
        const double sum = oracle.lossAndGradient(theta.cast<double>(), -1, total);
        MTW_COMPARE_NEAR(sum, losses.sum(), 1e-6, 1e-9);
        MTW_COMPARE_VECTORS(total, gradients.colwise().sum().transpose(), 1e-5, 1e-7);
    }
};

QTEST_GUILESS_MAIN(TestPartialSupervision)
#include "tst_partial_supervision.moc"

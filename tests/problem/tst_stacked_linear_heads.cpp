// StackedLinearHeads (issue 15): T one-Linear heads computed as one stacked matrix must give what
// each head gives on its own through core::Sequential: outputs, parameter gradients, the
// representation deltas dZ_t = W_t^T dO_t and the weighted delta sum_t w_t dZ_t, for heads of
// different output sizes. HardSharingNetwork takes the stacked path for such heads; its finite
// differences and single-backward checks (tst_hard_sharing_network) run on it.
#include "problem/network_builder.h"
#include "problem/stacked_linear_heads.h"

#include "core/rng.h"

#include <QTest>

using namespace mtw;
using core::Index;
using core::Matrix;
using core::Vector;

namespace {

struct Setup {
    std::vector<core::Sequential> heads;
    std::vector<Index> offsets;
    Vector params;
    Matrix Z;
    std::vector<Matrix> outputGradients;
};

// Three heads with 3, 1 and 5 outputs on a 6-unit representation, a batch of 9.
Setup setup()
{
    Setup s;
    const Index outputs[] = { 3, 1, 5 };
    Index count = 4; // parameters before the heads (a trunk's), so offsets are not 0
    for (Index size : outputs) {
        s.heads.push_back(problem::buildHead(6, {}, "relu", size));
        s.offsets.push_back(count);
        count += s.heads.back().parameterCount();
    }
    core::Rng rng(3);
    s.params = Vector::Zero(count);
    for (std::size_t t = 0; t < s.heads.size(); ++t)
        s.heads[t].initialize(s.params.data() + s.offsets[t], rng);
    s.Z = Matrix::Random(6, 9);
    for (Index size : outputs)
        s.outputGradients.push_back(Matrix::Random(size, 9));
    return s;
}

float maxDifference(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols() ? (a - b).cwiseAbs().maxCoeff() : 1e30f;
}

} // namespace

class TestStackedLinearHeads : public QObject {
    Q_OBJECT
private slots:
    void appliesToOneLinearLayerOnly()
    {
        std::vector<core::Sequential> heads;
        heads.push_back(problem::buildHead(6, {}, "relu", 3));
        QVERIFY(problem::StackedLinearHeads::applies(heads));
        heads.push_back(problem::buildHead(6, { 4 }, "relu", 3)); // a hidden layer
        QVERIFY(!problem::StackedLinearHeads::applies(heads));
        heads.pop_back();
        heads.push_back(problem::buildHead(5, {}, "relu", 3)); // another input size
        QVERIFY(!problem::StackedLinearHeads::applies(heads));
        QVERIFY(!problem::StackedLinearHeads::applies({}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, problem::StackedLinearHeads { heads });
    }

    void matchesEachHeadOnItsOwn()
    {
        Setup s = setup();
        problem::StackedLinearHeads stacked(s.heads);
        stacked.forward(s.params.data(), s.offsets, s.Z);
        for (std::size_t t = 0; t < s.heads.size(); ++t)
            stacked.outputGradient(t) = s.outputGradients[t];
        std::vector<Vector> gradients;
        stacked.parameterGradients(s.Z, gradients);
        Matrix stack;
        stacked.representationDeltas(stack);
        QCOMPARE(stack.rows(), Index(6));
        QCOMPARE(stack.cols(), Index(27));

        const Vector weights = (Vector(3) << 0.5f, -2.0f, 1.25f).finished();
        Matrix weighted = Matrix::Zero(6, 9);
        for (std::size_t t = 0; t < s.heads.size(); ++t) {
            const Index task = static_cast<Index>(t);
            core::Sequential::Workspace work;
            const core::Scalar* head = s.params.data() + s.offsets[t];
            const Matrix outputs = s.heads[t].forward(head, s.Z, work);
            QVERIFY2(maxDifference(stacked.outputs(t), outputs) < 1e-6f, qPrintable(QString::number(task)));
            Vector gradient(s.heads[t].parameterCount());
            Matrix dZ;
            s.heads[t].backward(head, work, s.outputGradients[t], gradient.data(), &dZ);
            QVERIFY(maxDifference(gradients[t], gradient) < 1e-5f);
            QVERIFY(maxDifference(stack.middleCols(task * 9, 9), dZ) < 1e-5f);
            weighted += weights(task) * dZ;
        }
        Matrix delta;
        stacked.weightedRepresentationDelta(weights, delta);
        QVERIFY(maxDifference(delta, weighted) < 1e-5f);
        // The weighted delta leaves the parameter gradients' inputs as they were: asking twice gives the same.
        Matrix again;
        stacked.weightedRepresentationDelta(weights, again);
        QVERIFY(maxDifference(delta, again) == 0);
    }
};

QTEST_GUILESS_MAIN(TestStackedLinearHeads)
#include "tst_stacked_linear_heads.moc"

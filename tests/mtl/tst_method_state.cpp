// Checkpoint safety of every registered method: a method claims `stateful` exactly when it has
// state, and each stateful method refuses, with a message naming the entry, a state that lacks an
// entry, has an entry of the wrong size, or comes from another task count -- and is left as it was.
#include "method_test_support.h"

#include <QTest>
#include <stdexcept>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr int kTasks = 3;

std::unique_ptr<mtl::Method> create(const mtl::MethodSpec& spec, int tasks)
{
    const auto params
        = spec.exampleParameters ? spec.exampleParameters(tasks) : std::map<std::string, core::ParameterValue> {};
    return mtl::MethodRegistry::instance().create(spec.id, params, tasks);
}

// A method after two steps, so that state sized by the first step (Jacobian-sized accumulators,
// Adam moments) exists.
std::unique_ptr<mtl::Method> stepped(const mtl::MethodSpec& spec, int tasks)
{
    auto method = create(spec, tasks);
    core::Rng rng(5);
    for (long long step = 0; step < 2; ++step) {
        MatrixXd J(tasks, 6);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal() + 0.5;
        VectorXd losses(tasks);
        for (int t = 0; t < tasks; ++t)
            losses(t) = rng.uniform(0.5, 2.0);
        test::runMethod(*method, J, losses, 7, step);
    }
    return method;
}

// The refusal's message, or empty when the state was accepted.
std::string refusal(mtl::Method& method, const mtl::MethodState& state)
{
    try {
        method.setState(state);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return {};
}

// Entries added after checkpoints were first written: older checkpoints lack them, so their
// absence is accepted (with a documented fallback); a wrong size is still refused.
bool mayBeAbsent(const std::string& id, const std::string& key)
{
    return id == "nash_mtl" && key == "solver_failed";
}

} // namespace

class TestMethodState : public QObject {
    Q_OBJECT
private slots:
    void statefulClaimMatchesState_data()
    {
        QTest::addColumn<QString>("id");
        for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
            QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }
    void statefulClaimMatchesState()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = *mtl::MethodRegistry::instance().find(id.toStdString());
        QCOMPARE(!stepped(spec, kTasks)->state().empty(), spec.properties.stateful);
    }

    void badStateIsRefused_data()
    {
        QTest::addColumn<QString>("id");
        for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
            if (spec->properties.stateful)
                QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }
    void badStateIsRefused()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = *mtl::MethodRegistry::instance().find(id.toStdString());
        const mtl::MethodState good = stepped(spec, kTasks)->state();
        auto target = create(spec, kTasks);
        const mtl::MethodState initial = target->state();

        QVERIFY(!refusal(*target, {}).empty());
        QVERIFY(!refusal(*target, stepped(spec, kTasks - 1)->state()).empty());
        QCOMPARE(target->state(), initial);

        for (const auto& [key, values] : good) {
            const std::string quoted = "'" + key + "'";
            mtl::MethodState missing = good;
            missing.erase(key);
            const std::string missingError = refusal(*target, missing);
            if (mayBeAbsent(spec.id, key)) {
                QVERIFY2(missingError.empty(), missingError.c_str());
                target = create(spec, kTasks);
            } else {
                QVERIFY2(missingError.find(quoted) != std::string::npos, (key + ": " + missingError).c_str());
                QCOMPARE(target->state(), initial);
            }

            mtl::MethodState resized = good;
            resized[key].push_back(0.0);
            const std::string sizeError = refusal(*target, resized);
            QVERIFY2(sizeError.find(quoted) != std::string::npos, (key + ": " + sizeError).c_str());
            QCOMPARE(target->state(), initial);
        }

        QCOMPARE(refusal(*target, good), std::string());
        QCOMPARE(target->state(), good);
    }
};

QTEST_GUILESS_MAIN(TestMethodState)
#include "tst_method_state.moc"

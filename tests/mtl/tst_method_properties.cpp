// The shared property tests (TorchJD's property testers, restated): every registered method is
// run on random Jacobians and checked for the properties its spec claims. A new method is tested
// by being registered.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>
#include <set>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

MatrixXd randomJacobian(int tasks, int params, std::uint64_t seed)
{
    core::Rng rng(seed);
    MatrixXd J(tasks, params);
    for (Eigen::Index i = 0; i < J.size(); ++i)
        J.data()[i] = rng.normal();
    return J;
}

VectorXd positiveLosses(int tasks, std::uint64_t seed)
{
    core::Rng rng(seed + 1000);
    VectorXd losses(tasks);
    for (int t = 0; t < tasks; ++t)
        losses(t) = rng.uniform(0.5, 2.0);
    return losses;
}

std::map<std::string, core::ParameterValue> paramsFor(const mtl::MethodSpec& spec, int tasks)
{
    return spec.exampleParameters ? spec.exampleParameters(tasks) : std::map<std::string, core::ParameterValue> {};
}

test::MethodResult run(const mtl::MethodSpec& spec, const MatrixXd& J, const VectorXd& losses, std::uint64_t seed = 7)
{
    auto method = mtl::MethodRegistry::instance().create(
        spec.id, paramsFor(spec, static_cast<int>(J.rows())), static_cast<int>(J.rows()));
    return test::runMethod(*method, J, losses, seed);
}

void addMethodRows()
{
    QTest::addColumn<QString>("id");
    for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
        QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
}

const mtl::MethodSpec& specOf(const QString& id)
{
    return *mtl::MethodRegistry::instance().find(id.toStdString());
}

// Row norms spanning 1e4: one row 1e4 times the others, one 1e-4 times, or a geometric ramp from 1
// to 1e4 over the rows. The regularized dual-cone QPs (reg_eps > 0) and Frank-Wolfe lose the small
// tasks on such inputs (issue 10: UPGrad's default gave progress -19,240 for one task).
MatrixXd badlyScaledJacobian(int tasks, int params, std::uint64_t seed, int variant)
{
    MatrixXd J = randomJacobian(tasks, params, seed);
    if (variant == 0)
        J.row(0) *= 1e4;
    else if (variant == 1)
        J.row(tasks - 1) *= 1e-4;
    else
        for (int t = 0; t < tasks; ++t)
            J.row(t) *= std::pow(1e4, static_cast<double>(t) / (tasks - 1));
    return J;
}

// The parameters under which each non-conflicting claim holds exactly, whatever the scaling of
// the rows -- the condition each method states in its summary or parameter documentation. A
// method claiming non-conflict must be listed here.
const std::map<std::string, std::map<std::string, core::ParameterValue>>& exactNonConflictConditions()
{
    static const std::map<std::string, std::map<std::string, core::ParameterValue>> conditions {
        { "mgda", { { "solver", std::string("exact") } } },
        { "nash_mtl", {} },
        { "upgrad", { { "reg_eps", 0.0 }, { "norm_eps", 0.0 } } },
        { "dual_proj", { { "reg_eps", 0.0 }, { "norm_eps", 0.0 } } },
    };
    return conditions;
}

} // namespace

class TestMethodProperties : public QObject {
    Q_OBJECT
private slots:
    void registryIsPopulated()
    {
        const auto all = mtl::MethodRegistry::instance().all();
        // The exact list: a method lost from (or added to) the registry must show up here, since
        // every other test of this file iterates over whatever is registered.
        const std::set<std::string> expected { "aligned_mtl", "cagrad", "config", "db_mtl", "dual_proj", "dwa",
            "ema_lw", "emtl", "ew", "excess_mtl", "fairgrad", "famo", "fixed", "gls", "gn_scaling", "graddrop",
            "gradnorm", "gradvac", "imtl", "imtl_g", "imtl_l", "krum", "mgda", "moco", "nash_mtl", "pcgrad", "rlw",
            "sdmgrad", "stch", "sum", "trimmed_mean", "upgrad", "uw" };
        std::set<std::string> registered;
        for (const mtl::MethodSpec* spec : all)
            registered.insert(spec->id);
        QCOMPARE(all.size(), expected.size());
        QVERIFY(registered == expected);
        for (const mtl::MethodSpec* spec : all) {
            QVERIFY2(!spec->paper.empty(), spec->id.c_str());
            QVERIFY2(!spec->summary.empty(), spec->id.c_str());
            QVERIFY2(static_cast<bool>(spec->create), spec->id.c_str());
        }
    }

    void finiteAndRightSize_data() { addMethodRows(); }
    void finiteAndRightSize()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        for (int tasks : { 2, 3, 5 }) {
            for (std::uint64_t seed : { 1u, 2u, 3u }) {
                const MatrixXd J = randomJacobian(tasks, 9, seed);
                const test::MethodResult result = run(spec, J, positiveLosses(tasks, seed));
                QCOMPARE(result.direction.size(), J.cols());
                QVERIFY2(result.direction.allFinite(), qPrintable(id));
                if (spec.properties.weighted) {
                    QVERIFY2(!result.raw.hasDirection, qPrintable(id + ": weighted methods return weights"));
                    QCOMPARE(result.weights.size(), Eigen::Index(tasks));
                    QVERIFY2(result.weights.allFinite(), qPrintable(id));
                }
            }
        }
    }

    void nonConflicting_data() { addMethodRows(); }
    void nonConflicting()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        if (!spec.properties.nonConflicting)
            QSKIP("not claimed non-conflicting");
        for (int tasks : { 2, 3, 5, 8 }) {
            for (std::uint64_t seed : { 11u, 12u, 13u, 14u }) {
                const MatrixXd J = randomJacobian(tasks, 6, seed);
                const VectorXd d = run(spec, J, positiveLosses(tasks, seed)).direction;
                const VectorXd progress = J * d;
                const double scale = J.norm() * std::max(d.norm(), 1e-12);
                QVERIFY2(progress.minCoeff() >= -1e-6 * scale,
                    qPrintable(QString("%1: J d has entry %2 (T=%3)").arg(id).arg(progress.minCoeff()).arg(tasks)));
            }
        }
    }

    void nonConflictingBadlyScaled_data() { addMethodRows(); }
    void nonConflictingBadlyScaled()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        if (!spec.properties.nonConflicting)
            QSKIP("not claimed non-conflicting");
        const auto condition = exactNonConflictConditions().find(spec.id);
        QVERIFY2(condition != exactNonConflictConditions().end(),
            qPrintable(id + " claims non-conflict: list the parameters under which it is exact"));
        const int tasks[] = { 2, 3, 5, 8 };
        for (int t : tasks) {
            for (int variant = 0; variant < 3; ++variant) {
                for (std::uint64_t seed : { 41u, 42u, 43u }) {
                    const MatrixXd J = badlyScaledJacobian(t, 10, seed, variant);
                    auto method = mtl::MethodRegistry::instance().create(spec.id, condition->second, t);
                    const VectorXd d = test::runMethod(*method, J, positiveLosses(t, seed), seed).direction;
                    // Per task, relative to that task's own gradient: a tolerance relative to |J|
                    // (dominated by the 1e4 row) would hide a conflict with the small tasks.
                    const VectorXd progress = J * d;
                    for (int i = 0; i < t; ++i) {
                        const double scale = J.row(i).norm() * std::max(d.norm(), 1e-300);
                        QVERIFY2(progress(i) >= -1e-9 * scale,
                            qPrintable(QString("%1: task %2 has progress %3, cosine %4 (T=%5, variant %6, seed %7)")
                                           .arg(id)
                                           .arg(i)
                                           .arg(progress(i))
                                           .arg(progress(i) / scale)
                                           .arg(t)
                                           .arg(variant)
                                           .arg(seed)));
                    }
                }
            }
        }
    }

    void linearUnderScaling_data() { addMethodRows(); }
    void linearUnderScaling()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        if (!spec.properties.linearUnderScaling)
            QSKIP("not claimed linear under scaling");
        const int tasks = 4;
        const MatrixXd J = randomJacobian(tasks, 7, 21);
        const VectorXd losses = positiveLosses(tasks, 21);
        core::Rng rng(5);
        VectorXd c1(tasks), c2(tasks);
        for (int t = 0; t < tasks; ++t) {
            c1(t) = rng.uniform(0.2, 3.0);
            c2(t) = rng.uniform(0.2, 3.0);
        }
        auto dirFor = [&](const VectorXd& c) { return run(spec, c.asDiagonal() * J, losses).direction; };
        const VectorXd sum = dirFor(c1 + c2);
        MTW_COMPARE_VECTORS(sum, VectorXd(dirFor(c1) + dirFor(c2)), 1e-6, 1e-9);
        MTW_COMPARE_VECTORS(dirFor(2.5 * c1), VectorXd(2.5 * dirFor(c1)), 1e-6, 1e-9);
    }

    void permutationEquivariant_data() { addMethodRows(); }
    void permutationEquivariant()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        if (!spec.properties.permutationEquivariant || spec.properties.stochastic)
            QSKIP("not claimed permutation-equivariant (or stochastic)");
        const int tasks = 4;
        const MatrixXd J = randomJacobian(tasks, 6, 31);
        const VectorXd losses = positiveLosses(tasks, 31);
        Eigen::PermutationMatrix<Eigen::Dynamic> permutation(tasks);
        permutation.indices() << 2, 0, 3, 1;
        const test::MethodResult original = run(spec, J, losses);
        const test::MethodResult permuted = run(spec, permutation * J, permutation * losses);
        MTW_COMPARE_VECTORS(permuted.direction, original.direction, 1e-5, 1e-8);
        if (spec.properties.weighted)
            MTW_COMPARE_VECTORS(permuted.weights, VectorXd(permutation * original.weights), 1e-5, 1e-8);
    }

    void lossOnlyMethodsIgnoreTheGradients_data() { addMethodRows(); }
    void lossOnlyMethodsIgnoreTheGradients()
    {
        // A method declaring needsOnlyLosses() gets a zero G (and no J) and its update is formed
        // by one backward of the weighted loss: its weights must not depend on the gradients.
        // Several steps, so stateful methods (DWA, UW, FAMO) are checked past their first step.
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        const int tasks = 3;
        auto probe = mtl::MethodRegistry::instance().create(spec.id, paramsFor(spec, tasks), tasks);
        if (!probe->needsOnlyLosses())
            QSKIP("needs G or J");
        auto withGradients = mtl::MethodRegistry::instance().create(spec.id, paramsFor(spec, tasks), tasks);
        for (long long step = 0; step < 4; ++step) {
            const MatrixXd J = randomJacobian(tasks, 7, 20 + static_cast<std::uint64_t>(step));
            const VectorXd losses = positiveLosses(tasks, 30 + static_cast<std::uint64_t>(step));
            const MatrixXd G = J * J.transpose();
            const MatrixXd zero = MatrixXd::Zero(tasks, tasks);
            core::Rng ra(9 + static_cast<std::uint64_t>(step)), rb(9 + static_cast<std::uint64_t>(step));
            mtl::MethodOutput a, b;
            probe->compute({ zero, losses, nullptr, step, static_cast<int>(step), true, ra }, a);
            withGradients->compute({ G, losses, nullptr, step, static_cast<int>(step), true, rb }, b);
            QVERIFY2(a.weights == b.weights, qPrintable(id)); // bit for bit
        }
    }

    void lossOnlyMethodsAreTheExpectedOnes()
    {
        // The declarations behind the single-backward step, pinned: a method losing (or gaining)
        // needsOnlyLosses() changes the cost of its steps and must show up here.
        const std::set<std::string> expected { "dwa", "ema_lw", "ew", "famo", "fixed", "gls", "imtl_l", "rlw", "stch",
            "sum", "uw" };
        std::set<std::string> lossOnly;
        for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
            if (mtl::MethodRegistry::instance().create(spec->id, paramsFor(*spec, 3), 3)->needsOnlyLosses())
                lossOnly.insert(spec->id);
        QVERIFY(lossOnly == expected);
    }

    void invalidParametersAreRejected_data() { addMethodRows(); }
    void invalidParametersAreRejected()
    {
        QFETCH(QString, id);
        const mtl::MethodSpec& spec = specOf(id);
        std::map<std::string, core::ParameterValue> bad = paramsFor(spec, 3);
        bad["no_such_parameter"] = 1.0;
        QVERIFY(mtl::MethodRegistry::instance().check(spec.id, bad, 3).has_value());
        for (const core::ParameterSpec& p : spec.parameters) {
            if (p.type != core::ParameterType::Real && p.type != core::ParameterType::Integer)
                continue;
            std::map<std::string, core::ParameterValue> outOfRange = paramsFor(spec, 3);
            if (p.maximum < 1e299)
                outOfRange[p.name] = p.type == core::ParameterType::Real
                    ? core::ParameterValue(p.maximum * 2 + 1)
                    : core::ParameterValue(static_cast<long long>(p.maximum) * 2 + 1);
            else if (p.minimum > -1e299)
                outOfRange[p.name] = p.type == core::ParameterType::Real
                    ? core::ParameterValue(p.minimum - 1 - std::abs(p.minimum))
                    : core::ParameterValue(static_cast<long long>(p.minimum) - 1);
            else
                continue;
            const auto error = mtl::MethodRegistry::instance().check(spec.id, outOfRange, 3);
            QVERIFY2(error.has_value(), qPrintable(id + "." + QString::fromStdString(p.name)));
            QVERIFY2(error->find(p.name) != std::string::npos, error->c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestMethodProperties)
#include "tst_method_properties.moc"

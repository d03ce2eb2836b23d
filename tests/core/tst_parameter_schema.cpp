// Parameter schemas: type and range checks, coercion, defaults.
#include "core/parameter_schema.h"

#include <QTest>

using namespace mtw;
using core::ParameterSpec;

class TestParameterSchema : public QObject {
    Q_OBJECT
private slots:
    void checks()
    {
        const ParameterSpec c = ParameterSpec::real("c", 0.4, 0.0, 10.0, "CAGrad radius");
        QVERIFY(!core::checkParameter(c, 0.5).has_value());
        QVERIFY(!core::checkParameter(c, 2LL).has_value()); // integers are accepted for reals
        QVERIFY(core::checkParameter(c, -1.0)->find("must be in") != std::string::npos);
        QVERIFY(core::checkParameter(c, std::string("x"))->find("number") != std::string::npos);
        const ParameterSpec n = ParameterSpec::integer("n", 3, 1, 5, "");
        QVERIFY(core::checkParameter(n, 2.5).has_value());
        const ParameterSpec mode = ParameterSpec::choice("mode", "min", { "min", "median" }, "");
        QVERIFY(core::checkParameter(mode, std::string("max"))->find("min, median") != std::string::npos);
        const ParameterSpec list = ParameterSpec::realList("w", {}, 0.0, 1.0, "");
        QVERIFY(!core::checkParameter(list, std::vector<long long> { 0, 1 }).has_value());
        QVERIFY(core::checkParameter(list, std::vector<double> { 0.5, 2.0 }).has_value());
    }
    void defaultsAndCoercion()
    {
        const core::ParameterSchema schema
            = { ParameterSpec::real("a", 1.5, 0, 10, ""), ParameterSpec::integer("b", 2, 0, 10, "") };
        const core::ParameterValues values = core::withDefaults(schema, { { "a", 3LL } });
        QCOMPARE(values.real("a"), 3.0);
        QCOMPARE(values.integer("b"), 2LL);
        QCOMPARE(core::formatParameterValue(std::vector<double> { 1, 2.5 }), std::string("[1, 2.5]"));
    }
};

QTEST_GUILESS_MAIN(TestParameterSchema)
#include "tst_parameter_schema.moc"

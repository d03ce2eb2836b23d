#pragma once
// Tolerance helpers for the tests: |a - e| <= absTol + relTol * |e|, entry by entry, with a
// message that names the first entry out of tolerance.
#include <Eigen/Dense>
#include <QString>
#include <QTest>
#include <cmath>
#include <sstream>

namespace mtw::test {

inline bool closeTo(double actual, double expected, double relTol, double absTol)
{
    if (std::isnan(actual) || std::isnan(expected))
        return false;
    return std::abs(actual - expected) <= absTol + relTol * std::abs(expected);
}

template <typename A, typename B>
bool compareVectors(
    const A& actualExpr, const B& expectedExpr, double relTol, double absTol, std::string* why = nullptr)
{
    // Evaluate expressions into plain double matrices so any Eigen expression can be compared.
    const Eigen::MatrixXd actual = actualExpr.template cast<double>();
    const Eigen::MatrixXd expected = expectedExpr.template cast<double>();
    if (actual.size() != expected.size()) {
        if (why)
            *why = "sizes differ: " + std::to_string(actual.size()) + " vs " + std::to_string(expected.size());
        return false;
    }
    for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(actual.size()); ++i) {
        const double a = static_cast<double>(actual.data()[i]);
        const double e = static_cast<double>(expected.data()[i]);
        if (!closeTo(a, e, relTol, absTol)) {
            if (why) {
                std::ostringstream out;
                out.precision(12);
                out << "entry " << i << ": actual " << a << " expected " << e;
                *why = out.str();
            }
            return false;
        }
    }
    return true;
}

} // namespace mtw::test

// QVERIFY2 with the reason of the first mismatch.
#define MTW_COMPARE_VECTORS(actual, expected, relTol, absTol)                                                          \
    do {                                                                                                               \
        std::string why_;                                                                                              \
        QVERIFY2(mtw::test::compareVectors((actual), (expected), (relTol), (absTol), &why_), why_.c_str());            \
    } while (false)

#define MTW_COMPARE_NEAR(actual, expected, relTol, absTol)                                                             \
    QVERIFY2(mtw::test::closeTo((actual), (expected), (relTol), (absTol)),                                             \
        qPrintable(                                                                                                    \
            QString("actual %1, expected %2").arg(double(actual), 0, 'g', 12).arg(double(expected), 0, 'g', 12)))

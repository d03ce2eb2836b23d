// Learning functions (Bettgenhäuser et al. 2020): the adjusted mutual information against
// scikit-learn's documented values and an expectation computed by brute force over every
// permutation, and the least-squares fit against normal equations solved here and an exact
// formula recovered from its own values.
#include "analysis/adjusted_mutual_information.h"
#include "analysis/learning_function.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mtw;

class TestLearningFunction : public QObject {
    Q_OBJECT
private slots:
    void amiOfDocumentedCases()
    {
        // scikit-learn's adjusted_mutual_info_score examples: a relabelled partition is 1, a
        // partition against the one where every sample is alone is 0.
        QCOMPARE(analysis::adjustedMutualInformation({ 0, 0, 1, 1 }, { 0, 0, 1, 1 }), 1.0);
        MTW_COMPARE_NEAR(analysis::adjustedMutualInformation({ 0, 0, 1, 1 }, { 1, 1, 0, 0 }), 1.0, 1e-12, 1e-12);
        MTW_COMPARE_NEAR(analysis::adjustedMutualInformation({ 0, 0, 0, 0 }, { 0, 1, 2, 3 }), 0.0, 0, 1e-12);
        QCOMPARE(analysis::adjustedMutualInformation({ 2, 2, 2 }, { 5, 5, 5 }), 1.0);
        // MI of two identical binary halves: ln 2.
        MTW_COMPARE_NEAR(analysis::mutualInformation({ 0, 0, 1, 1 }, { 3, 3, 7, 7 }), std::log(2.0), 1e-12, 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::adjustedMutualInformation({ 0, 1 }, { 0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::adjustedMutualInformation({ 0, -1 }, { 0, 1 }));
    }

    void expectedMutualInformationByEveryPermutation()
    {
        // The permutation model: E[MI] is the mean of MI(a, pi(b)) over all orderings of b.
        const std::vector<int> a { 0, 0, 1, 1, 1, 2, 2 }, b { 0, 1, 1, 0, 2, 2, 2 };
        std::vector<int> order(b.size());
        std::iota(order.begin(), order.end(), 0);
        double sum = 0;
        int count = 0;
        do {
            std::vector<int> permuted(b.size());
            for (std::size_t i = 0; i < b.size(); ++i)
                permuted[i] = b[static_cast<std::size_t>(order[i])];
            sum += analysis::mutualInformation(a, permuted);
            ++count;
        } while (std::next_permutation(order.begin(), order.end()));
        const double expected = sum / count;
        MTW_COMPARE_NEAR(analysis::expectedMutualInformation(a, b), expected, 1e-12, 1e-14);
        // Then AMI by its definition with the arithmetic mean of the entropies.
        const auto entropy = [](const std::vector<int>& labels) {
            std::vector<double> counts(3, 0);
            for (const int l : labels)
                counts[static_cast<std::size_t>(l)] += 1;
            double h = 0;
            for (const double c : counts)
                if (c > 0)
                    h -= c / 7 * std::log(c / 7);
            return h;
        };
        const double mi = analysis::mutualInformation(a, b);
        const double ami = (mi - expected) / (0.5 * (entropy(a) + entropy(b)) - expected);
        MTW_COMPARE_NEAR(analysis::adjustedMutualInformation(a, b), ami, 1e-10, 1e-12);
    }

    void fitMatchesNormalEquationsAndRecoversAnExactFormula()
    {
        const std::vector<analysis::LearningTerm> terms
            = analysis::parseLearningTerms(analysis::defaultLearningTerms());
        QCOMPARE(terms.size(), std::size_t(4));
        QCOMPARE(terms[1].text(), std::string("sqrt(n)"));
        std::vector<std::map<std::string, double>> points;
        std::vector<double> exact, noisy;
        core::Rng rng(3);
        for (double n : { 100.0, 400.0, 1600.0 })
            for (double T : { 2.0, 4.0, 8.0 })
                for (double ami : { 0.1, 0.4, 0.9 }) {
                    points.push_back({ { "n", n }, { "T", T }, { "ami", ami } });
                    const double y = 0.5 + 0.01 * std::sqrt(n) - 0.03 * std::sqrt(T) + 0.2 * std::sqrt(ami);
                    exact.push_back(y);
                    noisy.push_back(y + 0.01 * rng.normal());
                }
        const analysis::LearningFunctionFit recovered = analysis::fitLearningFunction(points, exact, terms);
        MTW_COMPARE_VECTORS(recovered.coefficients, Eigen::Vector4d(0.5, 0.01, -0.03, 0.2), 1e-9, 1e-12);
        MTW_COMPARE_NEAR(recovered.rSquared, 1.0, 0, 1e-12);
        QCOMPARE(recovered.formula(), std::string("0.5 + 0.01 sqrt(n) - 0.03 sqrt(T) + 0.2 sqrt(ami)"));
        MTW_COMPARE_NEAR(
            recovered.predict({ { "n", 900 }, { "T", 1 }, { "ami", 0.25 } }), 0.5 + 0.3 - 0.03 + 0.1, 1e-12, 0);

        // With noise: the normal equations, R^2 and the standard errors computed here.
        const analysis::LearningFunctionFit fit = analysis::fitLearningFunction(points, noisy, terms);
        Eigen::MatrixXd F(27, 4);
        for (int i = 0; i < 27; ++i) {
            const auto& p = points[static_cast<std::size_t>(i)];
            F.row(i) << 1, std::sqrt(p.at("n")), std::sqrt(p.at("T")), std::sqrt(p.at("ami"));
        }
        const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(noisy.data(), 27);
        const Eigen::MatrixXd normal = F.transpose() * F;
        const Eigen::VectorXd c = normal.ldlt().solve(F.transpose() * y);
        MTW_COMPARE_VECTORS(fit.coefficients, c, 1e-8, 1e-10);
        const double rss = (y - F * c).squaredNorm();
        MTW_COMPARE_NEAR(fit.rSquared, 1 - rss / (y.array() - y.mean()).square().sum(), 1e-10, 1e-12);
        const Eigen::VectorXd se = (rss / 23 * normal.inverse().diagonal()).cwiseSqrt();
        MTW_COMPARE_VECTORS(fit.standardErrors, se, 1e-8, 1e-12);
    }

    void badTermsAndPointsAreNamed()
    {
        const auto message = [](auto call) {
            try {
                call();
            } catch (const std::invalid_argument& error) {
                return QString::fromStdString(error.what());
            }
            return QString();
        };
        QVERIFY(message([] { analysis::parseLearningTerms("1, cube(n)"); }).contains("cube(n)"));
        QVERIFY(message([] { analysis::parseLearningTerms(""); }).contains("no terms"));
        QCOMPARE(analysis::parseLearningTerms("1/sqrt(n), log(T), 1/n, rho")[0].text(), std::string("1/sqrt(n)"));
        const std::vector<analysis::LearningTerm> terms = analysis::parseLearningTerms("1, sqrt(T)");
        QVERIFY(message([&] {
            analysis::fitLearningFunction({ { { "T", 2 } } }, { 1.0 }, terms);
        }).contains("1 points for 2 terms"));
        // T the same in every run: sqrt(T) cannot be told from the constant.
        QVERIFY(message([&] {
            analysis::fitLearningFunction({ { { "T", 2 } }, { { "T", 2 } }, { { "T", 2 } } }, { 1, 2, 3 }, terms);
        }).contains("cannot be told apart"));
        QVERIFY(message([&] {
            analysis::fitLearningFunction({ { { "n", 2 } }, { { "n", 3 } } }, { 1, 2 }, terms);
        }).contains("no variable 'T'"));
    }
};

QTEST_GUILESS_MAIN(TestLearningFunction)
#include "tst_learning_function.moc"

// `mtw-cli learning-fit` end to end (Bettgenhäuser et al. 2020): a small sweep of the synthetic
// family over T, n and rho, then the fit's CSV against what the test computes itself -- n from the
// split, the AMI of the two tasks' training labels from the regenerated data set, the
// coefficients from the normal equations -- and the located errors.
#include "analysis/adjusted_mutual_information.h"
#include "cli_test_support.h"
#include "data/synthetic_task_family.h"

#include <Eigen/Dense>
#include <QDir>

using namespace mtw;
using namespace mtw::test;

namespace {

const QByteArray sweep = R"({"name": "lf", "problem": {"type": "synthetic_family",
  "params": {"kind": "classification", "classes": 3, "features": 8, "hidden": 6}}, "model": {"trunk": [8]},
  "method": {"name": "ew"}, "training": {"steps": 40, "batch_size": 32, "threads": 1},
  "evaluation": {"every": 20}, "diagnostics": {"record_every": 10, "matrix_every": 0},
  "sweep": {"axes": [{"key": "problem.params.tasks", "values": [2, 3]},
                     {"key": "problem.params.samples", "values": [100, 200, 400]},
                     {"key": "problem.params.rho", "values": [0.2, 0.9]}]}})";

} // namespace

class TestCliLearningFit : public QObject {
    Q_OBJECT
private slots:
    void fitsTheSweepAsComputedHere()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath("sweep");
        const Result ran = runCli({ "sweep", "run", writeFile(dir, "lf.json", sweep), "--out", root });
        QVERIFY2(ran.code == 0, qPrintable(ran.err));
        const QString csv = dir.filePath("fit.csv");
        const Result fit = runCli({ "learning-fit", root, "--csv", csv });
        QVERIFY2(fit.code == 0, qPrintable(fit.err));
        QVERIFY2(fit.out.contains("12 runs (0 skipped)"), qPrintable(fit.out));
        const QList<QStringList> rows = csvRows(csv);
        QCOMPARE(rows.front(), QStringList({ "run", "T", "ami", "n", "final.test.metric.mean", "fitted", "residual" }));
        QCOMPARE(rows.size(), 13);
        Eigen::MatrixXd F(12, 4);
        Eigen::VectorXd y(12), fitted(12);
        for (int i = 0; i < 12; ++i) {
            const QStringList& row = rows[i + 1];
            const double T = row[1].toDouble(), ami = row[2].toDouble(), n = row[3].toDouble();
            // The run's data set regenerated here: n is its training split (80 %), the AMI that of
            // its tasks' training labels, averaged over the pairs.
            const QString name = QDir(row[0]).dirName(); // tasks2-samples100-rho0.2
            const QStringList parts = name.split('-');
            data::SyntheticTaskFamilyOptions options;
            options.tasks = parts[0].mid(5).toInt();
            options.samples = parts[1].mid(7).toInt();
            options.rho = parts[2].mid(3).toDouble();
            options.classification = true;
            options.classes = 3;
            options.features = 8;
            options.hidden = 6;
            const data::MultiTaskDataset data = data::makeSyntheticTaskFamily(options);
            QCOMPARE(T, double(options.tasks));
            QCOMPARE(n, double(data.train.size()));
            double sum = 0;
            int pairs = 0;
            for (int s = 0; s < options.tasks; ++s)
                for (int t = s + 1; t < options.tasks; ++t) {
                    std::vector<int> a, b;
                    for (const auto sample : data.train) {
                        a.push_back(data.tasks[std::size_t(s)].labels[std::size_t(sample)]);
                        b.push_back(data.tasks[std::size_t(t)].labels[std::size_t(sample)]);
                    }
                    sum += analysis::adjustedMutualInformation(a, b);
                    ++pairs;
                }
            QVERIFY2(std::abs(ami - sum / pairs) < 1e-12, qPrintable(name));
            F.row(i) << 1, std::sqrt(n), std::sqrt(T), std::sqrt(ami);
            y(i) = row[4].toDouble();
            fitted(i) = row[5].toDouble();
        }
        const Eigen::VectorXd c = (F.transpose() * F).ldlt().solve(F.transpose() * y);
        QVERIFY2((F * c - fitted).cwiseAbs().maxCoeff() < 1e-9, "fitted values differ from the normal equations");
        QVERIFY(fit.out.contains("R^2 = "));
    }

    void badInputIsNamed()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath("sweep");
        QCOMPARE(runCli({ "sweep", "run", writeFile(dir, "lf.json", sweep), "--out", root }).code, 0);
        const Result terms = runCli({ "learning-fit", root, "--terms", "1, cube(n)" });
        QCOMPARE(terms.code, 2);
        QVERIFY2(terms.err.contains("term 'cube(n)'"), qPrintable(terms.err));
        // Only the T = 2 runs: sqrt(T) is the constant again.
        const Result constant = runCli({ "learning-fit", root + "/tasks2-samples100-rho0.2",
            root + "/tasks2-samples200-rho0.2", root + "/tasks2-samples400-rho0.9", root + "/tasks2-samples400-rho0.2",
            root + "/tasks2-samples100-rho0.9" });
        QCOMPARE(constant.code, 2);
        QVERIFY2(constant.err.contains("cannot be told apart"), qPrintable(constant.err));
        const Result quantity = runCli({ "learning-fit", root, "--y", "final.test.nothing" });
        QCOMPARE(quantity.code, 2);
        QVERIFY2(quantity.err.contains("final.test.nothing"), qPrintable(quantity.err));
    }
};

QTEST_GUILESS_MAIN(TestCliLearningFit)
#include "tst_cli_learning_fit.moc"

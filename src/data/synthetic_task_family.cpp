#include "data/synthetic_task_family.h"

#include "core/rng.h"

#include <cmath>

namespace mtw::data {

namespace {
Eigen::MatrixXd gaussian(Index rows, Index cols, double scale, core::Rng& rng)
{
    Eigen::MatrixXd m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = scale * rng.normal();
    return m;
}
} // namespace

MultiTaskDataset makeSyntheticTaskFamily(const SyntheticTaskFamilyOptions& o)
{
    core::Rng rng(o.seed);
    MultiTaskDataset dataset;
    dataset.name = "synthetic_family";
    const Eigen::MatrixXd X = gaussian(o.features, o.samples, 1.0, rng);
    const Eigen::MatrixXd U = gaussian(o.hidden, o.features, 1.0 / std::sqrt(o.features), rng);
    const Eigen::MatrixXd H = (U * X).array().tanh().matrix();
    dataset.features = X.cast<core::Scalar>();
    const int outputs = o.classification ? o.classes : 1;
    const double weightScale = 1.0 / std::sqrt(o.hidden);
    const Eigen::MatrixXd common = gaussian(outputs, o.hidden, weightScale, rng);
    for (int t = 0; t < o.tasks; ++t) {
        const Eigen::MatrixXd own = gaussian(outputs, o.hidden, weightScale, rng);
        const Eigen::MatrixXd V = std::sqrt(o.rho) * common + std::sqrt(1 - o.rho) * own;
        const Eigen::MatrixXd scores = V * H * std::sqrt(static_cast<double>(o.hidden));
        TaskTargets task;
        task.name = "task" + std::to_string(t + 1);
        if (o.classification) {
            task.kind = TargetKind::Classification;
            task.classCount = o.classes;
            task.labels.resize(static_cast<std::size_t>(o.samples));
            for (int i = 0; i < o.samples; ++i) {
                Index label = 0;
                scores.col(i).maxCoeff(&label);
                if (rng.uniform() < o.noise)
                    label = static_cast<Index>(rng.index(static_cast<std::size_t>(o.classes)));
                task.labels[static_cast<std::size_t>(i)] = static_cast<int>(label);
            }
        } else {
            task.kind = TargetKind::Regression;
            Eigen::MatrixXd y = scores;
            for (Index i = 0; i < y.size(); ++i)
                y.data()[i] += o.noise * rng.normal();
            task.values = y.cast<core::Scalar>();
        }
        dataset.tasks.push_back(std::move(task));
    }
    splitBySeed(dataset, 0.1, 0.1, o.seed + 1);
    return dataset;
}

} // namespace mtw::data

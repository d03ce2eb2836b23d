#include "classical/l21_norm.h"

#include <stdexcept>

namespace mtw::classical {

double l21Norm(const Eigen::MatrixXd& w)
{
    double sum = 0;
    for (Eigen::Index j = 0; j < w.rows(); ++j)
        sum += w.row(j).norm();
    return sum;
}

void proxL21(const Eigen::MatrixXd& v, double threshold, Eigen::MatrixXd& out)
{
    if (!(threshold >= 0))
        throw std::invalid_argument("l2,1 prox: the threshold must be >= 0");
    if (&out != &v)
        out = v;
    for (Eigen::Index j = 0; j < out.rows(); ++j) {
        const double norm = out.row(j).norm();
        // Exactly zero at or below the threshold: the feature is dropped for every task.
        const double scale = norm > threshold ? 1.0 - threshold / norm : 0.0;
        out.row(j) *= scale;
    }
}

int nonzeroRows(const Eigen::MatrixXd& w, double absTol)
{
    int count = 0;
    for (Eigen::Index j = 0; j < w.rows(); ++j)
        if (w.row(j).norm() > absTol)
            ++count;
    return count;
}

} // namespace mtw::classical

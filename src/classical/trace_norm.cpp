#include "classical/trace_norm.h"

#include <stdexcept>

namespace mtw::classical {

double traceNorm(const Eigen::MatrixXd& w)
{
    if (w.size() == 0)
        return 0.0;
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(w);
    return svd.singularValues().sum();
}

void proxTraceNorm(const Eigen::MatrixXd& v, double threshold, Eigen::MatrixXd& out)
{
    if (!(threshold >= 0))
        throw std::invalid_argument("trace-norm prox: the threshold must be >= 0");
    if (v.size() == 0) {
        out.resize(v.rows(), v.cols());
        return;
    }
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(v, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd shrunk = (svd.singularValues().array() - threshold).max(0.0).matrix();
    out.noalias() = svd.matrixU() * shrunk.asDiagonal() * svd.matrixV().transpose();
}

int numericalRank(const Eigen::MatrixXd& w, double relTol)
{
    if (w.size() == 0)
        return 0;
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(w);
    const Eigen::VectorXd& sigma = svd.singularValues();
    const double largest = sigma.size() > 0 ? sigma(0) : 0.0;
    if (largest <= 0)
        return 0;
    return static_cast<int>((sigma.array() > relTol * largest).count());
}

} // namespace mtw::classical

#pragma once
// Adam (Kingma & Ba 2015, Alg. 1) in double precision for the few learnable numbers some
// loss-weighting methods own (UW's log-variances, GradNorm's weights, FAMO's logits, IMTL-L's
// scales). The reference implementations give these their own torch.optim.Adam, so this follows
// PyTorch's update exactly:
//   g += weightDecay * theta (L2, coupled); m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//   theta -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
// Defaults are PyTorch's: b1 = 0.9, b2 = 0.999, eps = 1e-8, no weight decay.
#include "mtl/method.h"

#include <string>

namespace mtw::mtl {

struct ParameterAdamOptions {
    double learningRate = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0.0;
};

class ParameterAdam {
public:
    explicit ParameterAdam(ParameterAdamOptions options);
    // One descent step of theta along the gradient (moment buffers sized on first use).
    void step(VectorXd& theta, const VectorXd& gradient);
    long long stepCount() const { return m_steps; }
    // Moments and step count under `prefix` + "adam_m" / "adam_v" / "adam_steps".
    void saveState(MethodState& state, const std::string& prefix) const;
    void loadState(const MethodState& state, const std::string& prefix, Eigen::Index size);

private:
    ParameterAdamOptions m_options;
    VectorXd m_first;
    VectorXd m_second;
    long long m_steps = 0;
};

} // namespace mtw::mtl

#pragma once
// DWA (Dynamic Weight Average): weights from the relative descent rate of each task's
// epoch-average training loss,
//   r_t = Lbar_t(e-1) / Lbar_t(e-2),   w_t = T exp(r_t / temperature) / sum_j exp(r_j / temperature),
// and w_t = 1 in the first two epochs (e = 0, 1), where Lbar_t(e) is the mean of task t's
// mini-batch losses over epoch e.
// Liu, Johns, Davison 2019, "End-to-End Multi-Task Learning with Attention" (CVPR), Eq. 7
// (LibMTL `DWA`, which likewise averages the training losses per epoch).
// The method accumulates the epoch means itself from the losses it is given; an epoch ends when
// input.epoch changes. If the means of epochs e-1 and e-2 are not both known (e.g. epochs were
// skipped), the step falls back to w = 1.
// Parameters:
//   temperature  2.0  softmax temperature ("T" in the paper and LibMTL).
// State: the running sum and count of the current epoch and the last two epoch means.
// Weights depend on the losses only.
#include "mtl/method.h"

namespace mtw::mtl {

class DynamicWeightAverage final : public Method {
public:
    DynamicWeightAverage(int tasks, double temperature);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    void closeEpoch();

    double m_temperature;
    int m_epoch = -1; // epoch being accumulated
    VectorXd m_sum;
    long long m_count = 0;
    VectorXd m_lastMean; // mean of epoch m_lastEpoch
    VectorXd m_previousMean; // mean of epoch m_previousEpoch
    int m_lastEpoch = -1;
    int m_previousEpoch = -1;
};

} // namespace mtw::mtl

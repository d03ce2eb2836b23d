#pragma once
// Generalization gap at equal training loss (D. Mueller, M. Dredze, N. Andrews, TMLR 2024, "Can
// Optimization Trajectories Explain Multi-Task Transfer?": compare single-task (ST) and
// multi-task (MT) runs not at equal steps but at equal training loss, so that a difference in
// validation performance is a difference in generalization, not in optimization progress).
//
// Per task, each run gives checkpoints (training loss l_i, validation value v_i) in time order
// (v: validation loss or a validation metric). The curve v(l) is built from the run's monotone
// envelope: the checkpoints at which the training loss reaches a new minimum (strictly below
// every earlier one). Along these record points l decreases strictly, and v(l) is the linear
// interpolation in l between consecutive record points; it is defined on [l_min, l_first].
// (Later checkpoints that do not improve the training loss are dropped: at a training loss
// already reached, the first time it was reached counts.)
//
// On the common range [max(l_min^ST, l_min^MT), min(l_first^ST, l_first^MT)] the gap curve is
//   GG(l) = v_MT(l) - v_ST(l)
// (negative for a validation loss: MT generalizes better at that training loss), sampled on a
// grid of evenly spaced training losses (linear, or logarithmic when both ends are positive).
#include <vector>

namespace mtw::analysis {

class EqualLossCurve {
public:
    // trainLoss and value: one entry per checkpoint, in time order (std::invalid_argument on
    // different lengths, no points or non-finite entries).
    EqualLossCurve(const std::vector<double>& trainLoss, const std::vector<double>& value);
    double minimumLoss() const { return m_loss.back(); }
    double maximumLoss() const { return m_loss.front(); }
    // v(l); NaN outside [minimumLoss, maximumLoss].
    double valueAt(double loss) const;
    const std::vector<double>& envelopeLosses() const { return m_loss; } // strictly decreasing
    const std::vector<double>& envelopeValues() const { return m_value; }

private:
    std::vector<double> m_loss;
    std::vector<double> m_value;
};

struct GapCurve {
    std::vector<double> trainLoss; // the grid, decreasing (from the common start to the common end)
    std::vector<double> singleTask, multiTask, gap; // v_ST, v_MT, GG = v_MT - v_ST at each grid point
    bool empty() const { return trainLoss.empty(); }
};

// The gap on `points` grid losses over the common range; empty if the ranges do not overlap.
GapCurve generalizationGap(
    const EqualLossCurve& singleTask, const EqualLossCurve& multiTask, int points = 50, bool logarithmic = false);
// GG(l) at one training loss; NaN outside the common range.
double gapAt(const EqualLossCurve& singleTask, const EqualLossCurve& multiTask, double trainLoss);

} // namespace mtw::analysis

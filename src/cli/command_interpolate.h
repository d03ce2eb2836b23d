#pragma once
#include "cli/command.h"

#include <string>

namespace mtw::cli {

// `mtw-cli interpolate A B [--from -0.25] [--to 1.25] [--points 31] [--out FILE]`: the losses
// along the straight line between two points of stored runs (analysis/loss_interpolation.h) --
// a single-task run's end and its multi-task run's end, or two methods' ends -- as CSV: alpha,
// then per task and for the mean the training loss on the fixed evaluation subset and, where the
// problem has one, the validation loss. A and B are RUN, RUN@start, RUN@end or RUN@STEP
// (cli/run_point_argument.h) of runs that train the same model. stderr: the loss barrier
// (Frankle et al. 2020) of the mean losses.
class InterpolateCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_a, m_b;
    double m_from = -0.25, m_to = 1.25;
    int m_points = 31;
    std::string m_out;
};

} // namespace mtw::cli

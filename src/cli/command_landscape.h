#pragma once
#include "cli/command.h"

#include <string>
#include <vector>

namespace mtw::cli {

// `mtw-cli landscape RUN [--plane random|gradients|pca|three-points] [--points P1,P2,P3]
// [--tasks A,B] [--grid N] [--window X0,X1,Y0,Y1] [--out FILE]`: the loss landscape of a stored
// run on one plane (engine/landscape_job.h), as CSV: one row per grid point (kind "surface":
// a, b, the mean loss and each task's loss), one per projected parameter snapshot (kind
// "trajectory", with its step) and one per named point (kind "point"). A summary line goes to
// stderr. Points are RUN, RUN@start, RUN@end or RUN@STEP (cli/run_point_argument.h).
class LandscapeCommand final : public Command {
public:
    void setup(CLI::App& app) override;
    int execute() override;

private:
    std::string m_run;
    std::string m_plane = "pca";
    std::vector<std::string> m_points;
    std::vector<std::string> m_tasks;
    int m_grid = 33;
    std::vector<double> m_window;
    std::string m_out;
};

} // namespace mtw::cli

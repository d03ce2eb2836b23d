#pragma once
// Prints training progress: a redrawn bar with steps/s and ETA on a terminal, one plain line
// every few seconds otherwise (logs, cluster jobs).
#include "engine/snapshot.h"

#include <chrono>

namespace mtw::cli {

class ProgressPrinter final : public engine::Observer {
public:
    explicit ProgressPrinter(bool quiet);
    void onSnapshot(const engine::SnapshotPtr& snapshot) override;

private:
    bool m_quiet;
    bool m_terminal;
    std::chrono::steady_clock::time_point m_lastLine;
    Eigen::VectorXd m_lastLosses;
};

} // namespace mtw::cli

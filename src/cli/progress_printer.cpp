#include "cli/progress_printer.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace mtw::cli {

ProgressPrinter::ProgressPrinter(bool quiet)
    : m_quiet(quiet)
    , m_terminal(isatty(fileno(stderr)) != 0)
    , m_lastLine(std::chrono::steady_clock::now())
{
}

void ProgressPrinter::onSnapshot(const engine::SnapshotPtr& snapshot)
{
    if (!snapshot->steps.empty())
        m_lastLosses = snapshot->steps.back().losses;
    if (m_quiet)
        return;
    const bool done = snapshot->status != engine::RunStatus::Running && snapshot->status != engine::RunStatus::Paused;
    const auto now = std::chrono::steady_clock::now();
    if (!m_terminal && !done && now - m_lastLine < std::chrono::seconds(5))
        return;
    m_lastLine = now;
    const double fraction = snapshot->totalSteps > 0
        ? static_cast<double>(snapshot->step) / static_cast<double>(snapshot->totalSteps)
        : 1.0;
    const double rate
        = snapshot->elapsedSeconds > 0 ? static_cast<double>(snapshot->step) / snapshot->elapsedSeconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(snapshot->totalSteps - snapshot->step) / rate : 0.0;
    std::ostringstream line;
    line << std::fixed << std::setprecision(1);
    if (m_terminal) {
        const int width = 30;
        const int filled = static_cast<int>(fraction * width);
        line << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
             << std::string(static_cast<std::size_t>(width - filled), ' ') << "] ";
    }
    line << snapshot->step << "/" << snapshot->totalSteps << " (" << 100.0 * fraction << "%) " << std::setprecision(0)
         << rate << " steps/s, ETA " << eta << " s";
    line << std::setprecision(4);
    for (Eigen::Index t = 0; t < m_lastLosses.size(); ++t)
        line << (t == 0 ? "  losses " : " ") << m_lastLosses(t);
    std::cerr << line.str() << (m_terminal && !done ? "" : "\n") << std::flush;
}

} // namespace mtw::cli

#include "core/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace mtw::core {

double LearningRateSchedule::factor(long long step) const
{
    double warmup = 1.0;
    if (warmupSteps > 0 && step < warmupSteps)
        warmup = static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
    switch (kind) {
    case ScheduleKind::Constant:
        return warmup;
    case ScheduleKind::Step:
        return warmup * std::pow(gamma, static_cast<double>(step / std::max<long long>(1, stepSize)));
    case ScheduleKind::Exponential:
        return warmup * std::pow(gamma, static_cast<double>(step));
    case ScheduleKind::Cosine: {
        const double progress
            = std::min(1.0, static_cast<double>(step) / static_cast<double>(std::max(1LL, totalSteps)));
        return warmup * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
    }
    }
    return warmup;
}

ScheduleKind scheduleFromName(const std::string& name)
{
    if (name == "constant")
        return ScheduleKind::Constant;
    if (name == "step")
        return ScheduleKind::Step;
    if (name == "exponential")
        return ScheduleKind::Exponential;
    if (name == "cosine")
        return ScheduleKind::Cosine;
    throw std::invalid_argument("unknown schedule '" + name + "' (expected constant, step, exponential or cosine)");
}

} // namespace mtw::core

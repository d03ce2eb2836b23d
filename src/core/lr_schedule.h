#pragma once
// Learning-rate schedules, as multipliers of the base rate at a step:
//   constant; step (x gamma every stepSize steps, PyTorch StepLR); exponential (gamma^step);
//   cosine (Loshchilov & Hutter 2017, to minimum 0 over totalSteps); linear warm-up in front of any.
#include <string>

namespace mtw::core {

enum class ScheduleKind { Constant, Step, Exponential, Cosine };

struct LearningRateSchedule {
    ScheduleKind kind = ScheduleKind::Constant;
    long long stepSize = 100;
    double gamma = 0.5;
    long long totalSteps = 1;
    long long warmupSteps = 0;

    double factor(long long step) const;
};

ScheduleKind scheduleFromName(const std::string& name); // throws std::invalid_argument

} // namespace mtw::core

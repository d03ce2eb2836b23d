#pragma once
// How late a periodic timer fires on the calling thread's event loop: the workbench's
// responsiveness measure (target: a 10 ms timer late by less than 50 ms at the 99th percentile
// while runs train). Used by tests/gui/tst_responsiveness and bench/gui_latency.
#include <vector>

namespace mtw::gui {

// Runs a plain event loop for `seconds` with a precise timer of `intervalMs` and returns each
// tick's lateness in ms (the time since the previous tick minus the interval, at least 0). A
// plain loop: QTest::qWait sleeps between passes, which would add lateness of its own.
std::vector<double> timerLateness(double seconds, int intervalMs = 10);

// The q-quantile (0..1) of the values by the lower nearest rank; 0 for none.
double latenessPercentile(std::vector<double> values, double q);

} // namespace mtw::gui

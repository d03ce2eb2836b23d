#pragma once
// The table of a sweep: one row per combination with its axis values, state (engine/sweep_status.h)
// and results, read from the run directories: final training losses, the last evaluation of each
// split, Δm% and the transfer gaps against the single-task baselines the sweep holds
// (engine/transfer_quantities.h), and the mean of each recorded per-step diagnostic
// (engine/run_series.h: conflict fraction, slow-down, ...). Quantity names are those of
// engine/quantity.h, so the columns mean what they mean in `mtw-cli study`.
// Written as <sweep>/summary.csv (one header row; empty cells where a run lacks a value) and
// <sweep>/summary.json ({"columns": [...], "rows": [{column: value}]}, null for a missing value).
#include "engine/quantity.h"
#include "engine/sweep_plan.h"
#include "engine/sweep_status.h"

#include <string>
#include <vector>

namespace mtw::engine {

struct SweepSummaryRow {
    const SweepCombination* combination = nullptr;
    SweepRunStatus status;
    std::vector<QuantityValue> results; // one per SweepSummary::resultColumns
};

struct SweepSummary {
    std::vector<std::string> axisColumns; // the axes' key paths
    std::vector<std::string> resultColumns; // quantity names
    std::vector<SweepSummaryRow> rows; // index order
};

// Reads every run of the sweep in `directory` (the plan from its sweep.json).
SweepSummary summarizeSweep(const SweepPlan& plan, const std::string& directory);

// Writes <directory>/summary.csv and summary.json atomically; returns their paths. Throws SweepError.
std::vector<std::string> writeSweepSummary(const SweepSummary& summary, const std::string& directory);

} // namespace mtw::engine

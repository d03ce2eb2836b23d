#pragma once
// A cross-run study (issue 12): one quantity against another over the runs of a RunCollection
// (engine/run_collection.h; names in engine/quantity.h), with Pearson r, Spearman rho, their
// percentile-bootstrap intervals and the least-squares line (analysis/correlation.h), for all
// runs and per group of a grouping setting. `mtw-cli study` prints it; the study view draws it.
//
// x and y must be numbers; the grouping quantity may be a number or text (method.name). A run
// that lacks x, y or the grouping value is skipped with the reason, and so is every run of the
// collection that could not be read. Groups are ordered by their value (numerically for numbers).
#include "analysis/correlation.h"
#include "engine/run_collection.h"

#include <string>
#include <vector>

namespace mtw::engine {

struct StudyOptions {
    std::string x;
    std::string y;
    std::string groupBy; // empty: no groups
    analysis::BootstrapOptions bootstrap; // B = 2000, seed 1, 95%
};

struct StudyPoint {
    std::string run; // the run directory
    double x = 0;
    double y = 0;
    std::string group; // the grouping value as text ("" without --group-by)
};

struct SkippedRun {
    std::string run;
    std::string reason;
};

struct StudyGroup {
    std::string label; // the grouping value; "all" for the overall statistics
    std::vector<double> x, y; // the group's points, in run order
    analysis::CorrelationSummary statistics;
};

struct StudyResult {
    std::string x, y, groupBy; // resolved quantity names
    std::vector<StudyPoint> points; // in run order
    std::vector<SkippedRun> skipped;
    std::vector<StudyGroup> groups; // empty without groupBy
    StudyGroup overall;
};

// Resolves the names (RunCollection::resolve) and throws StudyError for an unknown name or a
// text quantity as x or y.
StudyResult runStudy(const RunCollection& runs, const StudyOptions& options);

// The value as it is printed and used as a group label (numbers with up to 12 significant digits).
std::string quantityText(const QuantityValue& value);

} // namespace mtw::engine

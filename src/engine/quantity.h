#pragma once
// A run-level quantity of a cross-run study (engine/study.h): its stable name, whether it is a
// number or text, and one value of it for one run (or the reason the run lacks it).
// The names (listed by `mtw-cli study --list` and the study view):
//   <experiment key path>        every setting of experiment.json, dotted as in the file:
//                                method.name, method.params.c, optimizer.lr, training.seed,
//                                problem.params.rho, model.trunk, ... (arrays are text)
//   status                       text: finished | stopped | failed | unknown (no summary.json)
//   task_count                   the number of tasks T the run trains together (under fixed
//                                weights those with a non-zero weight: a single-task baseline 1)
//   final.loss.<task>|mean       training loss at the last recorded step (task_steps)
//   final.<split>.loss.<task>|mean, final.<split>.metric.<task>|mean
//                                the last evaluation of that split (train, validation, test)
//   final.<split>.<name>.<task>  its further metrics (problem/task_metrics.h): macro_f1 and auc
//                                (classification), f1 and auc (binary), mae (regression)
//   transfer.delta_m, transfer.delta_p, transfer.gap_end.<task>, transfer.gap_mean.<task>
//                                against single-task baselines in the same study (engine/transfer_quantities.h)
//   series.<series>.<stat>       a per-step series summarised (engine/run_series.h): stat is mean,
//                                last or tail<k> (mean over the last k% of the recorded steps, 1 <= k <= 100)
#include <limits>
#include <stdexcept>
#include <string>

namespace mtw::engine {

class StudyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class QuantityKind { Number, Text };

struct QuantityInfo {
    std::string name;
    QuantityKind kind = QuantityKind::Number;
    std::string description; // one line
    std::size_t runs = 0; // how many runs of the collection have it (RunCollection::quantities)
};

struct QuantityValue {
    bool available = false;
    QuantityKind kind = QuantityKind::Number;
    double number = std::numeric_limits<double>::quiet_NaN();
    std::string text; // text quantities
    std::string reason; // why the run lacks it (when !available)

    static QuantityValue ofNumber(double value)
    {
        QuantityValue v;
        v.available = true;
        v.number = value;
        return v;
    }
    static QuantityValue ofText(std::string value)
    {
        QuantityValue v;
        v.available = true;
        v.kind = QuantityKind::Text;
        v.text = std::move(value);
        return v;
    }
    static QuantityValue missing(std::string why)
    {
        QuantityValue v;
        v.reason = std::move(why);
        return v;
    }
};

} // namespace mtw::engine

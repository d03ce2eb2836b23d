#include "engine/stored_conflict.h"

#include "engine/csv_field.h"
#include "engine/run_follower.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace mtw::engine {

namespace {

ConflictSeries& seriesOf(StoredConflict& conflict, const std::string& kind)
{
    for (ConflictSeries& series : conflict.series)
        if (series.kind == kind)
            return series;
    conflict.series.push_back({ kind, {}, {}, {} });
    return conflict.series.back();
}

// The shortest text that reads back to the same double.
std::string format(double value)
{
    char text[32];
    const std::to_chars_result end = std::to_chars(text, text + sizeof text, value);
    return std::string(text, end.ptr);
}

} // namespace

int epochAtStep(const std::vector<std::pair<long long, int>>& recorded, long long step)
{
    if (recorded.empty())
        return 0;
    const auto after = std::upper_bound(recorded.begin(), recorded.end(), step,
        [](long long s, const std::pair<long long, int>& r) { return s < r.first; });
    return after == recorded.begin() ? recorded.front().second : std::prev(after)->second;
}

const ConflictSeries* StoredConflict::find(const std::string& kind) const
{
    for (const ConflictSeries& s : series)
        if (s.kind == kind)
            return &s;
    return nullptr;
}

StoredConflict readStoredConflict(const std::string& runDirectory)
{
    RunFollower follower(runDirectory);
    StoredConflict conflict;
    conflict.taskNames = follower.taskNames();
    std::vector<std::pair<long long, int>> recorded;
    std::vector<MatrixRecord> matrices;
    do {
        const SnapshotPtr snapshot = follower.poll();
        if (!snapshot)
            break;
        for (const StepRecord& r : snapshot->steps)
            recorded.emplace_back(r.step, r.epoch);
        matrices.insert(matrices.end(), snapshot->matrices.begin(), snapshot->matrices.end());
    } while (follower.hasMore());
    for (const MatrixRecord& m : matrices) {
        const int epoch = epochAtStep(recorded, m.step);
        auto add = [&](const std::string& kind, const Eigen::MatrixXd& values) {
            ConflictSeries& series = seriesOf(conflict, kind);
            series.steps.push_back(m.step);
            series.epochs.push_back(epoch);
            series.matrices.push_back(values);
        };
        add("cosine", m.cosine);
        for (const NamedMatrix& more : m.more)
            add(more.kind, more.values);
    }
    // The CKA last, whatever order the layers first appeared in.
    std::stable_partition(
        conflict.series.begin(), conflict.series.end(), [](const ConflictSeries& s) { return s.kind != ckaKind; });
    return conflict;
}

std::string conflictKindTitle(const std::string& kind)
{
    if (kind == "cosine")
        return "all shared layers";
    if (kind == ckaKind)
        return "CKA of the heads";
    const std::string prefix = layerCosinePrefix;
    return kind.starts_with(prefix) ? kind.substr(prefix.size()) : kind;
}

const ConflictSeries* findConflictSeries(const StoredConflict& conflict, const std::string& name)
{
    const ConflictSeries* found = nullptr;
    for (const ConflictSeries& s : conflict.series) {
        const std::string title = conflictKindTitle(s.kind);
        if (s.kind == name || title == name)
            return &s;
        if (title.starts_with(name + " ")) {
            if (found)
                return nullptr;
            found = &s;
        }
    }
    return found;
}

double meanOverPairs(const Eigen::MatrixXd& m)
{
    double sum = 0;
    int count = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = i + 1; j < m.cols(); ++j)
            if (std::isfinite(m(i, j))) {
                sum += m(i, j);
                ++count;
            }
    return count > 0 ? sum / count : std::nan("");
}

double negativeShare(const Eigen::MatrixXd& m)
{
    int negative = 0, count = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = i + 1; j < m.cols(); ++j)
            if (std::isfinite(m(i, j))) {
                negative += m(i, j) < 0 ? 1 : 0;
                ++count;
            }
    return count > 0 ? static_cast<double>(negative) / count : std::nan("");
}

std::vector<analysis::AngleBox> angleBoxes(const ConflictSeries& series, int maxBoxes)
{
    std::vector<std::pair<int, Eigen::MatrixXd>> matrices;
    for (std::size_t i = 0; i < series.matrices.size(); ++i)
        matrices.emplace_back(series.epochs[i], series.matrices[i]);
    return analysis::angleBoxesPerEpoch(matrices, maxBoxes);
}

std::string storedConflictCsv(const StoredConflict& conflict)
{
    std::ostringstream csv;
    csv << "kind,step,epoch,task_i,task_j,value\n";
    for (const ConflictSeries& s : conflict.series)
        for (std::size_t k = 0; k < s.matrices.size(); ++k) {
            const Eigen::MatrixXd& m = s.matrices[k];
            for (Eigen::Index i = 0; i < m.rows(); ++i)
                for (Eigen::Index j = i + 1; j < m.cols(); ++j)
                    csv << csvField(s.kind) << ',' << s.steps[k] << ',' << s.epochs[k] + 1 << ','
                        << csvField(conflict.taskNames.at(static_cast<std::size_t>(i))) << ','
                        << csvField(conflict.taskNames.at(static_cast<std::size_t>(j))) << ',' << format(m(i, j))
                        << '\n';
        }
    return csv.str();
}

std::string angleBoxesCsv(const std::string& kind, const std::vector<analysis::AngleBox>& boxes)
{
    std::ostringstream csv;
    csv << "kind,first_epoch,last_epoch,count,min,q1,median,q3,max,conflict_share\n";
    for (const analysis::AngleBox& b : boxes)
        csv << csvField(kind) << ',' << b.firstEpoch + 1 << ',' << b.lastEpoch + 1 << ',' << b.count << ','
            << format(b.minimum) << ',' << format(b.lowerQuartile) << ',' << format(b.median) << ','
            << format(b.upperQuartile) << ',' << format(b.maximum) << ',' << format(b.conflictShare) << '\n';
    return csv.str();
}

} // namespace mtw::engine

#include "engine/stored_conflict.h"

#include "analysis/centered_kernel_alignment.h"

#include "engine/csv_field.h"
#include "engine/object_reader.h"
#include "engine/run_follower.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string_view>

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
    // A poll delivers the steps up to its last one with their matrices, so every matrix's epoch is
    // known when its snapshot arrives.
    do {
        const SnapshotPtr snapshot = follower.poll();
        if (!snapshot)
            break;
        for (const StepRecord& r : snapshot->steps)
            recorded.emplace_back(r.step, r.epoch);
        for (const MatrixRecord& m : snapshot->matrices) {
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
    } while (follower.hasMore());
    // The CKA last, whatever order the layers first appeared in.
    std::stable_partition(
        conflict.series.begin(), conflict.series.end(), [](const ConflictSeries& s) { return s.kind != ckaKind; });
    return conflict;
}

bool isLayerCosineKind(const std::string& kind)
{
    return kind.starts_with(layerCosinePrefix);
}

std::string conflictKindTitle(const std::string& kind)
{
    if (kind == "cosine")
        return "all shared layers";
    if (kind == ckaKind)
        return "CKA of the heads";
    return isLayerCosineKind(kind) ? kind.substr(std::string_view(layerCosinePrefix).size()) : kind;
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

PairSummary summarizePairs(const Eigen::MatrixXd& m)
{
    double sum = 0;
    int negative = 0, count = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = i + 1; j < m.cols(); ++j)
            if (std::isfinite(m(i, j))) {
                sum += m(i, j);
                negative += m(i, j) < 0 ? 1 : 0;
                ++count;
            }
    if (count == 0)
        return { std::nan(""), std::nan("") };
    return { sum / count, static_cast<double>(negative) / count };
}

std::string taskGroupsText(const Eigen::MatrixXd& affinity, double tau, const std::vector<std::string>& taskNames)
{
    std::string text;
    for (const std::vector<int>& group : analysis::thresholdGroups(affinity, tau)) {
        text += text.empty() ? "{" : " {";
        for (std::size_t k = 0; k < group.size(); ++k) {
            const std::size_t t = static_cast<std::size_t>(group[k]);
            text += k ? ", " : "";
            text += t < taskNames.size() ? taskNames[t] : std::to_string(t);
        }
        text += '}';
    }
    return text;
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
                        << csvField(conflict.taskNames.at(static_cast<std::size_t>(j))) << ','
                        << referenceNumber(m(i, j)) << '\n';
        }
    return csv.str();
}

std::string angleBoxesCsv(const StoredConflict& conflict, int maxBoxes)
{
    std::ostringstream csv;
    csv << "kind,first_epoch,last_epoch,count,min,q1,median,q3,max,conflict_share\n";
    for (const ConflictSeries& s : conflict.series) {
        if (s.kind == ckaKind)
            continue;
        for (const analysis::AngleBox& b : angleBoxes(s, maxBoxes))
            csv << csvField(s.kind) << ',' << b.firstEpoch + 1 << ',' << b.lastEpoch + 1 << ',' << b.count << ','
                << referenceNumber(b.minimum) << ',' << referenceNumber(b.lowerQuartile) << ','
                << referenceNumber(b.median) << ',' << referenceNumber(b.upperQuartile) << ','
                << referenceNumber(b.maximum) << ',' << referenceNumber(b.conflictShare) << '\n';
    }
    return csv.str();
}

} // namespace mtw::engine

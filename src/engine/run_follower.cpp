#include "engine/run_follower.h"

#include "engine/checkpoint.h"
#include "engine/run_directory.h"
#include "engine/run_reader.h"
#include "engine/run_store.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace fs = std::filesystem;

namespace {

long long modificationStamp(const std::string& path)
{
    std::error_code error;
    const fs::file_time_type time = fs::last_write_time(path, error);
    return error ? -1 : static_cast<long long>(time.time_since_epoch().count());
}

RunStatus statusFromName(const std::string& name)
{
    for (RunStatus status :
        { RunStatus::Finished, RunStatus::Stopped, RunStatus::Failed, RunStatus::Paused, RunStatus::Running })
        if (runStatusName(status) == name)
            return status;
    return RunStatus::Stopped;
}

} // namespace

RunFollower::RunFollower(const std::string& directory)
    : m_directory(directory)
{
    std::error_code error;
    if (!fs::is_directory(directory, error))
        throw RunStoreError("'" + directory + "' is not a directory");
    if (!fs::is_regular_file(directory + "/experiment.json", error))
        throw RunStoreError("'" + directory
            + "' is not a run directory: it has no experiment.json (open a folder of runs with Open folder / several "
              "paths)");
    try {
        m_experiment = loadExperiment(directory + "/experiment.json");
    } catch (const std::exception& problem) {
        throw RunStoreError("'" + directory + "/experiment.json' cannot be read: " + problem.what());
    }
    m_db = std::make_unique<ReadOnlyDatabase>(directory + "/run.sqlite");
    std::string format;
    {
        Statement meta(*m_db, "SELECT value FROM meta WHERE key = 'schema';");
        if (meta.next())
            format = meta.text(0);
    }
    if (format != schema) {
        if (format.rfind("mtw-run/", 0) == 0)
            throw RunStoreError("'" + m_db->path() + "' was written in format " + format
                + ", which this build does not read (it reads " + schema + "): open it with a newer MTL Workbench");
        throw RunStoreError(
            "'" + m_db->path() + "' is not an MTL Workbench run store (no '" + schema + "' schema entry)");
    }
    m_taskNames = readTaskNames(*m_db);
    m_hasFactors = hasFactorTable(*m_db);
    if (m_taskNames.empty())
        throw RunStoreError("'" + m_db->path() + "' names no tasks: the run was interrupted before its first record");
}

RunFollower::Summary RunFollower::readSummary() const
{
    Summary summary;
    std::ifstream in(m_directory + "/summary.json");
    if (!in)
        return summary;
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_object())
        return summary; // being written, or damaged: the next poll reads it again
    summary.present = true;
    summary.status = statusFromName(json.value("status", ""));
    summary.message = json.value("message", "");
    summary.seconds = json.value("seconds", 0.0);
    if (const auto losses = json.find("final_losses"); losses != json.end() && losses->is_object())
        for (const std::string& task : m_taskNames)
            summary.finalLosses.push_back(
                losses->contains(task) && (*losses)[task].is_number() ? (*losses)[task].get<double>() : std::nan(""));
    if (const auto theta = json.find("final_parameters"); theta != json.end() && theta->is_array()) {
        summary.finalParameters.resize(static_cast<Eigen::Index>(theta->size()));
        for (std::size_t i = 0; i < theta->size(); ++i)
            summary.finalParameters(static_cast<Eigen::Index>(i))
                = (*theta)[i].is_number() ? (*theta)[i].get<double>() : std::nan("");
    }
    return summary;
}

void RunFollower::updateStatus(bool writerActive, const Summary& summary)
{
    m_writerActive = writerActive;
    if (summary.present) { // written at the end (a resume removes it first), maybe before the writer lets go
        m_status = summary.status;
        m_message = summary.message;
        m_seconds = summary.seconds;
        m_finalLosses = summary.finalLosses;
    } else if (writerActive) {
        m_status = RunStatus::Running;
        m_message.clear();
    } else {
        m_status = RunStatus::Stopped;
        m_message
            = "interrupted: the writer ended without a summary (`mtw-cli resume` continues it from its checkpoint)";
    }
}

SnapshotPtr RunFollower::poll(long long maxSteps)
{
    const bool writerActive = isRunDirectoryLocked(m_directory);
    const long long summaryStamp = modificationStamp(m_directory + "/summary.json");
    const long long version = m_db->dataVersion();
    const bool statusChanged = !m_started || writerActive != m_writerActive || summaryStamp != m_summaryStamp;
    if (!statusChanged && !m_more && version == m_dataVersion)
        return nullptr;
    m_started = true;
    m_dataVersion = version;
    m_summaryStamp = summaryStamp;
    const Summary summary = readSummary();

    auto snapshot = std::make_shared<Snapshot>();
    snapshot->taskNames = m_taskNames;
    m_db->execute("BEGIN;");
    try {
        readSteps(*snapshot, std::max(1LL, maxSteps));
        // Evaluations at step s are made after s steps (after step record s - 1).
        const long long last = m_more ? m_lastStep + 1 : std::numeric_limits<long long>::max();
        readMatrices(*snapshot, last);
        readEvaluations(*snapshot, last);
        readFactors(*snapshot, last);
        readParameterRecords(*snapshot, last);
    } catch (...) {
        m_db->execute("COMMIT;");
        throw;
    }
    m_db->execute("COMMIT;");

    updateStatus(writerActive, summary);
    snapshot->status = m_more ? RunStatus::Running : m_status;
    snapshot->message = m_message;
    snapshot->step = m_lastStep + 1;
    snapshot->totalSteps = m_experiment.steps;
    snapshot->elapsedSeconds = m_seconds;
    snapshot->parameters = !m_more && summary.present ? finalParameters(summary) : m_lastPoint;
    return snapshot;
}

Eigen::VectorXd RunFollower::finalParameters(const Summary& summary)
{
    if (summary.finalParameters.size() > 0)
        return summary.finalParameters;
    // Larger models: the checkpoint written at the end holds them (what the landscape view needs).
    if (m_checkpointParameters.size() == 0) {
        try {
            const Checkpoint checkpoint = Checkpoint::read(checkpointPathIn(m_directory));
            const std::vector<double>& theta = checkpoint.vector("theta");
            if (static_cast<long long>(checkpoint.vector("step").at(0)) == m_lastStep + 1)
                m_checkpointParameters
                    = Eigen::Map<const Eigen::VectorXd>(theta.data(), static_cast<Eigen::Index>(theta.size()));
        } catch (const std::exception&) {
            // No usable checkpoint: the views that need the parameters say they are unavailable.
        }
    }
    return m_checkpointParameters.size() > 0 ? m_checkpointParameters : m_lastPoint;
}

void RunFollower::readSteps(Snapshot& snapshot, long long maxSteps)
{
    Statement steps(*m_db,
        "SELECT step, epoch, lr, direction_norm, conflict_fraction, non_conflicting, x1, x2 FROM steps WHERE step > ?1 "
        "ORDER BY step LIMIT ?2;");
    steps.bind(1, m_lastStep);
    steps.bind(2, maxSteps + 1); // one more tells whether the chunk ends the stored steps
    const Eigen::Index tasks = static_cast<Eigen::Index>(m_taskNames.size());
    bool more = false;
    while (steps.next()) {
        if (static_cast<long long>(snapshot.steps.size()) == maxSteps) {
            more = true;
            break;
        }
        StepRecord r;
        r.step = steps.integer(0);
        r.epoch = static_cast<int>(steps.integer(1));
        r.learningRate = steps.real(2);
        r.directionNorm = steps.real(3);
        r.conflictFraction = steps.real(4);
        r.nonConflicting = steps.integer(5) != 0;
        const double x1 = steps.real(6), x2 = steps.real(7);
        if (!std::isnan(x1)) {
            // Filled in place: assigning a fixed Vector2d here trips GCC 12's -Warray-bounds on
            // Eigen's AVX packet path (built for x86-64-v3), a false positive.
            r.point = Eigen::VectorXd::Constant(std::isnan(x2) ? 1 : 2, x1);
            if (!std::isnan(x2))
                r.point(1) = x2;
        }
        r.magnitudeSimilarity = std::nan(""); // read with the factors below, where stored
        for (Eigen::VectorXd* v : { &r.losses, &r.weights, &r.gradientNorms, &r.alignment, &r.slowdown })
            *v = Eigen::VectorXd::Constant(tasks, std::nan(""));
        snapshot.steps.push_back(std::move(r));
    }
    m_more = more;
    if (snapshot.steps.empty())
        return;
    const long long first = snapshot.steps.front().step, last = snapshot.steps.back().step;
    // Step numbers are unique and sorted: index the chunk by step for the per-task and extras rows.
    const auto find = [&](long long step) -> StepRecord* {
        const auto it = std::lower_bound(snapshot.steps.begin(), snapshot.steps.end(), step,
            [](const StepRecord& record, long long value) { return record.step < value; });
        return it != snapshot.steps.end() && it->step == step ? &*it : nullptr;
    };
    Statement perTask(*m_db,
        "SELECT step, task, loss, weight, grad_norm, alignment, slowdown FROM task_steps WHERE step BETWEEN ?1 AND ?2 "
        "ORDER BY step, task;");
    perTask.bind(1, first);
    perTask.bind(2, last);
    StepRecord* record = nullptr;
    while (perTask.next()) {
        const long long step = perTask.integer(0);
        if (!record || record->step != step)
            record = find(step);
        const long long task = perTask.integer(1);
        if (!record || task < 0 || task >= tasks)
            m_db->fail("task_steps row (step " + std::to_string(step) + ", task " + std::to_string(task)
                + ") has no step or task");
        const Eigen::Index t = static_cast<Eigen::Index>(task);
        record->losses(t) = perTask.real(2);
        record->weights(t) = perTask.real(3);
        record->gradientNorms(t) = perTask.real(4);
        record->alignment(t) = perTask.real(5);
        record->slowdown(t) = perTask.real(6);
    }
    Statement extras(*m_db, "SELECT step, name, value FROM extras WHERE step BETWEEN ?1 AND ?2 ORDER BY step;");
    extras.bind(1, first);
    extras.bind(2, last);
    record = nullptr;
    while (extras.next()) {
        const long long step = extras.integer(0);
        if (!record || record->step != step)
            record = find(step);
        if (record)
            record->extras[extras.text(1)] = extras.real(2);
    }
    if (m_hasFactors) {
        Statement similarity(
            *m_db, "SELECT step, value FROM factors WHERE name = 'magnitude_similarity' AND step BETWEEN ?1 AND ?2;");
        similarity.bind(1, first);
        similarity.bind(2, last);
        while (similarity.next())
            if (StepRecord* r = find(similarity.integer(0)))
                r->magnitudeSimilarity = similarity.real(1);
    }
    m_lastStep = last;
    if (snapshot.steps.back().point.size() > 0)
        m_lastPoint = snapshot.steps.back().point;
}

void RunFollower::readMatrices(Snapshot& snapshot, long long lastStep)
{
    // Every kind of a step, "cosine" first, then the layers and the CKA in the order written.
    Statement matrices(*m_db,
        "SELECT step, kind, rows, cols, data FROM matrices WHERE step > ?1 AND step <= ?2 ORDER BY step, kind != "
        "'cosine', rowid;");
    matrices.bind(1, m_lastMatrix);
    matrices.bind(2, lastStep);
    while (matrices.next()) {
        const long long step = matrices.integer(0);
        const std::string kind = matrices.text(1);
        const long long rows = matrices.integer(2), cols = matrices.integer(3);
        const nlohmann::json data = nlohmann::json::parse(matrices.text(4), nullptr, false);
        // Compared by division first: rows * cols of a damaged row can overflow (2^32 x 2^32 wrapped
        // to 0, matched an empty array and sized the matrix below).
        const std::size_t size = data.is_array() ? data.size() : 0;
        const bool shaped = data.is_array() && rows >= 0 && cols >= 0
            && (rows == 0 || static_cast<std::size_t>(cols) <= size / static_cast<std::size_t>(rows))
            && static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) == size;
        if (!shaped)
            throw RunStoreError("'" + m_db->path() + "' is damaged or not a run database: the " + kind
                + " matrix of step " + std::to_string(step) + " is malformed (" + std::to_string(rows) + " x "
                + std::to_string(cols) + " with "
                + (data.is_array() ? std::to_string(size) + " values)" : "no array of values)"));
        Eigen::MatrixXd values(rows, cols);
        for (long long i = 0; i < rows * cols; ++i) {
            const nlohmann::json& value = data[static_cast<std::size_t>(i)];
            values(i / cols, i % cols) = value.is_number() ? value.get<double>() : std::nan("");
        }
        if (kind == "cosine") {
            snapshot.matrices.push_back({ step, std::move(values), {} });
            m_lastMatrix = step;
        } else if (!snapshot.matrices.empty() && snapshot.matrices.back().step == step) {
            snapshot.matrices.back().more.push_back({ kind, std::move(values) });
        }
        // A further kind without its step's cosine (written by a later format) is left out.
    }
}

void RunFollower::readEvaluations(Snapshot& snapshot, long long lastStep)
{
    snapshot.evaluations = engine::readEvaluations(*m_db, m_lastEvaluation, lastStep);
    if (!snapshot.evaluations.empty())
        m_lastEvaluation = snapshot.evaluations.back().step;
}

void RunFollower::readFactors(Snapshot& snapshot, long long lastStep)
{
    if (!m_hasFactors)
        return;
    snapshot.factors = engine::readFactors(*m_db, m_lastFactor, lastStep);
    if (!snapshot.factors.empty())
        m_lastFactor = snapshot.factors.back().step;
}

void RunFollower::readParameterRecords(Snapshot& snapshot, long long lastStep)
{
    snapshot.parameterRecords = engine::readParameterRecords(*m_db, m_lastParameters, lastStep);
    if (!snapshot.parameterRecords.empty())
        m_lastParameters = snapshot.parameterRecords.back().step;
}

} // namespace mtw::engine

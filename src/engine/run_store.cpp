#include "engine/run_store.h"

#include "engine/atomic_file.h"
#include "engine/parameter_blob.h"
#include "engine/run_outcome.h"

#include "core/kernel_info.h"

#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mtw::engine {

namespace fs = std::filesystem;

namespace {
const char* writeFailureReason(int code)
{
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "the database is locked by another process";
    case SQLITE_FULL:
        return "disk full";
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return "the database is not writable";
    case SQLITE_IOERR:
        return "I/O error";
    default:
        return "SQLite error";
    }
}

const char* schemaSql = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tasks(task INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS steps(step INTEGER PRIMARY KEY, epoch INTEGER, lr REAL, direction_norm REAL,
    conflict_fraction REAL, non_conflicting INTEGER, x1 REAL, x2 REAL);
CREATE TABLE IF NOT EXISTS task_steps(step INTEGER, task INTEGER, loss REAL, weight REAL, grad_norm REAL,
    alignment REAL, slowdown REAL, PRIMARY KEY(step, task));
CREATE TABLE IF NOT EXISTS extras(step INTEGER, name TEXT, value REAL, PRIMARY KEY(step, name));
CREATE TABLE IF NOT EXISTS matrices(step INTEGER, kind TEXT, rows INTEGER, cols INTEGER, data TEXT,
    PRIMARY KEY(step, kind));
CREATE TABLE IF NOT EXISTS evaluations(step INTEGER, split TEXT, task INTEGER, loss REAL, metric REAL,
    metric_name TEXT, PRIMARY KEY(step, split, task));
CREATE TABLE IF NOT EXISTS evaluation_metrics(step INTEGER, split TEXT, task INTEGER, name TEXT, value REAL,
    PRIMARY KEY(step, split, task, name));
CREATE TABLE IF NOT EXISTS factors(step INTEGER, task INTEGER, name TEXT, value REAL, PRIMARY KEY(step, task, name));
CREATE TABLE IF NOT EXISTS parameters(step INTEGER PRIMARY KEY, count INTEGER, encoding TEXT, data BLOB);
)sql";

void bindReal(sqlite3_stmt* statement, int index, double value)
{
    if (std::isfinite(value))
        sqlite3_bind_double(statement, index, value);
    else
        sqlite3_bind_null(statement, index);
}

std::string matrixJson(const Eigen::MatrixXd& m)
{
    nlohmann::json data = nlohmann::json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            data.push_back(m(i, j));
    return data.dump();
}
} // namespace

std::string splitName(problem::Split split)
{
    switch (split) {
    case problem::Split::Train:
        return "train";
    case problem::Split::Validation:
        return "validation";
    case problem::Split::Test:
        return "test";
    }
    return "?";
}

problem::Split splitFromName(const std::string& name)
{
    if (name == "train")
        return problem::Split::Train;
    if (name == "test")
        return problem::Split::Test;
    return problem::Split::Validation;
}

std::string runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Paused:
        return "paused";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Stopped:
        return "stopped";
    case RunStatus::Failed:
        return "failed";
    }
    return "?";
}

std::string RunStore::newRunDirectory(const std::string& root, const std::string& experimentName)
{
    // The experiment's name is free text: keep it readable but make it one safe path component
    // (no "../", no separators, no control characters, bounded length).
    std::string name;
    for (char c : experimentName.substr(0, 80))
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
    while (!name.empty() && name.front() == '.')
        name.erase(name.begin());
    if (name.empty())
        name = "run";
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local {};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    const std::string base = root + "/" + name + "-" + stamp;
    // Created here, so two runs started in the same second (a compare batch, two shells) can never
    // be given the same directory.
    std::error_code error;
    fs::create_directories(root, error);
    std::string candidate = base;
    for (int n = 2; n < 10000; ++n) {
        if (fs::create_directory(candidate, error))
            return candidate;
        if (error)
            throw RunStoreError("cannot create run directory '" + candidate + "': " + error.message());
        candidate = base + "-" + std::to_string(n);
    }
    throw RunStoreError("cannot find a free run directory name under '" + root + "'");
}

RunStore::RunStore(
    const std::string& directory, const Experiment& experiment, const std::vector<std::string>& taskNames)
    : m_directory(directory)
{
    std::error_code error;
    fs::create_directories(directory, error);
    if (error)
        throw RunStoreError("cannot create run directory '" + directory + "': " + error.message());
    // At once (a temporary renamed over it): a run killed while writing it left a truncated
    // experiment.json that `mtw-cli resume` refused as malformed JSON.
    if (const auto failure = writeFileAtomically(directory + "/experiment.json", experimentToJsonText(experiment)))
        throw RunStoreError(*failure);
    // A constructor that throws runs no destructor: release the handle and statements here.
    try {
        open(experiment, taskNames);
    } catch (...) {
        release();
        throw;
    }
}

void RunStore::open(const Experiment& experiment, const std::vector<std::string>& taskNames)
{
    if (sqlite3_open(databasePath().c_str(), &m_db) != SQLITE_OK)
        fail("cannot open database");
    // Another process may hold the write lock for a while (a reader's checkpoint of the WAL, a
    // sqlite3 shell): wait for it instead of failing the run.
    sqlite3_busy_timeout(m_db, busyTimeoutMilliseconds);
    execute("PRAGMA journal_mode=WAL;");
    execute("PRAGMA synchronous=NORMAL;");
    execute(schemaSql);
    execute("BEGIN;");
    sqlite3_stmt* meta = prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?);");
    const std::pair<std::string, std::string> entries[] = { { "schema", "mtw-run/1" }, { "name", experiment.name },
        { "problem", experiment.problem }, { "method", experiment.method }, { "seed", std::to_string(experiment.seed) },
        { "steps", std::to_string(experiment.steps) },
        // Which kernels computed the run: the bits of a seed are the same for any thread count, not
        // across GEMM kernels (core/gemm_dispatch.h).
        { "kernels", core::kernelDescription() } };
    for (const auto& [key, value] : entries) {
        sqlite3_bind_text(meta, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(meta, 2, value.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(meta) != SQLITE_DONE) {
            const std::string reason = sqlite3_errmsg(m_db);
            sqlite3_finalize(meta); // a statement is not released with the handle: finalize before throwing
            throw RunStoreError("cannot write meta in '" + databasePath() + "': " + reason);
        }
        sqlite3_reset(meta);
    }
    sqlite3_finalize(meta);
    sqlite3_stmt* task = prepare("INSERT OR REPLACE INTO tasks(task, name) VALUES(?, ?);");
    for (std::size_t t = 0; t < taskNames.size(); ++t) {
        sqlite3_bind_int(task, 1, static_cast<int>(t));
        sqlite3_bind_text(task, 2, taskNames[t].c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(task) != SQLITE_DONE) {
            const std::string reason = sqlite3_errmsg(m_db);
            sqlite3_finalize(task);
            throw RunStoreError("cannot write tasks in '" + databasePath() + "': " + reason);
        }
        sqlite3_reset(task);
    }
    sqlite3_finalize(task);
    execute("COMMIT;");
    m_insertStep = prepare("INSERT OR REPLACE INTO steps VALUES(?, ?, ?, ?, ?, ?, ?, ?);");
    m_insertTaskStep = prepare("INSERT OR REPLACE INTO task_steps VALUES(?, ?, ?, ?, ?, ?, ?);");
    m_insertExtra = prepare("INSERT OR REPLACE INTO extras VALUES(?, ?, ?);");
    m_insertMatrix = prepare("INSERT OR REPLACE INTO matrices VALUES(?, ?, ?, ?, ?);");
    m_insertEvaluation = prepare("INSERT OR REPLACE INTO evaluations VALUES(?, ?, ?, ?, ?, ?);");
    m_insertEvaluationMetric = prepare("INSERT OR REPLACE INTO evaluation_metrics VALUES(?, ?, ?, ?, ?);");
    m_insertFactor = prepare("INSERT OR REPLACE INTO factors VALUES(?, ?, ?, ?);");
    m_insertParameters = prepare("INSERT OR REPLACE INTO parameters VALUES(?, ?, ?, ?);");
}

void RunStore::release()
{
    for (sqlite3_stmt** statement : { &m_insertStep, &m_insertTaskStep, &m_insertExtra, &m_insertMatrix,
             &m_insertEvaluation, &m_insertEvaluationMetric, &m_insertFactor, &m_insertParameters }) {
        sqlite3_finalize(*statement);
        *statement = nullptr;
    }
    sqlite3_close_v2(m_db); // also after a failed sqlite3_open, which still allocates the handle
    m_db = nullptr;
}

RunStore::~RunStore()
{
    release();
}

void RunStore::fail(const std::string& what) const
{
    throw RunStoreError(what + " in '" + databasePath() + "': " + (m_db ? sqlite3_errmsg(m_db) : "no database"));
}

void RunStore::execute(const char* sql)
{
    char* message = nullptr;
    const int code = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (code != SQLITE_OK) {
        const std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw RunStoreError(
            "SQLite error in '" + databasePath() + "': " + text + " (" + writeFailureReason(code) + ")");
    }
}

void RunStore::discardFrom(long long step)
{
    // A checkpoint is never ahead of the records, but records may be ahead of it (a run killed
    // between the two): those steps are trained again, and stale rows past a shorter resumed run's
    // end must not remain. Evaluations at the checkpoint's step itself were made before it.
    const std::string s = std::to_string(step);
    const std::string sql = "BEGIN IMMEDIATE; DELETE FROM steps WHERE step >= " + s
        + "; DELETE FROM task_steps WHERE step >= " + s + "; DELETE FROM extras WHERE step >= " + s
        + "; DELETE FROM matrices WHERE step >= " + s + "; DELETE FROM evaluations WHERE step > " + s
        + "; DELETE FROM evaluation_metrics WHERE step > " + s + "; DELETE FROM factors WHERE step > " + s
        + "; DELETE FROM parameters WHERE step > " + s + "; COMMIT;";
    execute(sql.c_str());
}

sqlite3_stmt* RunStore::prepare(const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr) != SQLITE_OK)
        fail("cannot prepare statement");
    return statement;
}

void RunStore::append(const Snapshot& snapshot)
{
    if (snapshot.steps.empty() && snapshot.matrices.empty() && snapshot.evaluations.empty() && snapshot.factors.empty()
        && snapshot.parameterRecords.empty())
        return;
    // IMMEDIATE takes the write lock at BEGIN, where the busy timeout applies.
    execute("BEGIN IMMEDIATE;");
    auto run = [this](sqlite3_stmt* statement) {
        const int code = sqlite3_step(statement);
        if (code != SQLITE_DONE) {
            sqlite3_reset(statement);
            sqlite3_exec(m_db, "ROLLBACK;", nullptr, nullptr, nullptr);
            fail(std::string("cannot write records (") + writeFailureReason(code) + ")");
        }
        sqlite3_reset(statement);
    };
    for (const StepRecord& r : snapshot.steps) {
        sqlite3_bind_int64(m_insertStep, 1, r.step);
        sqlite3_bind_int(m_insertStep, 2, r.epoch);
        bindReal(m_insertStep, 3, r.learningRate);
        bindReal(m_insertStep, 4, r.directionNorm);
        bindReal(m_insertStep, 5, r.conflictFraction);
        sqlite3_bind_int(m_insertStep, 6, r.nonConflicting ? 1 : 0);
        for (int i = 0; i < 2; ++i) {
            if (r.point.size() > i)
                bindReal(m_insertStep, 7 + i, r.point(i));
            else
                sqlite3_bind_null(m_insertStep, 7 + i);
        }
        run(m_insertStep);
        for (Eigen::Index t = 0; t < r.losses.size(); ++t) {
            sqlite3_bind_int64(m_insertTaskStep, 1, r.step);
            sqlite3_bind_int(m_insertTaskStep, 2, static_cast<int>(t));
            bindReal(m_insertTaskStep, 3, r.losses(t));
            bindReal(m_insertTaskStep, 4, t < r.weights.size() ? r.weights(t) : std::nan(""));
            bindReal(m_insertTaskStep, 5, r.gradientNorms(t));
            bindReal(m_insertTaskStep, 6, r.alignment(t));
            bindReal(m_insertTaskStep, 7, r.slowdown(t));
            run(m_insertTaskStep);
        }
        for (const auto& [name, value] : r.extras) {
            sqlite3_bind_int64(m_insertExtra, 1, r.step);
            sqlite3_bind_text(m_insertExtra, 2, name.c_str(), -1, SQLITE_TRANSIENT);
            bindReal(m_insertExtra, 3, value);
            run(m_insertExtra);
        }
    }
    auto insertMatrix = [&](long long step, const std::string& kind, const Eigen::MatrixXd& values) {
        const std::string data = matrixJson(values);
        sqlite3_bind_int64(m_insertMatrix, 1, step);
        sqlite3_bind_text(m_insertMatrix, 2, kind.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(m_insertMatrix, 3, static_cast<int>(values.rows()));
        sqlite3_bind_int(m_insertMatrix, 4, static_cast<int>(values.cols()));
        sqlite3_bind_text(m_insertMatrix, 5, data.c_str(), -1, SQLITE_TRANSIENT);
        run(m_insertMatrix);
    };
    for (const MatrixRecord& m : snapshot.matrices) {
        insertMatrix(m.step, "cosine", m.cosine);
        for (const NamedMatrix& more : m.more)
            insertMatrix(m.step, more.kind, more.values);
    }
    auto insertFactor = [&](long long step, int task, const std::string& name, double value) {
        sqlite3_bind_int64(m_insertFactor, 1, step);
        sqlite3_bind_int(m_insertFactor, 2, task);
        sqlite3_bind_text(m_insertFactor, 3, name.c_str(), -1, SQLITE_TRANSIENT);
        bindReal(m_insertFactor, 4, value);
        run(m_insertFactor);
    };
    for (const StepRecord& r : snapshot.steps)
        if (r.losses.size() > 1)
            insertFactor(r.step, -1, "magnitude_similarity", r.magnitudeSimilarity);
    for (const FactorRecord& f : snapshot.factors)
        insertFactor(f.step, f.task, f.name, f.value);
    for (const EvaluationRecord& e : snapshot.evaluations) {
        const std::string split = splitName(e.split);
        for (std::size_t t = 0; t < e.tasks.size(); ++t) {
            sqlite3_bind_int64(m_insertEvaluation, 1, e.step);
            sqlite3_bind_text(m_insertEvaluation, 2, split.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(m_insertEvaluation, 3, static_cast<int>(t));
            bindReal(m_insertEvaluation, 4, e.tasks[t].loss);
            bindReal(m_insertEvaluation, 5, e.tasks[t].metric);
            sqlite3_bind_text(m_insertEvaluation, 6, e.tasks[t].metricName.c_str(), -1, SQLITE_TRANSIENT);
            run(m_insertEvaluation);
            for (const problem::MetricValue& metric : e.tasks[t].moreMetrics) {
                sqlite3_bind_int64(m_insertEvaluationMetric, 1, e.step);
                sqlite3_bind_text(m_insertEvaluationMetric, 2, split.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(m_insertEvaluationMetric, 3, static_cast<int>(t));
                sqlite3_bind_text(m_insertEvaluationMetric, 4, metric.name.c_str(), -1, SQLITE_TRANSIENT);
                bindReal(m_insertEvaluationMetric, 5, metric.value);
                run(m_insertEvaluationMetric);
            }
        }
    }
    for (const ParameterRecord& p : snapshot.parameterRecords) {
        const std::string blob = encodeParameters(p.values);
        sqlite3_bind_int64(m_insertParameters, 1, p.step);
        sqlite3_bind_int64(m_insertParameters, 2, p.values.size());
        sqlite3_bind_text(m_insertParameters, 3, parameterBlobEncoding, -1, SQLITE_STATIC);
        sqlite3_bind_blob(m_insertParameters, 4, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
        run(m_insertParameters);
    }
    execute("COMMIT;");
}

void RunStore::writeSummary(const RunOutcome& outcome, const std::vector<std::string>& taskNames)
{
    nlohmann::json summary;
    summary["status"] = runStatusName(outcome.status);
    summary["message"] = outcome.message;
    summary["steps"] = outcome.steps;
    summary["seconds"] = outcome.seconds;
    nlohmann::json losses = nlohmann::json::object();
    for (Eigen::Index t = 0; t < outcome.finalLosses.size(); ++t)
        losses[taskNames[static_cast<std::size_t>(t)]] = outcome.finalLosses(t);
    summary["final_losses"] = losses;
    if (outcome.finalParameters.size() <= 16) {
        std::vector<double> theta(
            outcome.finalParameters.data(), outcome.finalParameters.data() + outcome.finalParameters.size());
        summary["final_parameters"] = theta;
    }
    const std::string path = m_directory + "/summary.json";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << summary.dump(2) << "\n";
    out.flush();
    if (!out)
        throw RunStoreError("cannot write '" + path + "' (disk full or not writable?)");
}

} // namespace mtw::engine

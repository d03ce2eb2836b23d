#include "engine/read_only_database.h"

#include "engine/run_store.h"

#include <cmath>
#include <filesystem>

namespace mtw::engine {

ReadOnlyDatabase::ReadOnlyDatabase(const std::string& path)
    : m_path(path)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        throw RunStoreError("'" + path + "' does not exist");
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "cannot open";
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw RunStoreError("cannot open '" + path + "': " + message);
    }
    sqlite3_busy_timeout(m_db, RunStore::busyTimeoutMilliseconds);
}

ReadOnlyDatabase::~ReadOnlyDatabase()
{
    sqlite3_close_v2(m_db);
}

void ReadOnlyDatabase::fail(const std::string& what) const
{
    throw RunStoreError(
        "'" + m_path + "' is damaged or not a run database: " + what + " (" + sqlite3_errmsg(m_db) + ")");
}

long long ReadOnlyDatabase::dataVersion()
{
    Statement version(*this, "PRAGMA data_version;");
    return version.next() ? version.integer(0) : -1;
}

void ReadOnlyDatabase::execute(const char* sql)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        fail(std::string("cannot run ") + sql);
}

Statement::Statement(ReadOnlyDatabase& database, const char* sql)
    : m_database(database)
{
    if (sqlite3_prepare_v2(database.handle(), sql, -1, &m_statement, nullptr) != SQLITE_OK) {
        sqlite3_finalize(m_statement);
        m_statement = nullptr;
        database.fail(std::string("cannot read (") + sql + ")");
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

void Statement::bind(int index, long long value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void Statement::bind(int index, const std::string& text)
{
    sqlite3_bind_text(m_statement, index, text.c_str(), -1, SQLITE_TRANSIENT);
}

bool Statement::next()
{
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code == SQLITE_DONE)
        return false;
    m_database.fail("cannot read a row");
}

double Statement::real(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL ? std::nan("")
                                                                   : sqlite3_column_double(m_statement, column);
}

std::string Statement::text(int column) const
{
    const unsigned char* value = sqlite3_column_text(m_statement, column);
    return value ? reinterpret_cast<const char*>(value) : "";
}

std::string Statement::blob(int column) const
{
    const void* value = sqlite3_column_blob(m_statement, column);
    const int bytes = sqlite3_column_bytes(m_statement, column); // after _blob, as SQLite requires
    return value ? std::string(static_cast<const char*>(value), static_cast<std::size_t>(bytes)) : std::string();
}

} // namespace mtw::engine

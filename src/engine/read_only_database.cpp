#include "engine/read_only_database.h"

#include "engine/run_store.h"

#include <sqlite3.h>

namespace mtw::engine {

ReadOnlyDatabase::ReadOnlyDatabase(std::string path)
    : m_path(std::move(path)) {
    if (sqlite3_open_v2(m_path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "cannot open";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw RunStoreError("cannot open '" + m_path + "': " + message);
    }
    sqlite3_busy_timeout(m_db, RunStore::busyTimeoutMilliseconds);
}

ReadOnlyDatabase::~ReadOnlyDatabase() {
    sqlite3_close(m_db);
}

sqlite3_stmt* ReadOnlyDatabase::prepare(const char* sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr) != SQLITE_OK)
        throw RunStoreError("'" + m_path + "' is not a run database: " + sqlite3_errmsg(m_db));
    return statement;
}

ReadOnlyDatabase::Statement::~Statement() {
    sqlite3_finalize(m_statement);
}

bool ReadOnlyDatabase::Statement::next() {
    return sqlite3_step(m_statement) == SQLITE_ROW;
}

bool ReadOnlyDatabase::Statement::isNull(int column) const {
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

double ReadOnlyDatabase::Statement::real(int column) const {
    return sqlite3_column_double(m_statement, column);
}

long long ReadOnlyDatabase::Statement::integer(int column) const {
    return sqlite3_column_int64(m_statement, column);
}

std::string ReadOnlyDatabase::Statement::text(int column) const {
    const unsigned char* value = sqlite3_column_text(m_statement, column);
    return value ? reinterpret_cast<const char*>(value) : "";
}

void ReadOnlyDatabase::Statement::bind(int index, const std::string& text) {
    sqlite3_bind_text(m_statement, index, text.c_str(), -1, SQLITE_TRANSIENT);
}

} // namespace mtw::engine

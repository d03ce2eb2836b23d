#pragma once
// A read-only connection to a run's SQLite store, for readers that never write (run_reader.h,
// run_series.h for studies, run_follower.h for the GUI). It opens with SQLITE_OPEN_READONLY, so a reader can never
// create an empty database where a run was expected, and waits for the writer's brief locks
// (RunStore::busyTimeoutMilliseconds) instead of failing. Statements are RAII so that no read
// transaction outlives a query (an open read transaction would stop the writer's WAL checkpoints).
#include <sqlite3.h>

#include <string>

namespace mtw::engine {

class ReadOnlyDatabase;

class Statement {
public:
    Statement(ReadOnlyDatabase& database, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, long long value); // 1-based, as in SQLite
    void bind(int index, const std::string& text);
    // Advances to the next row; false at the end. Throws RunStoreError on a read error (a
    // damaged file), naming the database.
    bool next();
    long long integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    // NULL (how the store writes NaN and infinities) reads as NaN.
    double real(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const; // the bytes of a BLOB (or of a text) column

private:
    ReadOnlyDatabase& m_database;
    sqlite3_stmt* m_statement = nullptr;
};

class ReadOnlyDatabase {
public:
    // Throws RunStoreError when the file is missing or not an SQLite database.
    explicit ReadOnlyDatabase(const std::string& path);
    ~ReadOnlyDatabase();
    ReadOnlyDatabase(const ReadOnlyDatabase&) = delete;
    ReadOnlyDatabase& operator=(const ReadOnlyDatabase&) = delete;

    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }
    // Changes whenever another connection commits (PRAGMA data_version): the cheap "anything
    // new?" check of a follower.
    long long dataVersion();
    // Runs statements that return no rows (BEGIN / COMMIT of a read transaction).
    void execute(const char* sql);
    [[noreturn]] void fail(const std::string& what) const;

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
};

} // namespace mtw::engine

#pragma once
// A run database (run.sqlite) opened read-only, for the readers (run_reader.h, run_series.h):
// statements are finalized by their owner, and errors are RunStoreError naming the file.
// Reading while the run is still written is safe: the store uses WAL mode.
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace mtw::engine {

class ReadOnlyDatabase {
public:
    explicit ReadOnlyDatabase(std::string path); // throws RunStoreError
    ~ReadOnlyDatabase();
    ReadOnlyDatabase(const ReadOnlyDatabase&) = delete;
    ReadOnlyDatabase& operator=(const ReadOnlyDatabase&) = delete;

    // A prepared statement finalized on destruction.
    class Statement {
    public:
        Statement(sqlite3_stmt* statement)
            : m_statement(statement) { }
        ~Statement();
        Statement(const Statement&) = delete;
        Statement& operator=(const Statement&) = delete;
        bool next(); // true while there is a row
        bool isNull(int column) const;
        double real(int column) const;
        long long integer(int column) const;
        std::string text(int column) const;
        void bind(int index, const std::string& text);
        sqlite3_stmt* get() const { return m_statement; }

    private:
        sqlite3_stmt* m_statement;
    };

    // Throws RunStoreError "'<path>' is not a run database: <why>" when the SQL does not compile.
    sqlite3_stmt* prepare(const char* sql) const;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
};

} // namespace mtw::engine

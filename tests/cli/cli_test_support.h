#pragma once
// Helpers of the mtw-cli suites: run the real executable, write input files, read run databases.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sqlite3.h>

namespace mtw::test {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

inline Result runCli(const QStringList& arguments, const QByteArray& input = {}, int timeoutMs = 120000)
{
    QProcess process;
    process.start(MTW_CLI_PATH, arguments);
    process.waitForStarted();
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(timeoutMs);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(content);
    return path;
}

// The rows of a CSV file the command wrote, split at commas (fields without quoted commas).
inline QList<QStringList> csvRows(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    QList<QStringList> rows;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (!line.isEmpty())
            rows << QString::fromUtf8(line).split(',');
    return rows;
}

inline long long countRows(const QString& database, const char* sql)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db); // a failed open still allocates the handle (LeakSanitizer)
        return -1;
    }
    sqlite3_stmt* statement = nullptr;
    long long value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

// The first column of a query's first row as a double (NaN without a row).
inline double exactDouble(const QString& database, const char* sql)
{
    sqlite3* db = nullptr;
    double value = std::nan("");
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_double(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return value;
}

// Every row of a query, REAL columns by their exact bits: two runs' tables compare bit for bit.
inline QByteArray exactRows(const QString& database, const char* sql)
{
    sqlite3* db = nullptr;
    QByteArray rows;
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open";
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(statement); ++c) {
                if (sqlite3_column_type(statement, c) == SQLITE_FLOAT) {
                    const double value = sqlite3_column_double(statement, c);
                    std::uint64_t bits = 0;
                    std::memcpy(&bits, &value, sizeof bits);
                    rows += QByteArray::number(static_cast<qulonglong>(bits), 16);
                } else if (sqlite3_column_type(statement, c) == SQLITE_NULL) {
                    rows += "null";
                } else {
                    rows += reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
                }
                rows += ',';
            }
            rows += '\n';
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

} // namespace mtw::test

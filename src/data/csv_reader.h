#pragma once
// Record splitter behind CsvImporter (the format is described in csv_importer.h). It hands out
// one record at a time as views into its buffer, so a large file is never held whole and no
// field becomes a std::string: only quoted fields that contain doubled quotes are copied (to
// undo the doubling). A file is read in blocks; a record that runs past the end of a block
// (long rows, quoted fields with line breaks) is moved to the front of the buffer and parsed
// again once more input is there, and the buffer grows only when one record is longer than it.
#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mtw::data {

// Blanks around a cell or a column name ("1, 2" is two numbers); line breaks are not blanks.
inline std::string_view trimBlanks(std::string_view text)
{
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

class CsvRecordReader {
public:
    // Text already in memory; it is not copied and must outlive the reader. `source` names it in
    // errors.
    CsvRecordReader(std::string_view text, std::string source);
    // A file, read blockBytes at a time; throws CsvError when it cannot be opened.
    CsvRecordReader(const std::string& path, std::size_t blockBytes);
    ~CsvRecordReader();
    CsvRecordReader(const CsvRecordReader&) = delete;
    CsvRecordReader& operator=(const CsvRecordReader&) = delete;

    // Moves to the next record that is not blank; false at the end of the input. Throws CsvError
    // ("source:line:column: ...") on an unterminated quote or a character after a closing quote.
    bool next();
    long long line() const { return m_recordLine; } // line the current record starts on (1-based)
    // The current record's fields, quotes removed; valid until the next call of next().
    const std::vector<std::string_view>& fields() const { return m_fields; }
    const std::string& source() const { return m_source; }

private:
    struct Span {
        std::size_t begin = 0, end = 0; // offsets into the buffer, quotes excluded
        bool escaped = false; // holds doubled quotes
    };
    struct FileCloser {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    enum class Parse { Complete, NeedMore };

    Parse parseRecord();
    bool refill();
    void makeFields();
    [[noreturn]] void fail(long long line, std::size_t column, const char* what) const;

    std::string m_source;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0;
    const char* m_data = nullptr; // the buffer, or the caller's text
    std::size_t m_size = 0; // bytes of input in m_data
    std::size_t m_pos = 0; // start of the first record not yet returned
    bool m_eof = false; // nothing more to read beyond m_size
    bool m_started = false; // the byte-order mark has been looked for
    long long m_line = 1; // line at m_pos
    long long m_recordLine = 0;
    std::vector<Span> m_spans;
    std::vector<std::string_view> m_fields;
    std::string m_unescaped; // text of the current record's escaped fields
};

} // namespace mtw::data

#include "data/csv_reader.h"

#include "data/csv_importer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace mtw::data {

namespace {
std::string systemReason(int error)
{
    return std::generic_category().message(error);
}
} // namespace

CsvRecordReader::CsvRecordReader(std::string_view text, std::string source)
    : m_source(std::move(source))
    , m_data(text.data())
    , m_size(text.size())
    , m_eof(true)
{
}

CsvRecordReader::CsvRecordReader(const std::string& path, std::size_t blockBytes)
    : m_source(path)
    , m_capacity(std::max<std::size_t>(blockBytes, 1))
{
    errno = 0;
    m_file.reset(std::fopen(path.c_str(), "rb"));
    if (!m_file)
        throw CsvError(path + ": cannot open file" + (errno != 0 ? " (" + systemReason(errno) + ")" : std::string()));
    m_buffer = std::make_unique<char[]>(m_capacity);
    m_data = m_buffer.get();
}

CsvRecordReader::~CsvRecordReader() = default;

void CsvRecordReader::fail(long long line, std::size_t column, const char* what) const
{
    throw CsvError(m_source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
}

// Keeps the unfinished record (from m_pos on), moved to the front, and reads behind it; the
// buffer doubles when that record already fills it. False when the input is exhausted.
bool CsvRecordReader::refill()
{
    if (m_eof)
        return false;
    const std::size_t kept = m_size - m_pos;
    if (m_pos > 0)
        std::memmove(m_buffer.get(), m_buffer.get() + m_pos, kept);
    m_pos = 0;
    m_size = kept;
    if (m_size == m_capacity) {
        auto larger = std::make_unique<char[]>(2 * m_capacity);
        std::memcpy(larger.get(), m_buffer.get(), m_size);
        m_buffer = std::move(larger);
        m_capacity *= 2;
    }
    m_data = m_buffer.get();
    const std::size_t wanted = m_capacity - m_size;
    errno = 0;
    const std::size_t got = std::fread(m_buffer.get() + m_size, 1, wanted, m_file.get());
    m_size += got;
    if (got < wanted) { // fread stops short only at the end of the file or on an error
        if (std::ferror(m_file.get()))
            throw CsvError(m_source + ": read error" + (errno != 0 ? " (" + systemReason(errno) + ")" : std::string()));
        m_eof = true;
    }
    return true;
}

// One record from m_pos. Whenever the decision depends on a byte not read yet (a field or a
// quote at the end of the buffer, a CR that may be followed by LF) it gives up with NeedMore and
// commits nothing, so the caller can refill and parse the record again from its start.
CsvRecordReader::Parse CsvRecordReader::parseRecord()
{
    const char* const d = m_data;
    const std::size_t n = m_size;
    std::size_t i = m_pos;
    long long line = m_line;
    m_spans.clear();
    for (;;) {
        Span span;
        if (i < n && d[i] == '"') {
            const long long quoteLine = line;
            span.begin = ++i;
            for (;;) {
                const void* quote = std::memchr(d + i, '"', n - i);
                const std::size_t at = quote ? static_cast<std::size_t>(static_cast<const char*>(quote) - d) : n;
                line += std::count(d + i, d + at, '\n');
                i = at;
                if (i == n) {
                    if (!m_eof)
                        return Parse::NeedMore;
                    fail(quoteLine, m_spans.size() + 1, "unterminated quoted field");
                }
                if (i + 1 == n && !m_eof)
                    return Parse::NeedMore; // a doubled quote or the closing one
                if (i + 1 < n && d[i + 1] == '"') {
                    span.escaped = true;
                    i += 2;
                    continue;
                }
                span.end = i++;
                break;
            }
            // After a closing quote only blanks, a delimiter or the line end may follow.
            while (i < n && (d[i] == ' ' || d[i] == '\t'))
                ++i;
            if (i == n && !m_eof)
                return Parse::NeedMore;
            if (i < n && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
                fail(line, m_spans.size() + 1, "unexpected character after a closing quote");
        } else {
            span.begin = i;
            while (i < n && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
                ++i;
            if (i == n && !m_eof)
                return Parse::NeedMore;
            span.end = i;
        }
        m_spans.push_back(span);
        if (i == n)
            break; // the input ends the record
        if (d[i] == ',') {
            ++i;
            continue;
        }
        if (d[i] == '\r' && ++i == n && !m_eof)
            return Parse::NeedMore; // CR LF or a lone CR: both end one line
        if (i < n && d[i] == '\n')
            ++i;
        ++line;
        break;
    }
    m_pos = i;
    m_line = line;
    return Parse::Complete;
}

// Views of the spans; escaped fields are undoubled into m_unescaped, reserved up front so the
// views into it stay valid while later fields are appended.
void CsvRecordReader::makeFields()
{
    std::size_t escapedBytes = 0;
    for (const Span& span : m_spans)
        if (span.escaped)
            escapedBytes += span.end - span.begin;
    m_unescaped.clear();
    m_unescaped.reserve(escapedBytes);
    m_fields.clear();
    for (const Span& span : m_spans) {
        if (!span.escaped) {
            m_fields.emplace_back(m_data + span.begin, span.end - span.begin);
            continue;
        }
        const std::size_t start = m_unescaped.size();
        for (std::size_t k = span.begin; k < span.end; ++k) {
            m_unescaped.push_back(m_data[k]);
            if (m_data[k] == '"')
                ++k; // inside a quoted field quotes come in pairs
        }
        m_fields.emplace_back(m_unescaped.data() + start, m_unescaped.size() - start);
    }
}

bool CsvRecordReader::next()
{
    if (!m_started) {
        m_started = true;
        while (m_size - m_pos < 3 && refill()) { }
        if (m_size - m_pos >= 3 && std::memcmp(m_data + m_pos, "\xEF\xBB\xBF", 3) == 0)
            m_pos += 3;
    }
    for (;;) {
        if (m_pos == m_size && !refill())
            return false;
        if (m_pos == m_size)
            continue; // refill read nothing; the next round sees the end
        m_recordLine = m_line;
        if (parseRecord() == Parse::NeedMore) {
            refill();
            continue;
        }
        makeFields();
        if (m_fields.size() == 1 && trimBlanks(m_fields.front()).empty())
            continue; // blank line
        return true;
    }
}

} // namespace mtw::data

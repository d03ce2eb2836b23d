#pragma once
// What the libFuzzer targets share (tests/fuzz/README.md). Each target hands libFuzzer's bytes to
// one parser through its public API and accepts only that parser's own error type: any other
// exception is reported with its type and message and aborts, so libFuzzer records the input as a
// crash (an uncaught exception would abort too, but without saying what was thrown).
// File-based readers get the bytes through a scratch directory made once per process under
// $TMPDIR (scripts/fuzz.sh points it at its own working folder) and removed at exit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <typeinfo>

namespace mtw::fuzz {

inline std::string bytesOf(const std::uint8_t* data, std::size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void unexpected(const char* type, const char* what)
{
    std::fprintf(stderr, "==fuzz== unexpected exception %s: %s\n", type, what);
    std::abort();
}

// Runs parse; the accepted error type is a refusal, anything else a finding.
template <typename Accepted, typename Parse> void expectOnly(const Parse& parse)
{
    try {
        parse();
    } catch (const Accepted&) {
    } catch (const std::exception& error) {
        unexpected(typeid(error).name(), error.what());
    } catch (...) {
        unexpected("(not a std::exception)", "");
    }
}

class ScratchDirectory {
public:
    ScratchDirectory()
    {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mtw-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data()))
            unexpected("setup", "cannot create a scratch directory");
        m_path = pattern;
    }
    ~ScratchDirectory()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// The process's scratch directory, made on first use.
inline const std::string& scratch()
{
    static const ScratchDirectory directory;
    return directory.path();
}

inline void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        unexpected("setup", ("cannot write " + path).c_str());
}

} // namespace mtw::fuzz

#include "platform/cpu_guard.h"

#include <errno.h> // program_invocation_short_name
#include <string.h>
#include <unistd.h>

#ifndef MTW_X86_64_LEVEL_NUMBER
#define MTW_X86_64_LEVEL_NUMBER 1
#endif

namespace mtw::platform {

namespace {

struct Feature {
    const char* name;
    int level; // the first level that requires it
};

// GCC's definitions of the levels (gcc/common/config/i386/i386-isas.h, -march=x86-64-vN).
constexpr Feature features[]
    = { { "popcnt", 2 }, { "sse3", 2 }, { "ssse3", 2 }, { "sse4.1", 2 }, { "sse4.2", 2 }, { "avx", 3 }, { "avx2", 3 },
          { "bmi", 3 }, { "bmi2", 3 }, { "f16c", 3 }, { "fma", 3 }, { "lzcnt", 3 }, { "movbe", 3 }, { "xsave", 3 },
          { "avx512f", 4 }, { "avx512bw", 4 }, { "avx512cd", 4 }, { "avx512dq", 4 }, { "avx512vl", 4 } };

// What each level adds, for the refusal message.
constexpr const char* levelSummaries[] = { "", "", "SSE4.2, POPCNT: Intel Nehalem, AMD Bulldozer or newer",
    "AVX2, FMA, BMI2: Intel Haswell, AMD Excavator or newer", "AVX-512: Intel Skylake-SP, AMD Zen 4 or newer" };

bool passed = false;

// Appends the separator and the name only if both fit: a cut message names whole features.
void appendName(char* out, int size, const char* separator, const char* name)
{
    if (size <= 0)
        return;
    const size_t used = strlen(out);
    if (used + strlen(separator) + strlen(name) + 1 > static_cast<size_t>(size))
        return;
    strcat(out, separator);
    strcat(out, name);
}

void writeAll(const char* text)
{
    [[maybe_unused]] const ssize_t written = write(2, text, strlen(text));
}

// Priority 101: ahead of every default-priority constructor, so no static initializer built for
// the level runs first (priorities below 101 are reserved for the implementation).
[[gnu::constructor(101)]] void checkCpuAtStart()
{
#if defined(__x86_64__)
    __builtin_cpu_init(); // __builtin_cpu_supports needs it before the other constructors ran
#endif
    enforceCpuLevel(MTW_X86_64_LEVEL_NUMBER, cpuHasFeature);
    passed = true;
}

} // namespace

int builtCpuLevel()
{
    return MTW_X86_64_LEVEL_NUMBER;
}

int missingCpuFeatures(int level, int (*has)(const char* feature), char* out, int size)
{
    if (size > 0)
        out[0] = '\0';
    int missing = 0;
    for (const Feature& feature : features) {
        if (feature.level > level || has(feature.name))
            continue;
        appendName(out, size, missing > 0 ? " " : "", feature.name);
        ++missing;
    }
    return missing;
}

void enforceCpuLevel(int level, int (*has)(const char* feature))
{
    char missing[256];
    if (missingCpuFeatures(level, has, missing, sizeof missing) == 0)
        return;
    char levelName[] = "x86-64-v0";
    levelName[8] = static_cast<char>('0' + level);
    writeAll(program_invocation_short_name);
    writeAll(": this build of MTL Workbench needs an ");
    writeAll(levelName);
    writeAll(" CPU (");
    writeAll(levelSummaries[level >= 2 && level <= 4 ? level : 0]);
    writeAll("); this CPU lacks: ");
    writeAll(missing);
    writeAll(".\nBuild it for this CPU with cmake -DMTW_X86_64_LEVEL=baseline (slower matrix products).\n");
    _exit(1);
}

int cpuHasFeature([[maybe_unused]] const char* feature)
{
#if defined(__x86_64__)
    // __builtin_cpu_supports takes string literals only, hence the chain.
    if (!strcmp(feature, "popcnt"))
        return __builtin_cpu_supports("popcnt");
    if (!strcmp(feature, "sse3"))
        return __builtin_cpu_supports("sse3");
    if (!strcmp(feature, "ssse3"))
        return __builtin_cpu_supports("ssse3");
    if (!strcmp(feature, "sse4.1"))
        return __builtin_cpu_supports("sse4.1");
    if (!strcmp(feature, "sse4.2"))
        return __builtin_cpu_supports("sse4.2");
    if (!strcmp(feature, "avx"))
        return __builtin_cpu_supports("avx");
    if (!strcmp(feature, "avx2"))
        return __builtin_cpu_supports("avx2");
    if (!strcmp(feature, "bmi"))
        return __builtin_cpu_supports("bmi");
    if (!strcmp(feature, "bmi2"))
        return __builtin_cpu_supports("bmi2");
    if (!strcmp(feature, "f16c"))
        return __builtin_cpu_supports("f16c");
    if (!strcmp(feature, "fma"))
        return __builtin_cpu_supports("fma");
    if (!strcmp(feature, "lzcnt"))
        return __builtin_cpu_supports("lzcnt");
    if (!strcmp(feature, "movbe"))
        return __builtin_cpu_supports("movbe");
    if (!strcmp(feature, "xsave"))
        return __builtin_cpu_supports("xsave");
    if (!strcmp(feature, "avx512f"))
        return __builtin_cpu_supports("avx512f");
    if (!strcmp(feature, "avx512bw"))
        return __builtin_cpu_supports("avx512bw");
    if (!strcmp(feature, "avx512cd"))
        return __builtin_cpu_supports("avx512cd");
    if (!strcmp(feature, "avx512dq"))
        return __builtin_cpu_supports("avx512dq");
    if (!strcmp(feature, "avx512vl"))
        return __builtin_cpu_supports("avx512vl");
#endif
    return 0;
}

bool cpuCheckPassed()
{
    return passed;
}

} // namespace mtw::platform

#pragma once
// The CPU check that runs before any code built for MTW_X86_64_LEVEL (docs/architecture.md, "Vector
// units"). The compute code is compiled for that x86-64 micro-architecture level (v3 by default:
// AVX2, FMA, BMI2), so on an older CPU its first vector instruction would kill the process with
// SIGILL and no word of why. This translation unit is compiled for the baseline instead, and its
// constructor (priority 101: before every C++ static initializer of the executable) compares the
// CPU's features with the level and refuses to start with a message naming what is missing.
//
// Only built-in types cross this interface and the .cpp uses no inline C++ library code: the
// linker may keep another translation unit's copy of an inline function, compiled for the higher
// level, and the check must not execute one.
namespace mtw::platform {

// x86-64 levels as numbers: 1 baseline (SSE2), 2 (SSE4.2, POPCNT), 3 (AVX2, FMA, BMI2), 4 (AVX-512).
// The level this build's compute code was compiled for.
int builtCpuLevel();

// Writes the features of `level` that `has` reports absent into `out` (space-separated,
// NUL-terminated; names that do not fit in `size` bytes are left out) and returns how many are
// absent.
int missingCpuFeatures(int level, int (*has)(const char* feature), char* out, int size);

// Returns when the CPU has every feature of `level`; otherwise writes why the program cannot run
// here (the missing features and how to build for this CPU) to stderr and exits with status 1.
void enforceCpuLevel(int level, int (*has)(const char* feature));

// This CPU's answer for one feature name of missingCpuFeatures (GCC's __builtin_cpu_supports).
int cpuHasFeature(const char* feature);

// True once the start-up check has passed in this process (printed by `mtw-cli --version`).
bool cpuCheckPassed();

} // namespace mtw::platform

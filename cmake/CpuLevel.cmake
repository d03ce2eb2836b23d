# MTW_X86_64_LEVEL: the x86-64 micro-architecture level the compute code is built for
# (docs/architecture.md, "Vector units"). v3 (AVX2, FMA, BMI2) by default: Eigen's float GEMM,
# which every layer's products go through, runs ~2.5x faster than with the SSE2 baseline on the
# same core. Executables refuse an older CPU at start with a message (src/platform/cpu_guard.h).
set(MTW_X86_64_LEVEL v3 CACHE STRING "x86-64 level of the compute code: baseline, v2, v3 or v4")
set_property(CACHE MTW_X86_64_LEVEL PROPERTY STRINGS baseline v2 v3 v4)
if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT MTW_X86_64_LEVEL STREQUAL "baseline")
    message(STATUS "MTW_X86_64_LEVEL ${MTW_X86_64_LEVEL} ignored on ${CMAKE_SYSTEM_PROCESSOR}: building for its baseline")
    set(MTW_X86_64_LEVEL baseline)
endif()
if(MTW_X86_64_LEVEL STREQUAL "baseline")
    set(MTW_X86_64_LEVEL_NUMBER 1)
elseif(MTW_X86_64_LEVEL MATCHES "^v([234])$")
    set(MTW_X86_64_LEVEL_NUMBER ${CMAKE_MATCH_1})
else()
    message(FATAL_ERROR "MTW_X86_64_LEVEL must be baseline, v2, v3 or v4, not '${MTW_X86_64_LEVEL}'")
endif()

# Linked by mtw_eigen, so every translation unit that can see Eigen is built for the same level:
# Eigen's packet types and alignment depend on it, and mixing levels would break the ODR.
add_library(mtw_cpu_level INTERFACE)
if(MTW_X86_64_LEVEL_NUMBER GREATER 1)
    target_compile_options(mtw_cpu_level INTERFACE -march=x86-64-${MTW_X86_64_LEVEL})
endif()
target_compile_definitions(mtw_cpu_level INTERFACE MTW_X86_64_LEVEL_NAME="${MTW_X86_64_LEVEL}")

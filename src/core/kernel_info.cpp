#include "core/kernel_info.h"

#include <Eigen/Core>

#ifndef MTW_X86_64_LEVEL_NAME
#define MTW_X86_64_LEVEL_NAME "baseline"
#endif

namespace mtw::core {

std::string kernelDescription()
{
#if defined(EIGEN_VECTORIZE_AVX512)
    const char* sets = "AVX-512";
#elif defined(EIGEN_VECTORIZE_AVX2)
    const char* sets = "AVX2";
#elif defined(EIGEN_VECTORIZE_AVX)
    const char* sets = "AVX";
#elif defined(EIGEN_VECTORIZE_SSE4_2)
    const char* sets = "SSE4.2";
#elif defined(EIGEN_VECTORIZE_SSE2)
    const char* sets = "SSE2";
#elif defined(EIGEN_VECTORIZE)
    const char* sets = Eigen::SimdInstructionSetsInUse();
#else
    const char* sets = "scalar";
#endif
#if defined(EIGEN_VECTORIZE_FMA)
    const std::string fma = " + FMA";
#else
    const std::string fma;
#endif
    const std::string level = MTW_X86_64_LEVEL_NAME;
    return "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "."
        + std::to_string(EIGEN_MINOR_VERSION) + " float kernels: " + sets + fma + ", "
        + std::to_string(Eigen::internal::packet_traits<float>::size) + " floats per packet (built for "
        + (level == "baseline" ? "the x86-64 baseline" : "x86-64-" + level) + ")";
}

} // namespace mtw::core

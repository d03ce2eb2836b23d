#include "core/kernel_info.h"

#include "core/gemm_dispatch.h"

#include <Eigen/Core>

#ifndef MTW_X86_64_LEVEL_NAME
#define MTW_X86_64_LEVEL_NAME "baseline"
#endif

namespace mtw::core {

std::string kernelDescription()
{
    const std::string level = MTW_X86_64_LEVEL_NAME;
    // The built kernel is compiled like the rest of the core, so its instruction sets are the core's.
    return "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "."
        + std::to_string(EIGEN_MINOR_VERSION) + "; matrix products: " + activeGemmDescription()
        + "; convolutions: the products' level; other kernels: " + gemmKernelBuilt().instructionSets() + " (built for "
        + (level == "baseline" ? "the x86-64 baseline" : "x86-64-" + level) + ")";
}

} // namespace mtw::core

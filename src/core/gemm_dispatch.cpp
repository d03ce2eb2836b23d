#include "core/gemm_dispatch.h"

#include <cstdlib>
#include <string_view>

namespace mtw::core {

namespace {

#if defined(MTW_HAVE_GEMM_V4)
bool cpuRunsX86_64V4()
{
    __builtin_cpu_init();
    // libgcc's checks include the OS's XCR0 state for the ZMM registers.
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512cd")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
#endif

struct Choice {
    GemmLevel level = GemmLevel::Built;
    GemmKernel kernel {};
    std::string reason;
};

Choice choose()
{
    Choice choice;
    choice.kernel = *gemmKernelOf(GemmLevel::Built);
    const char* variable = std::getenv("MTW_GEMM");
    const std::string_view request = variable ? variable : "";
    const GemmKernel* v4 = gemmKernelOf(GemmLevel::X86_64_V4);
    if (request == "built") {
        choice.reason = "the build's level: MTW_GEMM=built";
    } else if (!request.empty() && request != "auto" && request != "v4") {
        choice.reason = "the build's level: MTW_GEMM='" + std::string(request) + "' is not auto, built or v4";
    } else if (v4) {
        choice.level = GemmLevel::X86_64_V4;
        choice.kernel = *v4;
        choice.reason = "x86-64-v4 kernel: the CPU has AVX-512";
    } else {
#if defined(MTW_HAVE_GEMM_V4)
        choice.reason = "the build's level: the CPU has no AVX-512";
#else
        choice.reason = "the build's level: no x86-64-v4 kernel in this build";
#endif
    }
    return choice;
}

const Choice& chosen()
{
    static const Choice choice = choose();
    return choice;
}

} // namespace

const GemmKernel* gemmKernelOf(GemmLevel level)
{
    static const GemmKernel built = gemmKernelBuilt();
    if (level == GemmLevel::Built)
        return &built;
#if defined(MTW_HAVE_GEMM_V4)
    // Nothing of the library runs before the check: even its entry point is v4 code.
    static const GemmKernel v4 = cpuRunsX86_64V4() ? gemmKernelX86_64V4() : GemmKernel {};
    return v4.multiply ? &v4 : nullptr;
#else
    return nullptr;
#endif
}

const ConvolutionKernel* convolutionKernelOf(GemmLevel level)
{
    static const ConvolutionKernel built = convolutionKernelBuilt();
    if (level == GemmLevel::Built)
        return &built;
#if defined(MTW_HAVE_GEMM_V4)
    // The GEMM's check guards the library's code here too.
    static const ConvolutionKernel v4
        = gemmKernelOf(GemmLevel::X86_64_V4) ? convolutionKernelX86_64V4() : ConvolutionKernel {};
    return v4.forward ? &v4 : nullptr;
#else
    return nullptr;
#endif
}

const ConvolutionKernel& activeConvolutionKernel()
{
    static const ConvolutionKernel& kernel = *convolutionKernelOf(activeGemmLevel());
    return kernel;
}

const GemmKernel& activeGemmKernel()
{
    return chosen().kernel;
}

GemmLevel activeGemmLevel()
{
    return chosen().level;
}

std::string activeGemmDescription()
{
    return std::string(chosen().kernel.instructionSets()) + " (" + chosen().reason + ")";
}

} // namespace mtw::core

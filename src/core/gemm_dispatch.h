#pragma once
// Which GEMM kernel every matrix product runs, and with it which direct convolution kernel the
// Conv2d passes run (docs/architecture.md, "Vector units"). The compute code is built for
// MTW_X86_64_LEVEL (v3 by default); on x86-64 the GEMM and the convolution are also built for
// x86-64-v4 (AVX-512) in the shared library mtw_gemm_v4 (core/gemm_kernel.h). At the first product
// the v4 kernels are chosen when the CPU and the OS support AVX-512 F, BW, CD, DQ and VL.
// The environment variable MTW_GEMM (read once) chooses otherwise: "built" keeps the built level's
// kernels, the bits of a machine without AVX-512 (FMA and the packet width change the rounding);
// "auto" (or unset) and "v4" take the v4 kernels where the CPU can run them; any other value keeps
// the built kernels and says so in the description. With either level the bits do not depend on
// the thread count.
#include "core/convolution_kernel.h"
#include "core/gemm_kernel.h"

#include <string>

namespace mtw::core {

enum class GemmLevel { Built, X86_64_V4 };

// The kernel of a level; nullptr where it is not built in or this CPU cannot run it.
const GemmKernel* gemmKernelOf(GemmLevel level);
// The kernel of every product, chosen once (the environment is read then).
const GemmKernel& activeGemmKernel();
// The direct convolution of a level (core/convolution_kernel.h), and the one of the active GEMM's
// level: the two are built and chosen together.
const ConvolutionKernel* convolutionKernelOf(GemmLevel level);
const ConvolutionKernel& activeConvolutionKernel();
GemmLevel activeGemmLevel();
// What was chosen and why, for `mtw-cli --version` and the benchmarks, e.g.
// "AVX-512 + FMA, 16 floats per packet (x86-64-v4 kernel: the CPU has AVX-512)".
std::string activeGemmDescription();

} // namespace mtw::core

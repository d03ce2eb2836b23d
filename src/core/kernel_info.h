#pragma once
// What the compute kernels are, for `mtw-cli --version`, the benchmarks and each run's meta table:
// Eigen's version, the GEMM kernel chosen at start (core/gemm_dispatch.h; the direct convolutions
// run the same level) and the instruction sets of everything else, built for MTW_X86_64_LEVEL
// (docs/architecture.md "Vector units"), e.g.
//   "Eigen 3.4.0; matrix products: AVX-512 + FMA, 16 floats per packet (x86-64-v4 kernel: the CPU
//    has AVX-512); convolutions: the products' level; other kernels: AVX2 + FMA, 8 floats
//    per packet (built for x86-64-v3)".
#include <string>

namespace mtw::core {

std::string kernelDescription();

} // namespace mtw::core

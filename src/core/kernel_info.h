#pragma once
// What the compute kernels were built for, for `mtw-cli --version`: the x86-64 level of the build
// (MTW_X86_64_LEVEL, docs/architecture.md "Vector units") and the SIMD instruction sets Eigen's
// float products use under it, e.g.
//   "Eigen 3.4.0 float kernels: AVX2 + FMA, 8 floats per packet (built for x86-64-v3)".
// Compiled like the rest of the core, so it reports what the core's kernels really are.
#include <string>

namespace mtw::core {

std::string kernelDescription();

} // namespace mtw::core

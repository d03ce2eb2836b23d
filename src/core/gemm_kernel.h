#pragma once
// One thread's single-precision matrix product on column-major views, C = alpha op(A) op(B) + beta C,
// behind a boundary without Eigen types. gemm_kernel.cpp is compiled twice: into mtw_core for the
// build's x86-64 level, and into the shared library mtw_gemm_v4 for x86-64-v4 (AVX-512) with every
// symbol but its entry points hidden, so that its Eigen instantiations (same names, other
// instructions) never meet the core's. core/gemm_dispatch.h picks one of them at start.
namespace mtw::core {

// A column-major matrix: entry (i, j) at data[i + j * stride].
struct GemmOutput {
    float* data;
    long rows, cols, stride;
};
struct GemmInput {
    const float* data;
    long rows, cols, stride; // as stored, before the transposition
    bool transposed;
};

// A kernel: its product, and the instruction sets it was compiled for ("AVX-512 + FMA, 16 floats per packet").
struct GemmKernel {
    void (*multiply)(const GemmOutput& c, const GemmInput& a, const GemmInput& b, float alpha, float beta);
    const char* (*instructionSets)();
};

// The kernel of this translation unit's build: gemmKernelBuilt in mtw_core, gemmKernelX86_64V4 in
// the shared library (gemm_kernel.cpp's MTW_GEMM_KERNEL names which one it defines).
GemmKernel gemmKernelBuilt();
__attribute__((visibility("default"))) GemmKernel gemmKernelX86_64V4();

} // namespace mtw::core

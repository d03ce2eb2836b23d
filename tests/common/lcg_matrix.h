#pragma once
// A matrix of floats in [-0.5, 0.5) from a 32-bit linear congruential generator: reproducible
// operands for the kernel tests, independent of the core's Rng.
#include "core/tensor.h"

namespace mtw::test {

inline core::Matrix lcgMatrix(core::Index rows, core::Index cols, unsigned seed)
{
    core::Matrix m(rows, cols);
    unsigned state = seed * 2654435761u + 1;
    for (core::Index i = 0; i < m.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        m.data()[i] = static_cast<float>(state >> 8) / static_cast<float>(1u << 24) - 0.5f;
    }
    return m;
}

} // namespace mtw::test

#pragma once
// Whether every entry of a parameter-sized vector is finite, checked in chunks on the threads of
// the calling arena. A training step checks its update direction and its new parameters: two
// passes over P floats that Eigen's allFinite() makes on one thread.
#include "core/tensor.h"

namespace mtw::core {

bool allFiniteParallel(const Vector& values);

} // namespace mtw::core

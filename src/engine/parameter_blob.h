#pragma once
// The stored form of a parameter snapshot (run.sqlite's `parameters` table, docs/run-store.md):
// the float32 values, little-endian, byte-shuffled (the k-th bytes of all values together, k = 0..3,
// so the slowly varying sign/exponent bytes form long runs) and then zlib-compressed. Lossless: a
// decoded snapshot equals the trainer's parameters bit for bit. Trained weights shrink to about
// 85-90 % of their 4 bytes each (the mantissa bytes are noise); zero-initialised parts (biases) and
// early snapshots far more.
#include <Eigen/Core>

#include <stdexcept>
#include <string>

namespace mtw::engine {

class ParameterBlobError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

constexpr const char* parameterBlobEncoding = "f32le-shuffle-zlib";

std::string encodeParameters(const Eigen::VectorXf& values);
// `count` values from `blob`; throws ParameterBlobError (not zlib data, or not `count` values).
Eigen::VectorXf decodeParameters(const void* blob, std::size_t bytes, long long count);

} // namespace mtw::engine

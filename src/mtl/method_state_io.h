#pragma once
// Small helpers for Method::state()/setState(): named vectors of doubles in and out, with the
// size checked on the way in so that a checkpoint of another method or task count is refused
// with a clear message instead of being read out of bounds.
#include "mtl/method.h"

#include <stdexcept>
#include <string>

namespace mtw::mtl {

inline void putVector(MethodState& state, const std::string& key, const VectorXd& values) {
    state[key] = std::vector<double>(values.data(), values.data() + values.size());
}

inline void putScalar(MethodState& state, const std::string& key, double value) {
    state[key] = { value };
}

inline const std::vector<double>& stateEntry(const MethodState& state, const std::string& key, std::size_t size) {
    auto it = state.find(key);
    if (it == state.end())
        throw std::invalid_argument("method state lacks '" + key + "'");
    if (it->second.size() != size)
        throw std::invalid_argument("method state '" + key + "' has " + std::to_string(it->second.size())
            + " entries, expected " + std::to_string(size));
    return it->second;
}

inline VectorXd takeVector(const MethodState& state, const std::string& key, Eigen::Index size) {
    const std::vector<double>& values = stateEntry(state, key, static_cast<std::size_t>(size));
    return Eigen::Map<const VectorXd>(values.data(), size);
}

inline double takeScalar(const MethodState& state, const std::string& key) {
    return stateEntry(state, key, 1)[0];
}

} // namespace mtw::mtl

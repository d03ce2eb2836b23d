#pragma once
// The one way every method saves and restores its state (Method::state()/setState()): named
// vectors and matrices of doubles in and out, with every entry's presence and size checked on the
// way in, so that a checkpoint of another method or task count is refused with a message naming
// the entry instead of being read out of bounds or silently ignored. setState() implementations
// read every entry before assigning any, so a refused state leaves the method as it was.
#include "mtl/method.h"

#include <stdexcept>
#include <string>

namespace mtw::mtl {

inline void putVector(MethodState& state, const std::string& key, const VectorXd& values)
{
    state[key] = std::vector<double>(values.data(), values.data() + values.size());
}

// Column-major, as Eigen stores it.
inline void putMatrix(MethodState& state, const std::string& key, const MatrixXd& values)
{
    state[key] = std::vector<double>(values.data(), values.data() + values.size());
}

inline void putScalar(MethodState& state, const std::string& key, double value)
{
    state[key] = { value };
}

inline const std::vector<double>& stateEntry(const MethodState& state, const std::string& key, std::size_t size)
{
    auto it = state.find(key);
    if (it == state.end())
        throw std::invalid_argument("method state lacks '" + key + "'");
    if (it->second.size() != size)
        throw std::invalid_argument("method state '" + key + "' has " + std::to_string(it->second.size())
            + " entries, expected " + std::to_string(size));
    return it->second;
}

inline VectorXd takeVector(const MethodState& state, const std::string& key, Eigen::Index size)
{
    const std::vector<double>& values = stateEntry(state, key, static_cast<std::size_t>(size));
    return Eigen::Map<const VectorXd>(values.data(), size);
}

inline MatrixXd takeMatrix(const MethodState& state, const std::string& key, Eigen::Index rows, Eigen::Index cols)
{
    const std::vector<double>& values = stateEntry(state, key, static_cast<std::size_t>(rows * cols));
    return Eigen::Map<const MatrixXd>(values.data(), rows, cols);
}

inline double takeScalar(const MethodState& state, const std::string& key)
{
    return stateEntry(state, key, 1)[0];
}

// An entry added to a method's state later: checkpoints written before it lack it and get
// `fallback`; when present it is checked like any other.
inline double takeScalarOr(const MethodState& state, const std::string& key, double fallback)
{
    return state.count(key) ? takeScalar(state, key) : fallback;
}

// A size stored in the state (the parameter count of a Jacobian-sized accumulator, known only
// after the first step): a non-negative whole number.
inline Eigen::Index takeSize(const MethodState& state, const std::string& key)
{
    const double value = takeScalar(state, key);
    if (!(value >= 0.0 && value <= 1e15) || value != static_cast<double>(static_cast<long long>(value)))
        throw std::invalid_argument("method state '" + key + "' is not a size: " + std::to_string(value));
    return static_cast<Eigen::Index>(value);
}

} // namespace mtw::mtl

#pragma once
// The random streams of a run, each derived from the experiment's seed by a fixed key. This is the
// one place that knows which key is which: the trainer and anything that must reproduce a run's
// draws (the landscape view's initial parameters) ask for a stream by name.
#include "core/rng.h"

#include <cstdint>

namespace mtw::engine {

enum class SeedStream : std::uint64_t {
    InitialParameters = 0,
    Batches = 1,
    Method = 2, // stochastic methods (RLW, PCGrad's order, GradDrop, ...) and training modes
    Factors = 3, // trajectory factors (engine/factor_probe.h): power-iteration starts, sampled labels
};

inline core::Rng seedStream(std::uint64_t seed, SeedStream stream)
{
    return core::Rng(seed).derive(static_cast<std::uint64_t>(stream));
}

} // namespace mtw::engine

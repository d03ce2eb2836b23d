#pragma once
// Seeded random numbers. Every random draw in the project goes through an Rng passed in, so a
// seed reproduces a run bit for bit. The normal draw is our own Box-Muller on top of
// std::mt19937_64 (whose output is fixed by the standard), because std::normal_distribution is
// implementation-defined.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace mtw::core {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0);

    // A child generator whose stream depends only on (this seed, key): lets parallel tasks draw
    // independently of scheduling.
    Rng derive(std::uint64_t key) const;

    double uniform(); // [0, 1)
    double uniform(double low, double high);
    double normal(); // N(0, 1)
    std::uint64_t next();
    std::size_t index(std::size_t size); // uniform in [0, size)
    std::vector<std::size_t> permutation(std::size_t size);

    // The full generator state as text (checkpoints); restoring it continues the same stream.
    std::string serialize() const;
    static Rng deserialize(const std::string& text); // throws std::invalid_argument

private:
    std::uint64_t m_seed;
    std::mt19937_64 m_engine;
    double m_spareNormal = 0.0;
    bool m_hasSpare = false;
};

} // namespace mtw::core

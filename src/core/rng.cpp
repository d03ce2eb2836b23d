#include "core/rng.h"

#include <cmath>
#include <cstdlib>
#include <numbers>
#include <sstream>
#include <stdexcept>

namespace mtw::core {

namespace {
// SplitMix64 finalizer: decorrelates nearby seeds before they reach the Mersenne Twister.
std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
} // namespace

Rng::Rng(std::uint64_t seed)
    : m_seed(seed)
    , m_engine(mix(seed))
{
}

Rng Rng::derive(std::uint64_t key) const
{
    return Rng(mix(m_seed ^ mix(key + 0x632be59bd9b4e019ULL)));
}

std::uint64_t Rng::next()
{
    return m_engine();
}

double Rng::uniform()
{
    // 53 random mantissa bits: exactly representable, never 1.
    return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double low, double high)
{
    return low + (high - low) * uniform();
}

double Rng::normal()
{
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spareNormal;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    m_spareNormal = radius * std::sin(angle);
    m_hasSpare = true;
    return radius * std::cos(angle);
}

std::size_t Rng::index(std::size_t size)
{
    // Lemire-style rejection keeps the draw unbiased.
    const std::uint64_t bound = size;
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t x = m_engine();
    while (x >= limit)
        x = m_engine();
    return static_cast<std::size_t>(x % bound);
}

std::vector<std::size_t> Rng::permutation(std::size_t size)
{
    std::vector<std::size_t> order(size);
    for (std::size_t i = 0; i < size; ++i)
        order[i] = i;
    for (std::size_t i = size; i > 1; --i)
        std::swap(order[i - 1], order[index(i)]);
    return order;
}

std::string Rng::serialize() const
{
    std::ostringstream out;
    out.precision(17);
    out << m_seed << ' ' << (m_hasSpare ? 1 : 0) << ' ' << std::hexfloat << m_spareNormal << ' ' << m_engine;
    return out.str();
}

Rng Rng::deserialize(const std::string& text)
{
    std::istringstream in(text);
    Rng rng;
    int spare = 0;
    std::string spareText;
    in >> rng.m_seed >> spare >> spareText >> rng.m_engine;
    if (!in)
        throw std::invalid_argument("random generator state is malformed");
    rng.m_hasSpare = spare != 0;
    rng.m_spareNormal = std::strtod(spareText.c_str(), nullptr);
    return rng;
}

} // namespace mtw::core

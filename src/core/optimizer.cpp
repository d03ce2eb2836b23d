#include "core/optimizer.h"

#include "core/fixed_groups.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace mtw::core {

Sgd::Sgd(SgdOptions options)
    : m_options(options)
{
}

void Sgd::step(Vector& theta, const Vector& direction, double learningRate)
{
    const Scalar lr = static_cast<Scalar>(learningRate);
    Vector gradient = direction;
    if (m_options.weightDecay != 0)
        gradient += static_cast<Scalar>(m_options.weightDecay) * theta;
    if (m_options.momentum != 0) {
        const Scalar mu = static_cast<Scalar>(m_options.momentum);
        if (m_steps == 0 || m_buffer.size() != theta.size())
            m_buffer = gradient;
        else
            m_buffer = mu * m_buffer + static_cast<Scalar>(1 - m_options.dampening) * gradient;
        if (m_options.nesterov)
            gradient += mu * m_buffer;
        else
            gradient = m_buffer;
    }
    theta -= lr * gradient;
    ++m_steps;
}

void Sgd::setState(const std::vector<Vector>& state)
{
    if (state.size() != 1)
        throw std::invalid_argument("SGD state has one vector");
    m_buffer = state[0];
}

Adam::Adam(AdamOptions options)
    : m_options(options)
{
}

void Adam::step(Vector& theta, const Vector& direction, double learningRate)
{
    if (m_first.size() != theta.size()) {
        m_first = Vector::Zero(theta.size());
        m_second = Vector::Zero(theta.size());
    }
    ++m_steps;
    if (m_options.decoupled && m_options.weightDecay != 0)
        theta *= static_cast<Scalar>(1 - learningRate * m_options.weightDecay);
    const Scalar beta1 = static_cast<Scalar>(m_options.beta1);
    const Scalar beta2 = static_cast<Scalar>(m_options.beta2);
    const double correction1 = 1 - std::pow(m_options.beta1, static_cast<double>(m_steps));
    const double correction2 = 1 - std::pow(m_options.beta2, static_cast<double>(m_steps));
    // PyTorch's formulation: step = lr / c1; denom = sqrt(v) / sqrt(c2) + eps.
    const Scalar stepSize = static_cast<Scalar>(learningRate / correction1);
    const Scalar sqrtCorrection2 = static_cast<Scalar>(std::sqrt(correction2));
    const Scalar epsilon = static_cast<Scalar>(m_options.epsilon);
    const Scalar decay = static_cast<Scalar>(m_options.decoupled ? 0.0 : m_options.weightDecay);
    // Per element: g = d + decay theta, m = b1 m + (1 - b1) g, v = b2 v + ((1 - b2) g) g,
    // theta -= (step m) / (sqrt(v) / sqrt(c2) + eps); in one pass over the four vectors, in Eigen's
    // packets (three array statements were three passes). Every element goes through the packet
    // code, the last few through a zero-padded packet: Eigen's packet sqrt (rsqrt and a Newton
    // step) rounds differently from std::sqrt, so an element computed in scalars (the head or
    // tail of a thread's range, as Eigen's array code did) would depend on where the split fell.
    namespace ei = Eigen::internal;
    using Packet = ei::packet_traits<Scalar>::type;
    constexpr Index width = ei::packet_traits<Scalar>::size;
    const Scalar keep1 = 1 - beta1, keep2 = 1 - beta2;
    const Packet b1 = ei::pset1<Packet>(beta1), b2 = ei::pset1<Packet>(beta2), k1 = ei::pset1<Packet>(keep1),
                 k2 = ei::pset1<Packet>(keep2), dec = ei::pset1<Packet>(decay), step = ei::pset1<Packet>(stepSize),
                 c2 = ei::pset1<Packet>(sqrtCorrection2), eps = ei::pset1<Packet>(epsilon);
    const auto update = [&](Scalar* t, Scalar* m, Scalar* v, const Scalar* d) {
        const Packet ti = ei::ploadu<Packet>(t);
        const Packet g = ei::padd(ei::ploadu<Packet>(d), ei::pmul(dec, ti));
        const Packet mi = ei::padd(ei::pmul(b1, ei::ploadu<Packet>(m)), ei::pmul(k1, g));
        const Packet vi = ei::padd(ei::pmul(b2, ei::ploadu<Packet>(v)), ei::pmul(ei::pmul(k2, g), g));
        ei::pstoreu(m, mi);
        ei::pstoreu(v, vi);
        ei::pstoreu(t, ei::psub(ti, ei::pdiv(ei::pmul(step, mi), ei::padd(ei::pdiv(ei::psqrt(vi), c2), eps))));
    };
    // Fixed groups of 16384, a multiple of every packet size.
    forFixedGroups(theta.size(), 16384, [&](Index, Index begin, Index end) {
        Index i = begin;
        for (; i + width <= end; i += width)
            update(theta.data() + i, m_first.data() + i, m_second.data() + i, direction.data() + i);
        if (i == end)
            return;
        Scalar t[width] = {}, m[width] = {}, v[width] = {}, d[width] = {};
        const auto count = static_cast<std::size_t>(end - i) * sizeof(Scalar);
        std::memcpy(t, theta.data() + i, count);
        std::memcpy(m, m_first.data() + i, count);
        std::memcpy(v, m_second.data() + i, count);
        std::memcpy(d, direction.data() + i, count);
        update(t, m, v, d);
        std::memcpy(theta.data() + i, t, count);
        std::memcpy(m_first.data() + i, m, count);
        std::memcpy(m_second.data() + i, v, count);
    });
}

void Adam::setState(const std::vector<Vector>& state)
{
    if (state.size() != 2)
        throw std::invalid_argument("Adam state has two vectors");
    m_first = state[0];
    m_second = state[1];
}

} // namespace mtw::core

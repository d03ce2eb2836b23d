#pragma once
// Element-wise passes over a T x P column-major array (J, or a method's per-task state shaped
// like it) in flat runs: a fixed column group (jacobian_column_group.h) is cut into runs of whole
// columns, T * m contiguous entries, and each run is one vector expression over a flat map.
// Entry i of a run belongs to task i % T, so a per-task factor is one run-long array (the
// factor tiled m times) and per-task sums add the runs into one run-long accumulator, folded
// into T sums at the end of the group. Eigen's rowwise() sums and asDiagonal() products over a
// T x n block ran one entry at a time when T was narrower than a packet, with the sqrt and the
// division in scalars: ExcessMTL's risks were 20% of its T = 10 step.
#include "core/fixed_groups.h"
#include "mtl/jacobian_column_group.h"

#include <Eigen/Core>

#include <algorithm>
#include <numeric>

namespace mtw::mtl {

// Columns per run: T * m is a multiple of 8 entries (whole packets of floats and of doubles) and
// at least 64, so that a run's expression is mostly packets even for T = 1 or 2.
inline Eigen::Index columnsPerRun(Eigen::Index tasks)
{
    const Eigen::Index base = 8 / std::gcd(tasks, Eigen::Index(8));
    const Eigen::Index copies = std::max<Eigen::Index>(1, (64 + tasks * base - 1) / (tasks * base));
    return base * copies;
}

// A run of a T x P column-major array (J, or a method's state shaped like it), flat: `length`
// entries from flat entry `offset`, as forRuns and sumPerTask hand them out.
template <class Derived> auto runOf(Eigen::PlainObjectBase<Derived>& array, Eigen::Index offset, Eigen::Index length)
{
    return Eigen::Map<Eigen::Array<typename Derived::Scalar, Eigen::Dynamic, 1>>(array.data() + offset, length);
}
template <class Derived>
auto runOf(const Eigen::PlainObjectBase<Derived>& array, Eigen::Index offset, Eigen::Index length)
{
    return Eigen::Map<const Eigen::Array<typename Derived::Scalar, Eigen::Dynamic, 1>>(array.data() + offset, length);
}

// perTask repeated over a run's columns: a run's entry i gets perTask(i % T).
template <class Scalar> Eigen::Array<Scalar, Eigen::Dynamic, 1> tiledOverRun(const Eigen::VectorXd& perTask)
{
    return perTask.cast<Scalar>().array().replicate(columnsPerRun(perTask.size()), 1);
}

// body(offset, length) for the runs of the columns [begin, end): `length` entries from flat
// entry `offset` (= T * the run's first column); only the last run may be shorter.
template <class Body> void forRuns(Eigen::Index tasks, Eigen::Index begin, Eigen::Index end, const Body& body)
{
    const Eigen::Index run = columnsPerRun(tasks);
    for (Eigen::Index p = begin; p < end; p += run)
        body(p * tasks, std::min(run, end - p) * tasks);
}

// Each task's sum of values over P columns, on the threads: values(offset, length, out) writes the
// values of a run's entries into out[0, length). Groups are fixed and added in order, so the sums
// have the same bits with any thread count.
template <class Values> Eigen::VectorXd sumPerTask(Eigen::Index tasks, Eigen::Index columns, const Values& values)
{
    const Eigen::Index width = columnsPerRun(tasks) * tasks;
    return core::sumOverFixedGroups(columns, jacobianColumnGroup, Eigen::VectorXd(Eigen::VectorXd::Zero(tasks)),
        [&](Eigen::Index begin, Eigen::Index end) -> Eigen::VectorXd {
            Eigen::ArrayXd out(width), sums = Eigen::ArrayXd::Zero(width);
            forRuns(tasks, begin, end, [&](Eigen::Index offset, Eigen::Index length) {
                values(offset, length, out.data());
                sums.head(length) += out.head(length);
            });
            return sums.matrix().reshaped(tasks, width / tasks).rowwise().sum();
        });
}

} // namespace mtw::mtl

#pragma once
// A family of T related tasks with a relatedness knob, the lab for positive/negative transfer.
//   x ~ N(0, I_d); shared random features h(x) = tanh(U x), U ~ N(0, 1/d) (m x d, m = hidden);
//   task weights v_t = sqrt(rho) v_0 + sqrt(1 - rho) u_t, with v_0, u_t ~ N(0, I_m / m) i.i.d.,
//   so corr(v_s, v_t) = rho for s != t (rho in [0, 1]: 0 unrelated, 1 identical tasks);
//   regression:     y_t = v_t^T h(x) * sqrt(m) + noise * N(0, 1)
//   classification: k classes, one weight vector per class built the same way,
//                   y_t = argmax_c (V_t h(x))_c (noise flips the label with probability `noise`).
// Splits 80/10/10 by the seed.
//   parameters: tasks T (4), samples n (4000), features d (32), hidden m (16), rho (0.5),
//   kind regression|classification, classes k (4), noise (0.1), seed (0).
#include "data/multi_task_dataset.h"

#include <cstdint>

namespace mtw::data {

struct SyntheticTaskFamilyOptions {
    int tasks = 4;
    int samples = 4000;
    int features = 32;
    int hidden = 16;
    double rho = 0.5;
    bool classification = false;
    int classes = 4;
    double noise = 0.1;
    std::uint64_t seed = 0;
};

MultiTaskDataset makeSyntheticTaskFamily(const SyntheticTaskFamilyOptions& options);

} // namespace mtw::data

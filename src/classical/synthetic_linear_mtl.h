#pragma once
// Synthetic linear multi-task regression with a known structured W* (the low-rank and the
// row-sparse settings of Zhang & Yang 2021, "A Survey on Multi-Task Learning", TKDE;
// Baytas et al. 2016, AMTL, synthetic experiments with a low-rank W*):
//   low rank:   W* = U B / sqrt(r), U (d x r) and B (r x T) with N(0, 1) entries, so rank W* = r
//               and its entries have unit variance;
//   row sparse: `rows` rows of W* (chosen at random) with N(0, 1) entries, the others zero;
//   X_t (n x d) with N(0, 1) entries, y_t = X_t w*_t + noise * N(0, 1).
// Every draw comes from a core::Rng seeded with `seed` (one derived stream each for W*, the
// features and the noise), so a seed fixes the data bit for bit.
//
// Parameters (defaults): tasks T (20), features d (50), samples n per task (40: fewer than d, so
// no single task is identifiable alone and the shared structure matters), rank r (3, low rank;
// 1 <= r <= min(d, T)), rows s (5, row sparse; 1 <= s <= d), noise sigma (0.1, >= 0), seed (1).
#include "classical/linear_mtl_problem.h"

#include <cstdint>

namespace mtw::classical {

enum class TrueStructure { LowRank, RowSparse };

struct SyntheticLinearMtlOptions {
    TrueStructure structure = TrueStructure::LowRank;
    int tasks = 20;
    int features = 50;
    int samples = 40;
    int rank = 3;
    int rows = 5;
    double noise = 0.1;
    std::uint64_t seed = 1;
};

struct SyntheticLinearMtl {
    std::vector<LinearTask> tasks;
    Eigen::MatrixXd truth; // W*, d x T
};

// Throws std::invalid_argument naming the option ("tasks", "features", "samples", "rank", "rows",
// "noise") when it is out of range.
void validate(const SyntheticLinearMtlOptions& options);
SyntheticLinearMtl makeSyntheticLinearMtl(const SyntheticLinearMtlOptions& options);

} // namespace mtw::classical

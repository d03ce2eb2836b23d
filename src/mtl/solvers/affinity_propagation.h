#pragma once
// Affinity propagation clustering (Frey & Dueck 2007, "Clustering by Passing Messages Between
// Data Points", Science 315, eqs. for responsibility and availability), on a precomputed
// similarity matrix S (n x n), in the form scikit-learn's affinity_propagation runs it, which is
// what Jeong & Yoon's grouping calls:
//   preference: S_kk = median of all entries of S (unless given);
//   S += (eps |S| + 100 tiny) N(0,1)  (breaks ties between equal similarities; seeded here);
//   r(i,k) <- d r(i,k) + (1-d) [S(i,k) - max_{k' != k} (a(i,k') + S(i,k'))]
//   a(i,k) <- d a(i,k) + (1-d) min(0, r(k,k) + sum_{i' not in {i,k}} max(0, r(i',k)))  (i != k)
//   a(k,k) <- d a(k,k) + (1-d) sum_{i' != k} max(0, r(i',k))
//   damping d = 0.5; exemplars: a(k,k) + r(k,k) > 0; converged when the exemplar set has not
//   changed for `convergenceIterations` iterations; then every point joins its most similar
//   exemplar and each cluster's exemplar is refined to the member with the largest total
//   similarity to the others.
#include "core/rng.h"

#include <Eigen/Dense>
#include <optional>
#include <vector>

namespace mtw::mtl::solvers {

struct AffinityPropagationOptions {
    double damping = 0.5;
    int maxIterations = 200;
    int convergenceIterations = 15;
    std::optional<double> preference; // default: the median of S
};

// Cluster label (0..K-1, numbered by exemplar index) of every point, or std::nullopt when the
// messages did not converge within maxIterations (scikit-learn then labels every point -1).
std::optional<std::vector<int>> affinityPropagation(
    const Eigen::MatrixXd& similarity, const AffinityPropagationOptions& options, core::Rng& rng);

} // namespace mtw::mtl::solvers

#pragma once
// 2-D loss-landscape slices L_t(origin + a d1 + b d2) over a grid (Li et al. 2018, NeurIPS,
// "Visualizing the Loss Landscape of Neural Nets"; loss-landscape `plot_surface.py`), per task
// and for the total L = sum_t w_t L_t (w = 1 unless totalWeights is given: a scalarised contour).
//
// Progressive refinement (a full forward pass per point makes a fine grid cost hours, so coarse first):
// level 0 is an n0 x n0 grid over [xMin, xMax] x [yMin, yMax]; level k+1 halves the spacing,
// n_{k+1} = 2 n_k - 1, keeping every point of level k (point (i, j) becomes (2i, 2j)) and
// evaluating only the new ones; levels continue while n_k <= finalResolution. After each
// level the callback receives the complete surface of that level. The cancel flag is checked
// before every point: a cancelled run returns the last complete level with cancelled = true.
//
// Grid points are evaluated in parallel (TBB) and each one independently, so the result is
// bit-identical for any thread count. Matrices are indexed (i, j) = (xs[i], ys[j]), i.e.
// nx x ny, as loss-landscape's h5 surfaces (xcoordinates, ycoordinates, train_loss[i][j]).
//
// Parameters: xMin = yMin = -1, xMax = yMax = 1, initialResolution = 9 (>= 2),
// finalResolution = 33, totalWeights empty (all ones).
#include "analysis/landscape_plane.h"
#include "analysis/plane_evaluator.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace mtw::analysis {

struct LandscapeOptions {
    double xMin = -1, xMax = 1, yMin = -1, yMax = 1;
    int initialResolution = 9;
    int finalResolution = 33;
    Eigen::VectorXd totalWeights; // T, empty: all ones
};

struct LandscapeResult {
    PlaneKind planeKind = PlaneKind::FilterNormalizedRandom;
    std::string description;
    std::vector<std::string> taskNames;
    std::vector<double> xs, ys; // grid axes (alpha along d1, beta along d2)
    std::vector<Eigen::MatrixXd> taskLosses; // per task, nx x ny
    Eigen::MatrixXd totalLoss; // nx x ny
    Eigen::MatrixXd trajectory; // K x 2 (a, b) of the projected trajectory, possibly empty
    Eigen::Vector2d explainedVariance = Eigen::Vector2d::Zero(); // PCA planes
    int level = -1; // refinement level of this surface
    long long evaluatedPoints = 0; // grid points evaluated so far (all levels)
    bool factored = false; // the first-layer factorisation was used
    bool cancelled = false;
    bool finished = false; // the last level was reached
};

using LandscapeCallback = std::function<void(const LandscapeResult&)>;

// Resolutions of the refinement levels, e.g. (9, 33) -> {9, 17, 33}.
std::vector<int> refinementLevels(int initialResolution, int finalResolution);

// trajectory: optional, projected onto the plane into result.trajectory.
LandscapeResult computeLandscape(const PlaneEvaluator& evaluator, const LandscapePlane& plane,
    const LandscapeOptions& options, const std::vector<std::string>& taskNames = {},
    const std::vector<Vector>& trajectory = {}, const LandscapeCallback& onLevel = {},
    const std::atomic<bool>* cancel = nullptr);

// Convenience: picks the evaluator (factored when possible) and fills the task names.
LandscapeResult computeLandscape(const problem::MultiTaskProblem& problem, const LandscapePlane& plane,
    const LandscapeOptions& options, const std::vector<Vector>& trajectory = {}, const LandscapeCallback& onLevel = {},
    const std::atomic<bool>* cancel = nullptr);

} // namespace mtw::analysis

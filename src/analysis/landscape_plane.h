#pragma once
// The plane of a loss-landscape slice: theta(a, b) = origin + a d1 + b d2 in the full parameter
// space (shared and head parameters), and the directions the workbench offers:
//
//  * filter-normalized random directions (Li, Xu, Taylor, Studer & Goldstein 2018, NeurIPS,
//    "Visualizing the Loss Landscape of Neural Nets", section 4, Eq. in 4: d_{i,j} <- d_{i,j} /
//    |d_{i,j}| * |theta_{i,j}| for filter j of layer i): d ~ N(0, I) from a seeded Rng, then
//    each filter of d (Layer::filterRange: for Linear, one output neuron's row of W) rescaled
//    to the norm of the same filter of theta; biases zeroed (`--xignore biasbn`), layers whose
//    bias entries cannot be told apart (non-Linear) are normalised per filter range as a whole.
//    Norms use the 1e-10 guard of the reference code. Applies to HardSharingNetwork (trunk and
//    every head). Other problems (analytic): plain random directions of unit norm, d2
//    orthogonalised against d1 (in 2-D two random directions may be nearly parallel).
//  * the plane of two task gradients: u1 = g_a / |g_a|, u2 = the part of g_b orthogonal to g_a,
//    normalised (g_t is the full gradient of task t, head included, from TaskGradientOracle);
//    window units are then parameter-space distances. If g_b is parallel to g_a (or a gradient
//    vanishes) a seeded random orthonormal direction replaces it.
//  * PCA of a trajectory (Li et al. 2018, section 7; loss-landscape `--dir_type` PCA of
//    checkpoints): rows theta_k - theta_final, centred (as sklearn's PCA in the reference code),
//    top-2 principal directions (unit norm) from the K x K Gram matrix; origin = theta_final.
//  * the plane through three points (Garipov, Izmailov, Podoprikhin, Vetrov & Wilson 2018,
//    NeurIPS, "Loss Surfaces, Mode Connectivity, and Fast Ensembling of DNNs", section 5 / Fig. 1:
//    u = w2 - w1, v = (w3 - w1) - <w3 - w1, u> u / |u|^2, both normalised; origin w1), e.g. the
//    start, a single-task run's end and a multi-task run's end: the three points sit at
//    (0, 0), (|u|, 0) and (<w3 - w1, u^>, |v|) in parameter-space distances.
//  * the parameter axes (2-parameter analytic problems): origin 0, d1 = e1, d2 = e2, so the
//    window is the (x1, x2) range and the slice is the exact contour data.
// Trajectory projection: least-squares coordinates (a_k, b_k) of theta_k - origin in span(d1, d2)
// (for orthonormal directions the dot products, as loss-landscape's `project_2D`).
#include "analysis/task_gradient_oracle.h"
#include "core/tensor.h"
#include "problem/multi_task_problem.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mtw::analysis {

using core::Index;
using core::Vector;

enum class PlaneKind { FilterNormalizedRandom, TaskGradients, TrajectoryPca, ThreePoints, ParameterAxes };

struct LandscapePlane {
    PlaneKind kind = PlaneKind::FilterNormalizedRandom;
    Vector origin; // P
    Vector d1, d2; // P each
    // PCA only: share of the trajectory's variance along d1 and d2.
    Eigen::Vector2d explainedVariance = Eigen::Vector2d::Zero();
    std::string description; // e.g. "gradients of tasks 0 and 1"
};

std::string planeKindName(PlaneKind kind); // "filter-normalized", "task-gradients", "pca", "three-points", "axes"

// seed: the Rng seed of the random directions.
LandscapePlane filterNormalizedPlane(const problem::MultiTaskProblem& problem, const Vector& theta, std::uint64_t seed);
LandscapePlane taskGradientPlane(
    TaskGradientOracle& oracle, const Vector& theta, int taskA, int taskB, std::uint64_t seed = 0);
// trajectory: at least 3 points; the last one is the origin.
LandscapePlane trajectoryPcaPlane(const std::vector<Vector>& trajectory);
// Throws std::invalid_argument when two points coincide or the three are collinear.
LandscapePlane threePointPlane(const Vector& w1, const Vector& w2, const Vector& w3);
LandscapePlane parameterAxesPlane(Index parameterCount = 2);

// Filter-normalises one direction in place (the rule above) for a problem and its theta.
void filterNormalize(const problem::MultiTaskProblem& problem, const Vector& theta, Vector& direction);

// K x 2 coordinates of the trajectory points in the plane.
Eigen::MatrixXd projectOntoPlane(const LandscapePlane& plane, const std::vector<Vector>& trajectory);

} // namespace mtw::analysis

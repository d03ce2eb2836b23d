#pragma once
// Pareto tools for minimisation problems (every objective lower-is-better). Points are the rows
// of an N x M matrix (N points, M objectives); all values must be finite.
//
//   dominance      a < b  <=>  a_i <= b_i for all i and a_i < b_i for some i
//   non-dominated  rows no other row dominates (duplicates are all kept); 2-D: one sort and a
//                  sweep, O(N log N) (as in pymoo PR #754); M-D: pairwise, O(M N^2)
//   hypervolume    Lebesgue measure of the union of boxes [p, r] over the points p < r
//                  (Zitzler & Thiele 1998). Exact in 1-D, 2-D (sort + sweep, O(N log N)) and 3-D
//                  (sweep along the third objective with a 2-D staircase of the points seen so
//                  far, O(N^2) worst case; Beume et al. 2009 give O(N log N)). The reference
//                  point r is explicit (pymoo issue #59 advises 1 + 1/H after
//                  normalisation; COSMOS uses (2, 2)); a point that does not strictly dominate r
//                  contributes nothing.
//   IGD            (1/|Z|) sum_{z in Z} min_{a in A} |a - z|_2    (Coello & Reyes Sierra 2004)
//   IGD+           (1/|Z|) sum_{z in Z} min_{a in A} sqrt(sum_i max(a_i - z_i, 0)^2)
//                  (Ishibuchi et al. 2015, EMO, "Modified distance calculation in generational
//                  distance and inverted generational distance"), weakly Pareto compliant.
//   GD, GD+        the same with the roles of A (approximation) and Z (reference front) swapped.
// Z is a sampled reference front (e.g. MultiTaskProblem::paretoFront()).
#include <Eigen/Dense>
#include <vector>

namespace mtw::analysis {

// a dominates b (minimisation).
bool dominates(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b);

// Row indices of the non-dominated points, in increasing order.
std::vector<Eigen::Index> nonDominatedIndices(const Eigen::MatrixXd& points);
// The non-dominated rows themselves (in their original order).
Eigen::MatrixXd nonDominated(const Eigen::MatrixXd& points);

// Exact hypervolume for M = 1, 2 or 3 (throws std::invalid_argument otherwise, or when the
// reference point's size is not M). Dominated and out-of-box points are handled.
double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference);

double invertedGenerationalDistance(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront);
double invertedGenerationalDistancePlus(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront);
double generationalDistance(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront);
double generationalDistancePlus(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront);

// The automatic hypervolume reference of points (K x M, K >= 1) the workbench uses: their nadir
// (worst value per objective) plus 10% of their range (10% of the value, at least 1e-3, where the
// range is 0), so that every point counts and the reference sits just beyond them.
Eigen::VectorXd nadirReference(const Eigen::MatrixXd& points);

// Rows of a list of points (e.g. MultiTaskProblem::paretoFront()) as an N x M matrix.
Eigen::MatrixXd pointsToMatrix(const std::vector<Eigen::VectorXd>& points);

} // namespace mtw::analysis

#pragma once
// Adjusted mutual information of two labelings (Vinh, Epps & Bailey 2010, "Information theoretic
// measures for clusterings comparison", JMLR 11, eq. 24 with the arithmetic-mean normalisation):
//   AMI(U, V) = (MI(U, V) - E[MI]) / (mean(H(U), H(V)) - E[MI])
// with natural logarithms, MI and H from the contingency table, and E[MI] the expected mutual
// information under the permutation model (both marginals fixed, eq. 24a, a hypergeometric sum
// over each cell evaluated with log-gamma). The relatedness measure Bettgenhäuser, Hedderich &
// Klakow (2020) relate multi-task performance to. Conventions of scikit-learn's
// adjusted_mutual_info_score (average_method = "arithmetic"): 1 when both labelings have one
// cluster (or none), a denominator kept at least machine epsilon away from 0.
#include <vector>

namespace mtw::analysis {

// Mutual information (nats) of two labelings of the same samples (labels >= 0).
double mutualInformation(const std::vector<int>& a, const std::vector<int>& b);
// E[MI] under the permutation model, for the labelings' marginals.
double expectedMutualInformation(const std::vector<int>& a, const std::vector<int>& b);
// Throws std::invalid_argument for labelings of different lengths or a negative label.
double adjustedMutualInformation(const std::vector<int>& a, const std::vector<int>& b);

} // namespace mtw::analysis

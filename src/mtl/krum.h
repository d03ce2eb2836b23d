#pragma once
// Krum / Multi-Krum (Byzantine-robust aggregation).
// Blanchard, El Mhamdi, Guerraoui, Stainer 2017, "Machine Learning with Adversaries: Byzantine
// Tolerant Gradient Descent" (NeurIPS), Section 4 (Krum; Multi-Krum with m selected), as restated
// by TorchJD `Krum` (Gramian form).
//
// With f = n_byzantine and squared distances from G, D_ij = G_ii + G_jj - 2 G_ij (clamped at 0):
//   score(i) = sum of the T - f - 2 smallest D_ij over j != i             (distance: squared)
//   score(i) = sum of the T - f - 2 smallest sqrt(D_ij) over j != i       (distance: euclidean)
// and the n_selected rows with the lowest scores (ties: lowest index) are averaged:
//   w_i = 1/n_selected for the selected rows, 0 otherwise.
// The paper's score (Sec. 4, "s(i) = sum_{i -> j} ||V_i - V_j||^2") sums squared distances, the
// default; TorchJD's KrumWeighting sums plain distances (euclidean). The neighbours are the same,
// the scores (and so, sometimes, the selection) differ.
// Validation as TorchJD: T >= n_byzantine + 3 and T >= n_selected, except that n_selected = T is
// accepted for any T (every row is averaged, the scores are not needed): this admits T = 2, where
// no Krum proper exists and TorchJD raises.
//
// Parameters: n_byzantine (required, >= 0) -- the number of rows that may be adversarial;
// n_selected (default 1, >= 1) -- how many rows Multi-Krum averages (1 = Krum);
// distance (squared | euclidean; squared) -- the score's distance, as above.
// Properties (TorchJD table): weighted; not non-conflicting, not linear under scaling;
// deterministic; stateless. Cost per step: O(T^2 log T) on G.
#include "mtl/method.h"

namespace mtw::mtl {

class Krum final : public Method {
public:
    Krum(int byzantineCount, int selectedCount, bool squaredDistances = true);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    int m_byzantineCount;
    int m_selectedCount;
    bool m_squared;
};

} // namespace mtw::mtl

#pragma once
// Per-layer conflict and task similarity (Roy et al. 2024, FairBranch), asked of a problem by the
// trainer on the steps that record matrices (diagnostics.matrix_every). A side interface rather
// than a GradientRequest field: the trainer arms the problem directly, so the training modes
// (joint, alternating, group-sequential, task SAM) carry nothing new, and the step's first
// computeGradients() -- at the step's parameters, on its batch, with every task -- forms them.
//
//   gramians  per parametric layer k of the shared part, G^k = J_k J_k^T over that layer's
//             parameters (sum_k G^k = G, the whole-trunk Gramian); labelled "L<k> <layer>"
//   representations  per task, its head's representation of the batch (features x samples,
//             problem/layer_gramians.h): the trainer turns them into the T x T linear CKA
//             (analysis/centered_kernel_alignment.h), the affinity FairBranch branches on
#include "core/tensor.h"

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace mtw::problem {

struct LayerMatrix {
    std::string label;
    Eigen::MatrixXd values;
};

struct LayerDiagnostics {
    std::vector<LayerMatrix> gramians;
    std::vector<core::Matrix> representations; // empty when the problem has no task heads
};

class LayerDiagnosticsSource {
public:
    virtual ~LayerDiagnosticsSource() = default;
    // The next computeGradients() also forms the layer diagnostics.
    virtual void requestLayerDiagnostics() = 0;
    // What that call formed, handed over once (then empty); empty when none was requested.
    virtual LayerDiagnostics takeLayerDiagnostics() = 0;
};

} // namespace mtw::problem

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
#include <utility>
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

// A problem that can form them derives from this as well; it keeps the request and the result,
// so the problems only fill them in computeGradients().
class LayerDiagnosticsSource {
public:
    virtual ~LayerDiagnosticsSource() = default;
    // The next computeGradients() also forms the layer diagnostics.
    void requestLayerDiagnostics() { m_requested = true; }
    // What that call formed, handed over once (then empty); empty when none was requested.
    LayerDiagnostics takeLayerDiagnostics()
    {
        LayerDiagnostics taken = std::move(m_formed);
        m_formed = {};
        return taken;
    }

protected:
    bool layerDiagnosticsRequested() const { return m_requested; }
    LayerDiagnostics& layerDiagnostics() { return m_formed; }
    // Ends the request at the end of the call that formed them: a request covers one call.
    void layerDiagnosticsFormed() { m_requested = false; }

private:
    bool m_requested = false;
    LayerDiagnostics m_formed;
};

} // namespace mtw::problem

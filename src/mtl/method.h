#pragma once
// The multi-task method interface.
//
// Each step the engine computes the task losses L (T), the Gramian G = J J^T (T x T, double) of
// the task gradients g_t = dL_t/dtheta_shared (the rows of J), and -- only for methods whose
// needsJacobian() is true -- J itself (T x P). A method returns task weights w; the shared update
// is d = J^T w, formed by the engine (for most methods without ever materializing J). Methods that
// are not "weighted" in TorchJD's sense (GradDrop, TrimmedMean) set a direction instead.
//
// Method state (moving averages, learnable loss scales, ...) lives inside the method object and
// round-trips through state()/setState() for checkpoints, written and read with the size-checked
// helpers of mtl/method_state_io.h.
#include "core/parameter_schema.h"
#include "core/rng.h"
#include "core/tensor.h"

#include <Eigen/Dense>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mtw::mtl {

using core::Matrix;
using core::Vector;
using Eigen::MatrixXd;
using Eigen::VectorXd;

struct MethodInput {
    const MatrixXd& gramian; // T x T
    const VectorXd& losses; // T, current mini-batch losses
    const Matrix* jacobian = nullptr; // T x P, only when needsJacobian()
    long long step = 0; // 0-based optimizer step
    int epoch = 0; // 0-based epoch of the step
    bool epochStart = false; // first step of an epoch (DWA and other epoch-level methods)
    core::Rng& rng;
};

struct MethodOutput {
    VectorXd weights; // T; the update is J^T weights unless hasDirection
    Vector direction; // P; set by non-weighted methods (needsJacobian())
    bool hasDirection = false;
    // Extra per-step numbers worth plotting (e.g. UW's log-variances, Nash-MTL's alpha). Names
    // are stable across steps.
    std::map<std::string, double> extras;
};

// Serialized method state: named vectors of doubles.
using MethodState = std::map<std::string, std::vector<double>>;

class Method {
public:
    virtual ~Method() = default;
    // Computes the step's weights (and direction for non-weighted methods).
    virtual void compute(const MethodInput& input, MethodOutput& output) = 0;
    virtual bool needsJacobian() const { return false; }
    // False for methods whose weights ignore G (they get a zero G on steps without diagnostics).
    virtual bool needsGramian() const { return true; }
    // Weights from the losses alone (neither G nor J): on steps without diagnostics the engine
    // then forms the update with one backward pass of sum_t w_t L_t through the shared part
    // instead of one per task, as a single-loss framework would.
    bool needsOnlyLosses() const { return !needsGramian() && !needsJacobian(); }
    // Loss-weighting methods scale each task head's gradient by its weight (the gradient of
    // sum_t w_t L_t); gradient-aggregation methods leave heads with their own task's gradient.
    virtual bool weightsHeads() const { return false; }
    virtual MethodState state() const { return {}; }
    virtual void setState(const MethodState& /*state*/) { }
};

} // namespace mtw::mtl

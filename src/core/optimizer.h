#pragma once
// First-order optimizers over the flat parameter vector. `step` takes the update direction d
// (the aggregated gradient) and moves theta against it, exactly as PyTorch's optimizers do with
// p.grad = d. State is exposed for checkpoints.
//   SGD (PyTorch semantics): g = d + wd*theta; b = mu*b + (1-dampening)*g (b = g at the first
//     step); g = nesterov ? g + mu*b : b; theta -= lr*g.
//   Adam (Kingma & Ba 2015, Alg. 1): m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
//     theta -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps); L2 weight decay adds wd*theta to g.
//   AdamW (Loshchilov & Hutter 2019): decoupled decay theta -= lr*wd*theta before the Adam step.
#include "core/tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace mtw::core {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual std::string name() const = 0;
    virtual void step(Vector& theta, const Vector& direction, double learningRate) = 0;
    virtual std::vector<Vector> state() const = 0;
    virtual void setState(const std::vector<Vector>& state) = 0;
    virtual long long stepCount() const = 0;
    virtual void setStepCount(long long count) = 0;
};

struct SgdOptions {
    double momentum = 0.0;
    double dampening = 0.0;
    double weightDecay = 0.0;
    bool nesterov = false;
};

class Sgd final : public Optimizer {
public:
    explicit Sgd(SgdOptions options);
    std::string name() const override { return "sgd"; }
    void step(Vector& theta, const Vector& direction, double learningRate) override;
    std::vector<Vector> state() const override { return { m_buffer }; }
    void setState(const std::vector<Vector>& state) override;
    long long stepCount() const override { return m_steps; }
    void setStepCount(long long count) override { m_steps = count; }

private:
    SgdOptions m_options;
    Vector m_buffer;
    long long m_steps = 0;
};

struct AdamOptions {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
    double weightDecay = 0.0;
    bool decoupled = false; // AdamW
};

class Adam final : public Optimizer {
public:
    explicit Adam(AdamOptions options);
    std::string name() const override { return m_options.decoupled ? "adamw" : "adam"; }
    void step(Vector& theta, const Vector& direction, double learningRate) override;
    std::vector<Vector> state() const override { return { m_first, m_second }; }
    void setState(const std::vector<Vector>& state) override;
    long long stepCount() const override { return m_steps; }
    void setStepCount(long long count) override { m_steps = count; }

private:
    AdamOptions m_options;
    Vector m_first;
    Vector m_second;
    long long m_steps = 0;
};

} // namespace mtw::core

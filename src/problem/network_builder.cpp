#include "problem/network_builder.h"

#include "core/activation.h"
#include "core/linear.h"

namespace mtw::problem {

const core::ParameterSchema& modelSchema()
{
    static const core::ParameterSchema schema = {
        core::ParameterSpec::choice("architecture", "mlp", { "mlp", "cnn", "mmoe" },
            "Shared trunk: MLP, LeNet-style CNN (image data), or multi-gate mixture of experts"),
        core::ParameterSpec::integerList("trunk", { 64, 64 }, 1, 65536, "Hidden widths of the shared trunk"),
        core::ParameterSpec::choice(
            "activation", "relu", { "relu", "tanh", "sigmoid" }, "Activation after each hidden layer"),
        core::ParameterSpec::integerList(
            "head_hidden", {}, 1, 65536, "Hidden widths of each task head (empty: linear head)"),
        core::ParameterSpec::integer("experts", 4, 1, 64, "MMoE: number of experts"),
        core::ParameterSpec::real("l1_last_shared", 0.0, 0.0, 1e3,
            "l1 penalty lambda |W|_1 on the last shared layer's weights (Kulkarni et al. 2024; hard sharing only)"),
    };
    return schema;
}

core::Sequential buildMlp(core::Index inputs, const std::vector<long long>& widths, const std::string& activation)
{
    core::Sequential net;
    const core::ActivationKind kind = core::activationFromName(activation);
    core::Index previous = inputs;
    for (long long width : widths) {
        net.add(std::make_unique<core::Linear>(previous, width));
        net.add(std::make_unique<core::Activation>(kind, width));
        previous = width;
    }
    return net;
}

core::Sequential buildHead(
    core::Index inputs, const std::vector<long long>& hidden, const std::string& activation, core::Index outputs)
{
    core::Sequential head = buildMlp(inputs, hidden, activation);
    head.add(std::make_unique<core::Linear>(hidden.empty() ? inputs : hidden.back(), outputs));
    return head;
}

} // namespace mtw::problem

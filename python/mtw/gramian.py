"""The task Gramian of a PyTorch model, for RunWriter.log_step(gramian=...).

G[i][j] = <g_i, g_j>, g_t = d loss_t / d theta_shared: the T x T matrix every gradient-conflict
diagnostic of the workbench comes from (cosines, norms, conflict fraction; diagnostics.py), as
TorchJD computes it (Jacobian -> Gramian). One torch.autograd.grad per task with retain_graph, so
it costs T backward passes through the shared parameters: log it every k steps, not every step.

    info = task_gramian([loss_class, loss_footwear], model.trunk.parameters())
    writer.log_step(step, losses, weights, gramian=info["gramian"])

torch is imported when called, so the rest of the package works without it.
"""

import math

from . import diagnostics


def task_gramian(losses, shared_parameters):
    """losses: T scalar tensors sharing one graph; shared_parameters: the parameters every task
    uses (an iterable of tensors; those without a gradient path count as zero).

    Returns a dict of plain Python values: gramian (T x T nested lists, float64), grad_norms (T),
    cosine (T x T). The graph is kept (retain_graph=True), so loss.backward() can follow.
    """
    import torch

    parameters = [p for p in shared_parameters if p.requires_grad]
    if not parameters:
        raise ValueError("task_gramian: no shared parameter requires a gradient")
    rows = []
    for loss in losses:
        gradients = torch.autograd.grad(loss, parameters, retain_graph=True, allow_unused=True)
        # One flat row per task, in double so that G's small off-diagonal entries keep their sign.
        rows.append(torch.cat([(torch.zeros_like(p) if g is None else g).reshape(-1).to(torch.float64)
                               for g, p in zip(gradients, parameters)]))
    jacobian = torch.stack(rows)
    gramian = (jacobian @ jacobian.T).tolist()
    return {
        "gramian": gramian,
        "grad_norms": [math.sqrt(max(0.0, gramian[t][t])) for t in range(len(gramian))],
        "cosine": diagnostics.cosine_matrix(gramian),
    }

"""Step diagnostics from a task Gramian G (G[i][j] = <g_i, g_j>, g_t the gradient of task t's loss
with respect to the shared parameters), computed as src/analysis/step_diagnostics.cpp computes
them, so that a Python-written run shows the same quantities as a workbench run.

With weights w and the update direction d = sum_t w_t g_t (a loss-weighting step):
  progress_t  = <g_t, d> = (G w)_t
  |d|         = sqrt(w^T G w)
  alignment_t = progress_t / (|g_t| |d|)       cos(g_t, d)
  slowdown_t  = progress_t / |g_t|^2
  non_conflicting: every progress_t >= -1e-9 |g|_max |d|
Methods that do not move along a weighted sum of the task gradients (PCGrad, ...) have other d:
log their diagnostics yourself instead of passing weights for this.
"""

import math


def cosine_matrix(gramian):
    """cos(g_i, g_j), clamped to [-1, 1]; 0 where a gradient is zero."""
    tasks = len(gramian)
    cosine = [[0.0] * tasks for _ in range(tasks)]
    for i in range(tasks):
        for j in range(tasks):
            denominator = math.sqrt(gramian[i][i] * gramian[j][j])
            cosine[i][j] = min(1.0, max(-1.0, gramian[i][j] / denominator)) if denominator > 0 else 0.0
    return cosine


def gradient_norms(gramian):
    return [math.sqrt(max(0.0, gramian[t][t])) for t in range(len(gramian))]


def conflict_fraction(cosine):
    """The share of task pairs whose gradients point against each other (cosine < 0)."""
    tasks = len(cosine)
    pairs = tasks * (tasks - 1) // 2
    conflicts = sum(1 for i in range(tasks) for j in range(i + 1, tasks) if cosine[i][j] < 0)
    return conflicts / pairs if pairs else 0.0


def magnitude_similarity(norms):
    """min over task pairs of 2 |g_i| |g_j| / (|g_i|^2 + |g_j|^2) (1: equal norms)."""
    result = 1.0
    for i in range(len(norms)):
        for j in range(i + 1, len(norms)):
            a, b = norms[i], norms[j]
            result = min(result, 2 * a * b / (a * a + b * b) if a * a + b * b > 0 else 1.0)
    return result


def direction_diagnostics(gramian, weights):
    """The diagnostics of the step along d = sum_t w_t g_t, as a dict: direction_norm,
    non_conflicting, alignment (list), slowdown (list)."""
    tasks = len(gramian)
    progress = [sum(gramian[i][j] * weights[j] for j in range(tasks)) for i in range(tasks)]
    direction_norm = math.sqrt(max(0.0, sum(weights[i] * progress[i] for i in range(tasks))))
    norms = gradient_norms(gramian)
    alignment = [progress[t] / (norms[t] * direction_norm) if norms[t] > 0 and direction_norm > 0 else 0.0
                 for t in range(tasks)]
    slowdown = [progress[t] / (norms[t] * norms[t]) if norms[t] > 0 else 0.0 for t in range(tasks)]
    # Relative tolerance: rounding in G makes exactly-zero progress come out slightly negative.
    tolerance = 1e-9 * (max(norms, default=0.0) * direction_norm + 1e-300)
    return {
        "direction_norm": direction_norm,
        "non_conflicting": not tasks or min(progress) >= -tolerance,
        "alignment": alignment,
        "slowdown": slowdown,
    }

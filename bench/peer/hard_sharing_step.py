#!/usr/bin/env python3
"""The training step of bench/bench_training_step.cpp in PyTorch, for `make bench-compare`.

The same hard-sharing networks, one Linear(representation, 10) head per task, cross-entropy per
task, batch 256 drawn from 2048 synthetic samples, Adam (lr 1e-3):
  mlp    trunk 1296-256-256 (ReLU after each layer), BM_TrainingStep;
  lenet  the MultiFashion LeNet on 36 x 36 images (problem/lenet_builder.h): conv 1->10 k9,
         max-pool 2, ReLU, conv 10->20 k5, max-pool 2, ReLU, fc 500->50, ReLU; BM_LeNetStep.
The methods, written the way PyTorch MTL code does them:
  ew      one backward of the mean of the task losses (what any PyTorch EW does);
  mgda    LibMTL's loop over tasks: one autograd.grad per task for the rows of J over the trunk,
          G = J J^T, min-norm weights by Frank-Wolfe (Sener & Koltun 2018, Alg. 2), trunk gradient
          J^T w, each head its own task's gradient;
  pcgrad  the same rows of J, then LibMTL's PCGrad (Yu et al. 2020): each task's row projected off
          every row it conflicts with, in a random order per task, the projected rows summed;
  imtl_g  the same rows of J, then LibMTL's IMTL gradient weights (Liu et al. 2021): alpha from
          (g_1 U^T)(D U^T)^-1 with D, U the differences of the rows and of the unit rows.
  cagrad  the same rows of J, then LibMTL's CAGrad (Liu et al. 2021) with its defaults (c = 0.5,
          rescale 1): w from scipy.optimize.minimize over the simplex, as LibMTL solves it.
Prints the BLAS library the process loaded ({"blas": path}), then one JSON object per case:
{"case": "ew/10", "ms": mean step time, "steps": n}.
"""
import argparse
import json
import random
import sys
import time

import torch
import torch.nn.functional as F

INPUTS, WIDTH, CLASSES, BATCH, SAMPLES = 1296, 256, 10, 256, 2048


IMAGE_SIDE, LENET_WIDTH = 36, 50


def mlp_trunk():
    return torch.nn.Sequential(
        torch.nn.Linear(INPUTS, WIDTH), torch.nn.ReLU(), torch.nn.Linear(WIDTH, WIDTH), torch.nn.ReLU()), WIDTH


def lenet_trunk():
    nn = torch.nn
    return nn.Sequential(
        nn.Unflatten(1, (1, IMAGE_SIDE, IMAGE_SIDE)), nn.Conv2d(1, 10, 9), nn.MaxPool2d(2), nn.ReLU(),
        nn.Conv2d(10, 20, 5), nn.MaxPool2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(500, LENET_WIDTH),
        nn.ReLU()), LENET_WIDTH


TRUNKS = {"mlp": mlp_trunk, "lenet": lenet_trunk}


class HardSharing(torch.nn.Module):
    def __init__(self, tasks, model):
        super().__init__()
        self.trunk, width = TRUNKS[model]()
        self.heads = torch.nn.ModuleList(torch.nn.Linear(width, CLASSES) for _ in range(tasks))

    def losses(self, x, y):
        z = self.trunk(x)
        return z, [F.cross_entropy(head(z), y[:, t]) for t, head in enumerate(self.heads)]


def min_norm_weights(G, iterations=250, tolerance=1e-6):
    """Frank-Wolfe on min_w w^T G w over the simplex (MGDA's min-norm point, as in LibMTL)."""
    tasks = G.shape[0]
    w = torch.full((tasks,), 1.0 / tasks, dtype=G.dtype)
    for _ in range(iterations):
        t = int(torch.argmin(G @ w))
        e = torch.zeros_like(w)
        e[t] = 1.0
        d = e - w
        dGd = float(d @ G @ d)
        if dGd <= 0:
            break
        gamma = min(max(-float(w @ G @ d) / dGd, 0.0), 1.0)
        if gamma * float(d.norm()) < tolerance:
            break
        w = w + gamma * d
    return w


def ew_step(model, optimizer, x, y):
    _, losses = model.losses(x, y)
    optimizer.zero_grad(set_to_none=True)
    torch.stack(losses).mean().backward()
    optimizer.step()


def task_rows(model, losses):
    """LibMTL's loop over tasks: the rows of J over the trunk, and each head's own gradients."""
    shared = list(model.trunk.parameters())
    rows, head_grads = [], []
    for t, loss in enumerate(losses):
        head = list(model.heads[t].parameters())
        grads = torch.autograd.grad(loss, shared + head, retain_graph=t + 1 < len(losses))
        rows.append(torch.cat([g.reshape(-1) for g in grads[: len(shared)]]))
        head_grads.append(grads[len(shared):])
    return torch.stack(rows), head_grads


def apply_step(model, optimizer, direction, head_grads):
    """The trunk takes the aggregated direction, each head its own task's gradient; one Adam step."""
    offset = 0
    for p in model.trunk.parameters():
        p.grad = direction[offset: offset + p.numel()].view_as(p).clone()
        offset += p.numel()
    for t, grads in enumerate(head_grads):
        for p, g in zip(model.heads[t].parameters(), grads):
            p.grad = g
    optimizer.step()


def mgda_step(model, optimizer, x, y):
    _, losses = model.losses(x, y)
    J, head_grads = task_rows(model, losses)
    w = min_norm_weights((J @ J.T).double()).to(J.dtype)
    apply_step(model, optimizer, J.T @ w, head_grads)


def pcgrad_step(model, optimizer, x, y):
    _, losses = model.losses(x, y)
    J, head_grads = task_rows(model, losses)
    projected = J.clone()
    tasks = J.shape[0]
    for i in range(tasks):
        order = list(range(tasks))
        random.shuffle(order)
        for j in order:
            g_ij = torch.dot(projected[i], J[j])
            if g_ij < 0:
                projected[i] -= g_ij * J[j] / (J[j].norm().pow(2) + 1e-8)
    apply_step(model, optimizer, projected.sum(0), head_grads)


def imtl_g_step(model, optimizer, x, y):
    _, losses = model.losses(x, y)
    J, head_grads = task_rows(model, losses)
    unit = J / J.norm(dim=1, keepdim=True)
    D = J[0:1] - J[1:]
    U = unit[0:1] - unit[1:]
    alpha = (J[0] @ U.T) @ torch.inverse(D @ U.T)
    alpha = torch.cat(((1 - alpha.sum()).unsqueeze(0), alpha))
    apply_step(model, optimizer, J.T @ alpha, head_grads)


def cagrad_step(model, optimizer, x, y, c=0.5):
    from scipy.optimize import minimize  # imported here: only CAGrad needs SciPy

    _, losses = model.losses(x, y)
    J, head_grads = task_rows(model, losses)
    G = (J @ J.T).double()
    tasks = J.shape[0]
    radius = float(c * (G.mean() + 1e-8).sqrt() + 1e-8)  # c |g0|
    A, mean = G.numpy(), torch.full((tasks,), 1.0 / tasks, dtype=torch.float64).numpy()

    def objective(w):  # g_w . g0 + c |g0| |g_w|
        return float(w @ A @ mean + radius * (w @ A @ w + 1e-8) ** 0.5)

    w = minimize(objective, mean, bounds=[(0, 1)] * tasks, constraints={"type": "eq", "fun": lambda w: 1 - sum(w)}).x
    gw = J.T @ torch.tensor(w, dtype=J.dtype)
    direction = (J.mean(0) + radius / (gw.norm() + 1e-8) * gw) / (1 + c ** 2)
    apply_step(model, optimizer, direction, head_grads)


STEPS = {"ew": ew_step, "mgda": mgda_step, "pcgrad": pcgrad_step, "imtl_g": imtl_g_step, "cagrad": cagrad_step}


def loaded_blas():
    """The BLAS shared object(s) mapped into this process (Debian's alternatives pick one)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    return ", ".join(sorted(paths)) or "none found"


def time_case(method, tasks, min_time, generator, warm_up, model_name="mlp"):
    if model_name == "lenet":  # pixels in [0, 1], as the C++ side's
        X = torch.rand(SAMPLES, IMAGE_SIDE * IMAGE_SIDE, generator=generator)
    else:
        X = torch.randn(SAMPLES, INPUTS, generator=generator)
    Y = torch.randint(0, CLASSES, (SAMPLES, tasks), generator=generator)
    model = HardSharing(tasks, model_name)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    step = STEPS[method]

    def one():
        idx = torch.randint(0, SAMPLES, (BATCH,), generator=generator)
        step(model, optimizer, X.index_select(0, idx), Y.index_select(0, idx))

    # Warm-up: allocations, thread pools (the first second of a process runs up to 3x slower).
    start = time.perf_counter()
    while time.perf_counter() - start < warm_up:
        one()
    # The mean over at least min_time seconds: the statistic Google Benchmark reports for ours.
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < min_time or steps < 5:
        one()
        steps += 1
    return (time.perf_counter() - start) / steps * 1e3, steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", nargs="+", default=["ew", "mgda"], choices=sorted(STEPS))
    parser.add_argument("--tasks", nargs="+", type=int, default=[2, 10, 40])
    parser.add_argument("--model", default="mlp", choices=sorted(TRUNKS))
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    parser.add_argument("--min-time", type=float, default=1.0, help="seconds per case")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(0)
    random.seed(0)  # PCGrad's task orders
    time_case("ew", 10, 0.0, generator, 2.0)  # the process's slow first seconds, untimed
    print(json.dumps({"blas": loaded_blas()}), flush=True)
    for method in args.methods:
        for tasks in args.tasks:
            ms, steps = time_case(method, tasks, args.min_time, generator, 0.5, args.model)
            print(json.dumps({"case": f"{method}/{tasks}", "model": args.model, "ms": ms, "steps": steps}),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

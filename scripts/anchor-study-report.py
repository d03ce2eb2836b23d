#!/usr/bin/env python3
"""The anchor study's tables (docs/results/anchor_study.md) from a finished sweep directory.

Every number comes from `mtw-cli study --json` (Pearson r and Spearman rho with 95% percentile
bootstrap intervals over the multi-task runs; runs without the quantity are skipped and counted).
Usage: scripts/anchor-study-report.py MTW_CLI SWEEP_DIR > tables.md
The sweep's run directories are named <method>-s<seed> (resources/examples/anchor_study.json); the
single-task baselines are the st-* ones, which the transfer quantities pair with each multi-task
run and which quantities of the runs themselves (series.*) leave out.
"""
import json
import os
import subprocess
import sys

TASKS = ["class", "footwear", "noisy_class"]
FACTORS = ["sharpness", "sam@0.05", "fisher_trace", "coherence", "noise_scale", "within_task_cosine"]


def study(cli, folder, x, y, all_runs=False):
    # Quantities of the runs themselves: the multi-task runs only (unless all_runs); transfer.* needs
    # the baselines among the runs too.
    transfer = x.startswith("transfer.") or y.startswith("transfer.")
    paths = [folder] if transfer or all_runs else multi_task_runs(folder)
    out = subprocess.run([cli, "study", *paths, "--x", x, "--y", y, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip()
    return json.loads(out.stdout), ""


def multi_task_runs(folder):
    return sorted(os.path.join(folder, d) for d in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, d, "run.sqlite")) and not d.startswith("st-"))


def method_of(run):
    return os.path.basename(run.rstrip("/")).rsplit("-s", 1)[0]


def fmt(value, digits=3):
    return "—" if value is None else f"{value:.{digits}g}"


def estimate(e):
    if e.get("value") is None:
        return "—"
    return f"{fmt(e['value'], 2)} [{fmt(e.get('low'), 2)}, {fmt(e.get('high'), 2)}]"


def row(cli, folder, x, y, label):
    result, error = study(cli, folder, x, y)
    if result is None:
        return f"| {label} | — | — | — | {error.splitlines()[0] if error else ''} |"
    o = result["overall"]
    # Skipped multi-task runs and why (the baselines are skipped for lacking transfer.* anyway).
    reasons = {}
    for s in result["skipped"]:
        if not os.path.basename(s["run"].rstrip("/")).startswith("st-"):
            reasons[s["reason"]] = reasons.get(s["reason"], 0) + 1
    note = "; ".join(f"{n} skipped: {r}" for r, n in reasons.items())
    return f"| {label} | {o['n']} | {estimate(o['pearson'])} | {estimate(o['spearman'])} | {note} |"


def per_method(cli, folder, quantity, all_runs=False):
    """Mean and range of one quantity per method over the seeds (the study's points, grouped)."""
    result, _ = study(cli, folder, quantity, quantity, all_runs)
    if result is None:
        return {}
    values = {}
    for p in result["points"]:
        values.setdefault(method_of(p["run"]), []).append(p["x"])
    return values


def main():
    cli, folder = sys.argv[1], sys.argv[2]
    print("### Final test accuracy per task (mean over the seeds, min … max); st-*: the single-task baselines\n")
    print("| run | " + " | ".join(TASKS) + " |")
    print("|---|" + "---|" * len(TASKS))
    accuracy = {t: per_method(cli, folder, f"final.test.metric.{t}", all_runs=True) for t in TASKS}
    for m in sorted({m for t in TASKS for m in accuracy[t]}):
        cells = []
        for t in TASKS:
            v = accuracy[t].get(m, [])
            cells.append("—" if not v else f"{sum(v) / len(v):.4f} ({min(v):.4f} … {max(v):.4f})")
        print(f"| {m} | " + " | ".join(cells) + " |")
    print()
    print("### Generalization gap at equal training loss, per task (mean over the common loss range; "
          "validation loss MT − ST; negative: MT generalizes better)\n")
    print("| method | " + " | ".join(TASKS) + " |")
    print("|---|" + "---|" * len(TASKS))
    gaps = {t: per_method(cli, folder, f"transfer.gap_mean.{t}") for t in TASKS}
    methods = sorted({m for t in TASKS for m in gaps[t]})
    for m in methods:
        cells = []
        for t in TASKS:
            v = gaps[t].get(m, [])
            cells.append("—" if not v else f"{sum(v) / len(v):+.3f} ({min(v):+.3f} … {max(v):+.3f})")
        print(f"| {m} | " + " | ".join(cells) + " |")

    print("\n### Does a factor's ST-vs-MT difference explain the gap? (x: factor MT − ST at equal loss, "
          "y: gap; over all multi-task runs)\n")
    print("| task · factor | n | Pearson r [95% CI] | Spearman ρ [95% CI] | note |")
    print("|---|---|---|---|---|")
    for t in TASKS:
        for f in FACTORS:
            print(row(cli, folder, f"transfer.factor_diff.{f}.{t}", f"transfer.gap_mean.{t}", f"{t} · {f}"))

    print("\n### Conflict against slow-down and against the gap (x: the task's mean gradient cosine "
          "with the other tasks over the run; lower = more conflict)\n")
    print("| task · y | n | Pearson r [95% CI] | Spearman ρ [95% CI] | note |")
    print("|---|---|---|---|---|")
    for t in TASKS:
        x = f"series.cosine_with.{t}.mean"
        print(row(cli, folder, x, f"transfer.loss_ratio_mean.{t}", f"{t} · slow-down (loss ratio MT/ST)"))
        print(row(cli, folder, x, f"series.slowdown.{t}.mean", f"{t} · first-order r_t"))
        print(row(cli, folder, x, f"transfer.gap_mean.{t}", f"{t} · gap"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`make bench-compare`: this project's training step against the same step in PyTorch.

Runs bench_training_step (ours) and bench/peer/hard_sharing_step.py (PyTorch) interleaved, A B A B
for --rounds rounds in one sitting, and writes the medians over the rounds and their ratios
(PyTorch time / ours: above 1 means ours is faster) to docs/results/bench_compare.md with the
machine's CPU, core count and library versions. Both sides run --threads threads (all cores).
Usage: scripts/bench-compare.py BUILD_DIR [--rounds 3] [--min-time 1.0] [--threads N] [--out FILE]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The methods as the table names them. The peer has the Gramian methods whose LibMTL code needs
# PyTorch and SciPy at most (UPGrad's needs a QP solver and Nash-MTL's cvxpy, which Debian lacks).
TITLES = {"ew": "EW", "mgda": "MGDA", "pcgrad": "PCGrad", "imtl_g": "IMTL-G", "cagrad": "CAGrad"}
# The models, their Google Benchmark names, task counts and methods: the MLP over T, the
# MultiFashion LeNet with its two tasks (BM_LeNetStep has EW and MGDA).
MODELS = {"mlp": ("BM_TrainingStep", [2, 10, 40], list(TITLES)), "lenet": ("BM_LeNetStep", [2], ["ew", "mgda"])}


def ours(bench, min_time, threads):
    names = "|".join(name for name, _, _ in MODELS.values())
    tasks = "|".join(sorted({str(t) for _, counts, _ in MODELS.values() for t in counts}))
    pattern = "^(%s)/(%s)/(%s)/|^BM_PeakGemm" % (names, "|".join(TITLES), tasks)
    out = subprocess.run([str(bench), "--threads=%d" % threads, "--benchmark_filter=" + pattern,
                          "--benchmark_format=json", "--benchmark_min_time=%g" % min_time],
                         check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    model_of = {name: model for model, (name, _, _) in MODELS.items()}
    times = {}
    for b in report["benchmarks"]:
        if b["name"].startswith("BM_PeakGemm"):
            times["gemm"] = b["GFLOP/s"] / 1e9
            continue
        name, method, tasks = b["name"].split("/")[0:3]
        if int(tasks) not in MODELS[model_of[name]][1] or method not in MODELS[model_of[name]][2]:
            continue
        unit = {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]
        times[f"{model_of[name]} {method}/{tasks}"] = b["real_time"] * unit
    return times, report["context"]


# Debian's OpenMP build of OpenBLAS shares PyTorch's libgomp thread pool; the pthread build (the
# default alternative) runs its own threads beside OpenMP's and doubles PyTorch's step times here.
OPENMP_BLAS = Path("/usr/lib/x86_64-linux-gnu/openblas-openmp")


def theirs(min_time, threads):
    env = dict(os.environ)
    if OPENMP_BLAS.is_dir():
        env["LD_LIBRARY_PATH"] = str(OPENMP_BLAS) + (":" + env["LD_LIBRARY_PATH"] if "LD_LIBRARY_PATH" in env else "")
    times, blas = {}, "unknown"
    for model, (_, tasks, methods) in MODELS.items():
        out = subprocess.run([sys.executable, str(ROOT / "bench/peer/hard_sharing_step.py"), "--model", model,
                              "--min-time", str(min_time), "--threads", str(threads), "--methods", *methods,
                              "--tasks", *map(str, tasks)],
                             check=True, capture_output=True, text=True, env=env).stdout
        rows = [json.loads(line) for line in out.splitlines()]
        blas = rows[0].get("blas", blas)
        times.update({f"{model} {row['case']}": row["ms"] for row in rows if "case" in row})
    return times, blas


# PyTorch's rate on the 1024 x 1024 float product that BM_PeakGemm times on our side, and the
# kernel OpenBLAS picked for this CPU: the two explain most of the ratios' spread between machines
# (OpenBLAS runs AVX-512 kernels only on CPUs it knows, Haswell ones otherwise).
GEMM_PROBE = """
import ctypes, sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
for _ in range(3):
    a @ b
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    for _ in range(10):
        a @ b
    best = min(best, (time.perf_counter() - start) / 10)
core = "unknown"
for line in open("/proc/self/maps"):
    if "libopenblas" in line:
        lib = ctypes.CDLL(line.split()[-1])
        lib.openblas_get_corename.restype = ctypes.c_char_p
        core = lib.openblas_get_corename().decode()
        break
print(f"{2 * 1024 ** 3 / best / 1e9:.0f} {core}")
"""


def peer_gemm(threads):
    env = dict(os.environ)
    if OPENMP_BLAS.is_dir():
        env["LD_LIBRARY_PATH"] = str(OPENMP_BLAS) + (":" + env["LD_LIBRARY_PATH"] if "LD_LIBRARY_PATH" in env else "")
    out = subprocess.run([sys.executable, "-c", GEMM_PROBE, str(threads)], check=True, capture_output=True,
                         text=True, env=env).stdout.split()
    return float(out[0]), out[1]


def load_average():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def torch_versions():
    code = ("import torch; info = torch.__config__.parallel_info().splitlines(); "
            "print(torch.__version__, '(' + ', '.join(l.strip() for l in info if l.startswith('OpenMP')) + ')')")
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-time", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="threads of both sides (default: all cores)")
    parser.add_argument("--out", default=str(ROOT / "docs/results/bench_compare.md"))
    args = parser.parse_args()
    bench = Path(args.build_dir) / "bench/bench_training_step"
    if not bench.exists():
        sys.exit(f"bench-compare: {bench} is missing; build the target bench_training_step first")
    try:
        versions = torch_versions()
    except subprocess.CalledProcessError:
        sys.exit("bench-compare: PyTorch is not installed (Debian: apt-get install python3-torch, "
                 "or scripts/setup-deps.sh --with-peer)")

    mine, peer, context, blas = {}, {}, {}, "unknown"
    load_before = load_average()
    for r in range(args.rounds):
        times, context = ours(bench, args.min_time, args.threads)
        for case, ms in times.items():
            mine.setdefault(case, []).append(ms)
        times, blas = theirs(args.min_time, args.threads)
        rate, blas_core = peer_gemm(args.threads)
        times["gemm"] = rate
        for case, ms in times.items():
            peer.setdefault(case, []).append(ms)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    lines = [
        "# This project's training step against PyTorch's",
        "",
        "Written by `make bench-compare` (`scripts/bench-compare.py`): the hard-sharing MLP 1296-256-256",
        "and the MultiFashion LeNet (36 x 36 images, rows marked LeNet), one 10-class head per task,",
        "batch 256, Adam, one step per iteration; ours is `bench/bench_training_step`, theirs",
        "`bench/peer/hard_sharing_step.py` (EW: one backward of the mean loss; MGDA, PCGrad, IMTL-G, CAGrad:",
        "LibMTL's loop of one `autograd.grad` per task, then LibMTL's weighting). Run interleaved, ours then",
        f"theirs, {args.rounds} rounds in one sitting; per round the mean step time of each case (at least",
        f"{args.min_time:g} s of steps), then the median over the rounds.",
        "Ratio = PyTorch / ours: above 1, ours is faster.",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores; both sides run {args.threads} thread(s)",
        f"- ours: {context.get('kernels', 'kernels unknown')}",
        f"- PyTorch: {versions}; BLAS loaded: {blas}",
        f"- 1024 x 1024 float products (medians over the rounds): ours {statistics.median(mine['gemm']):.0f} GFLOP/s,",
        f"  PyTorch's OpenBLAS {statistics.median(peer['gemm']):.0f} GFLOP/s with its {blas_core} kernels",
        f"- Python {platform.python_version()}, {platform.platform()}",
        f"- 1-minute load average {load_before} before, {load_average()} after: with other work on the cores,",
        "  OpenMP's barriers (PyTorch) lose more than TBB's work stealing (ours); compare sittings at low load",
        "",
        "| step | ours (ms) | PyTorch (ms) | PyTorch / ours |",
        "|---|---|---|---|",
    ]
    titles = {"mlp": "", "lenet": "LeNet "}
    for model, (_, counts, methods) in MODELS.items():
        for method in methods:
            for tasks in counts:
                case = f"{model} {method}/{tasks}"
                if case not in mine or case not in peer:
                    continue
                a, b = statistics.median(mine[case]), statistics.median(peer[case])
                lines.append(f"| {titles[model]}{TITLES[method]}, T={tasks} | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

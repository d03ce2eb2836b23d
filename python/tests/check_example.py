"""Runs python/examples/fashion_two_task.py for a few steps into DIR (emptied first) and checks its
run directory with the reader and, where MTW_CLI names mtw-cli, with the engine. Exits 77 with the
example's message when the example skips (no PyTorch, no Fashion-MNIST files).

    python3 check_example.py DIR
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import mtw  # noqa: E402

SKIPPED = 77
STEPS, GRAMIAN_EVERY, EVAL_EVERY = 20, 5, 10


def main():
    directory = sys.argv[1]
    shutil.rmtree(directory, ignore_errors=True)
    example = os.path.join(HERE, "..", "examples", "fashion_two_task.py")
    result = subprocess.run([sys.executable, example, "--out", directory, "--steps", str(STEPS), "--gramian-every",
                             str(GRAMIAN_EVERY), "--eval-every", str(EVAL_EVERY), "--train-samples", "2000",
                             "--test-samples", "500", "--threads", "1"], capture_output=True, text=True, timeout=240)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode == SKIPPED:
        return SKIPPED
    problems = []

    def check(condition, what):
        if not condition:
            problems.append(what)

    check(result.returncode == 0, "the example exited with %d" % result.returncode)
    if result.returncode == 0:
        with mtw.open_run(directory) as run:
            check(run.tasks == ["class", "footwear"], "tasks %s" % run.tasks)
            check(run.steps() == list(range(STEPS)), "steps %s" % run.steps())
            check(run.summary.get("status") == "finished", "summary %s" % run.summary)
            check([s for s, _ in run.matrices("cosine")] == list(range(0, STEPS, GRAMIAN_EVERY)), "cosine matrices")
            norms = run.series("grad_norm")["class"]
            check(all((v is not None) == (s % GRAMIAN_EVERY == 0) for s, v in enumerate(norms)),
                  "gradient norms exactly at the Gramian steps: %s" % norms)
            check(all(v > 0 for v in norms if v is not None), "positive gradient norms")
            for split in ("validation", "test"):
                steps = sorted({e["step"] for e in run.evaluations(split)})
                check(steps == [EVAL_EVERY, STEPS], "%s evaluations at %s" % (split, steps))
            check(all(0 <= e["metric"] <= 1 for e in run.evaluations()), "accuracies in [0, 1]")
        cli = os.environ.get("MTW_CLI")
        if cli:
            # The engine accepts the example's experiment.json (fashion_mtl, mlp) and its records.
            study = subprocess.run([cli, "study", directory, "--list"], capture_output=True, text=True, timeout=60)
            check(study.returncode == 0 and "final.test.metric.footwear" in study.stdout,
                  "mtw-cli study --list: %s" % study.stderr.strip())
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

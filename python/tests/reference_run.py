"""Writes the reference run: a small run with RunWriter whose every value follows a formula, so the
C++ reader (tests/python/tst_python_run.cpp, which repeats these formulas) and the Python tests
can check what comes back bit for bit.

    python3 reference_run.py DIR          writes the whole run
    python3 reference_run.py DIR --live   commits steps 0-2, prints "flushed", waits for a line
                                          on stdin, then writes the rest (a follower watches it)

Keep the formulas in step with expectedLosses() & co. in tst_python_run.cpp.
"""

import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from mtw import RunWriter  # noqa: E402

TASKS = ["class", "footwear"]
STEPS = 6
PAUSE_AFTER = 3  # --live: steps committed before the pause


def losses(s):
    if s == 4:
        return [math.nan, 0.5]  # NaN is stored as NULL and read back as NaN / None
    if s == 5:
        return [1e-300, 0.1 + 0.2]  # the smallest scale and a sum that is not its decimal
    return [1.0 / (s + 3), 0.1 * (s + 1)]


def weights(s):
    return [s / 8.0, 1.0 - s / 8.0]


def learning_rate(s):
    return 0.01 * 0.5 ** s


def gramian(s):
    """At even steps; odd steps log grad_norms() instead."""
    return [[1.0 + s, -0.5], [-0.5, 2.0]]


def grad_norms(s):
    return [0.3 * s, 0.7]


def extras(s):
    return {"log_var_class": -0.1 * s}


# (step, split, losses, accuracies): evaluations after that many steps.
EVALUATIONS = [
    (3, "validation", [0.5, 0.25], [0.8, 0.9375]),
    (6, "validation", [1.0 / 3.0, 2.0 / 7.0], [0.85, 0.95]),
    (6, "test", [0.4, 0.3], [0.84, 0.96]),
]
# Further metrics by (step, split): per task, None where a task has none.
MORE_METRICS = {(6, "test"): {"auc": [0.875, None]}}
# (step, task or None, name, value)
FACTORS = [(6, "class", "sharpness", 12.5), (6, None, "sharpness", 0.1 * 3)]


def log_step(writer, s):
    if s % 2 == 0:
        writer.log_step(s, losses(s), weights(s), gramian=gramian(s), lr=learning_rate(s), epoch=s // 4,
                        extras=extras(s))
    else:
        writer.log_step(s, losses(s), weights(s), grad_norms=grad_norms(s), lr=learning_rate(s), epoch=s // 4,
                        extras=extras(s))


def write(directory, pause=None):
    # flush_seconds: large, so that only the explicit flushes commit (the live test counts them).
    writer = RunWriter(directory, TASKS, method="pcgrad", name="python-reference", steps=STEPS, seed=7,
                       flush_seconds=3600)
    for s in range(STEPS):
        if s == PAUSE_AFTER and pause:
            writer.flush()
            pause()
        log_step(writer, s)
        for step, split, eval_losses, accuracies in EVALUATIONS:
            if step == s + 1:
                writer.log_eval(step, split, eval_losses, {"accuracy": accuracies},
                                more=MORE_METRICS.get((step, split)))
    for step, task, name, value in FACTORS:
        writer.log_factor(step, name, value, task=task)
    writer.close("finished", "reference run")


def main():
    directory = sys.argv[1]
    if "--live" in sys.argv[2:]:
        def pause():
            print("flushed", flush=True)
            sys.stdin.readline()
        write(directory, pause)
    else:
        write(directory)


if __name__ == "__main__":
    main()

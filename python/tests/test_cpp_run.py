"""The package against mtw-cli (MTW_CLI names it; ctest sets it): a run written by the C++ engine
read by the Python reader and compared with summary.json and with direct sqlite3 queries, a
Python-written run read by `mtw-cli study`, and the method list against `mtw-cli methods`."""

import json
import os
import sqlite3
import subprocess
import tempfile
import unittest

import mtw
from mtw.schema import TASK_SERIES

from . import reference_run as ref

CLI = os.environ.get("MTW_CLI", "")
SOURCE_DIR = os.environ.get("MTW_SOURCE_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
STEPS = 200


def cli(*arguments):
    return subprocess.run([CLI, *arguments], capture_output=True, text=True, timeout=60, check=False)


@unittest.skipUnless(CLI, "MTW_CLI is not set (ctest sets it to mtw-cli)")
class CppRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(CLI, os.X_OK):
            raise AssertionError("MTW_CLI=%s is not an executable (build mtw-cli first)" % CLI)
        cls._tmp = tempfile.TemporaryDirectory()
        cls.cpp_run = os.path.join(cls._tmp.name, "cpp")
        # The CAGrad toy: 200 steps take milliseconds; it records every 5th step and the last, a
        # cosine matrix every 50 steps and at the last, and evaluates every 250 steps and at the end.
        example = os.path.join(SOURCE_DIR, "resources", "examples", "toy_cagrad_short.json")
        result = cli("run", example, "--out", cls.cpp_run, "--steps", str(STEPS), "--quiet")
        if result.returncode != 0:
            raise AssertionError("mtw-cli run failed: %s" % result.stderr)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def setUp(self):
        self.run = mtw.open_run(self.cpp_run)
        self.db = sqlite3.connect(os.path.join(self.cpp_run, "run.sqlite"))

    def tearDown(self):
        self.run.close()
        self.db.close()

    def test_summary(self):
        with open(os.path.join(self.cpp_run, "summary.json")) as f:
            summary = json.load(f)
        self.assertEqual(self.run.summary, summary)
        self.assertEqual(self.run.status, "finished")
        self.assertEqual(summary["steps"], STEPS)
        # The final losses are those of the last training-split evaluation, after all the steps.
        final = [e for e in self.run.evaluations("train") if e["step"] == STEPS]
        self.assertEqual({e["task"]: e["loss"] for e in final}, summary["final_losses"])
        self.assertEqual(self.run.tasks, list(summary["final_losses"]))

    def test_series_equal_direct_queries(self):
        self.assertEqual(self.run.tasks, ["L1", "L2"])
        self.assertEqual((self.run.method, self.run.meta["problem"]), ("cagrad", "cagrad_toy"))
        steps = self.run.steps()
        self.assertEqual(steps, list(range(0, STEPS, 5)) + [STEPS - 1])
        for column in TASK_SERIES:
            series = self.run.series(column)
            for t, task in enumerate(self.run.tasks):
                expected = [v for (v,) in self.db.execute(
                    "SELECT %s FROM task_steps WHERE task = ? ORDER BY step" % column, (t,))]
                self.assertEqual(series[task], expected, column)
                self.assertEqual(len(expected), len(steps))
        self.assertEqual(self.run.step_series("lr"), [v for (v,) in self.db.execute("SELECT lr FROM steps ORDER BY step")])
        x1 = self.run.step_series("x1")
        self.assertTrue(all(isinstance(v, float) for v in x1))  # the toy's two parameters are stored

    def test_matrices_evaluations_factors_equal_direct_queries(self):
        matrices = self.run.matrices("cosine")
        rows = self.db.execute("SELECT step, data FROM matrices WHERE kind = 'cosine' ORDER BY step").fetchall()
        self.assertEqual([step for step, _ in matrices], [0, 50, 100, 150, STEPS - 1])
        self.assertEqual(len(matrices), len(rows))
        for (step, matrix), (db_step, data) in zip(matrices, rows):
            self.assertEqual(step, db_step)
            self.assertEqual([v for row in matrix for v in row], json.loads(data))
            self.assertEqual(matrix[0][0], 1.0)
        evaluations = self.run.evaluations()
        expected = self.db.execute("SELECT step, split, task, loss, metric, metric_name FROM evaluations "
                                   "ORDER BY step, rowid").fetchall()
        self.assertEqual([(e["step"], e["split"], self.run.tasks.index(e["task"]), e["loss"], e["metric"],
                           e["metric_name"]) for e in evaluations], expected)
        similarity = self.run.factors("magnitude_similarity")
        self.assertEqual([f["step"] for f in similarity], self.run.steps())
        self.assertEqual(self.run.factors(), [])

    def test_parameter_snapshots_are_the_runs_parameters(self):
        self.assertEqual(self.run.parameter_steps(), [])  # off unless asked for
        with open(os.path.join(SOURCE_DIR, "resources", "examples", "toy_cagrad_short.json")) as f:
            experiment = json.load(f)
        experiment.setdefault("diagnostics", {})["parameters_every"] = 50
        path = os.path.join(self._tmp.name, "snapshots.json")
        with open(path, "w") as f:
            json.dump(experiment, f)
        directory = os.path.join(self._tmp.name, "snapshots")
        result = cli("run", path, "--out", directory, "--steps", str(STEPS), "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        with mtw.open_run(directory) as run:
            self.assertEqual(run.parameter_steps(), [0, 50, 100, 150, STEPS])
            # float32 values widen to the summary's doubles exactly.
            self.assertEqual(run.parameters(), run.summary["final_parameters"])
            self.assertEqual(run.parameters(STEPS), run.parameters())
            self.assertEqual(len(run.parameters(0)), 2)
            with self.assertRaises(mtw.RunError):
                run.parameters(75)

    def test_study_reads_a_python_run(self):
        directory = os.path.join(self._tmp.name, "python")
        ref.write(directory)
        listing = cli("study", directory, "--list")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        self.assertIn("final.loss.class", listing.stdout)
        self.assertIn("series.conflict_fraction.mean", listing.stdout)
        result = cli("study", directory, self.cpp_run, "--x", "training.steps", "--y", "final.validation.metric.class",
                     "--json")
        # The toy has no task "class": the Python run is the only point, with its numbers.
        points = json.loads(result.stdout)["points"] if result.returncode == 0 else None
        self.assertIsNotNone(points, result.stderr)
        self.assertEqual([(p["x"], p["y"]) for p in points], [(6.0, 0.85)])
        factors = cli("factors", directory, "--factor", "sharpness")
        self.assertEqual(factors.returncode, 0, factors.stderr)
        self.assertIn("12.5", factors.stdout)

    def test_method_list_matches_the_workbench(self):
        result = cli("methods")
        self.assertEqual(result.returncode, 0, result.stderr)
        ids = [line.split()[0] for line in result.stdout.splitlines() if line and not line[0].isspace()]
        self.assertEqual(sorted(ids), sorted(mtw.WORKBENCH_METHODS))


if __name__ == "__main__":
    unittest.main()

"""RunWriter: the reference run read back value by value, the SQLite format against the C++ schema
text, one transaction per flush, the directory lock, and the inputs it refuses."""

import fcntl
import json
import math
import os
import re
import sqlite3
import tempfile
import unittest

import mtw
from mtw import diagnostics
from mtw.schema import SCHEMA_SQL

from . import reference_run as ref

SOURCE_DIR = os.environ.get("MTW_SOURCE_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def same(a, b):
    """Equal floats, None for NaN (how the store reads NULL back)."""
    return b is None if (isinstance(a, float) and math.isnan(a)) else a == b


def writer_locked(directory):
    """What src/engine/run_directory.cpp isRunDirectoryLocked() answers."""
    fd = os.open(os.path.join(directory, "run.lock"), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


class WriterTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def test_reference_run_reads_back(self):
        directory = os.path.join(self.root, "run")
        ref.write(directory)
        with mtw.open_run(directory) as run:
            self.assertEqual(run.tasks, ref.TASKS)
            self.assertEqual(run.steps(), list(range(ref.STEPS)))
            losses, weights, norms = run.series("loss"), run.series("weight"), run.series("grad_norm")
            for s in range(ref.STEPS):
                for t, task in enumerate(ref.TASKS):
                    self.assertTrue(same(ref.losses(s)[t], losses[task][s]), (s, task, losses[task][s]))
                    self.assertEqual(weights[task][s], ref.weights(s)[t])
                    expected_norm = math.sqrt(ref.gramian(s)[t][t]) if s % 2 == 0 else ref.grad_norms(s)[t]
                    self.assertEqual(norms[task][s], expected_norm)
            self.assertEqual(run.step_series("lr"), [ref.learning_rate(s) for s in range(ref.STEPS)])
            self.assertEqual(run.step_series("epoch"), [s // 4 for s in range(ref.STEPS)])
            # Only the steps with a Gramian have a conflict fraction (the pair conflicts: 1).
            self.assertEqual(run.step_series("conflict_fraction"), [1.0, None, 1.0, None, 1.0, None])
            self.assertEqual(run.extras(), {"log_var_class": [(s, -0.1 * s) for s in range(ref.STEPS)]})
            self.assertEqual(run.matrix_kinds(), ["cosine", "gramian"])
            self.assertEqual(run.matrices("gramian"), [(s, ref.gramian(s)) for s in (0, 2, 4)])
            self.assertEqual(run.matrices("cosine"), [(s, diagnostics.cosine_matrix(ref.gramian(s))) for s in (0, 2, 4)])
            evaluations = run.evaluations()
            self.assertEqual(len(evaluations), 2 * len(ref.EVALUATIONS))
            for i, (step, split, eval_losses, accuracies) in enumerate(ref.EVALUATIONS):
                more = ref.MORE_METRICS.get((step, split), {})
                for t, task in enumerate(ref.TASKS):
                    self.assertEqual(evaluations[2 * i + t], {"step": step, "split": split, "task": task,
                                                              "loss": eval_losses[t], "metric": accuracies[t],
                                                              "metric_name": "accuracy",
                                                              "more": {name: values[t] for name, values in more.items()
                                                                       if values[t] is not None}})
            self.assertEqual(len(run.evaluations("test")), 2)
            self.assertEqual(run.factors(), [{"step": 6, "task": None, "name": "sharpness", "value": 0.1 * 3},
                                             {"step": 6, "task": "class", "name": "sharpness", "value": 12.5}])
            similarity = run.factors("magnitude_similarity")
            self.assertEqual([f["step"] for f in similarity], list(range(ref.STEPS)))
            self.assertEqual(run.meta, {"schema": "mtw-run/1", "name": "python-reference", "problem": "csv",
                                        "method": "pcgrad", "seed": "7", "steps": "6", "writer": "mtw.RunWriter"})
            summary = run.summary
            self.assertEqual(summary["status"], "finished")
            self.assertEqual(summary["message"], "reference run")
            self.assertEqual(summary["steps"], ref.STEPS)
            self.assertEqual(summary["final_losses"], {"class": 1e-300, "footwear": 0.1 + 0.2})
            frame_columns = run.table("task_steps").columns
            self.assertEqual(frame_columns, ["step", "task", "loss", "weight", "grad_norm", "alignment", "slowdown",
                                             "task_name"])

    def test_schema_matches_the_cpp_store(self):
        with open(os.path.join(SOURCE_DIR, "src", "engine", "run_store.cpp"), encoding="utf-8") as f:
            source = f.read()
        cpp = re.search(r'schemaSql = R"sql\((.*?)\)sql"', source, re.S).group(1)
        self.assertEqual(SCHEMA_SQL.strip(), cpp.strip())
        self.assertIn('"mtw-run/1"', source)

    def test_database_is_wal_and_checkpointed_at_close(self):
        directory = os.path.join(self.root, "run")
        ref.write(directory)
        self.assertEqual(sorted(os.listdir(directory)), ["experiment.json", "run.lock", "run.sqlite", "summary.json"])
        db = sqlite3.connect(os.path.join(directory, "run.sqlite"))
        self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        db.close()

    def test_one_transaction_per_flush(self):
        directory = os.path.join(self.root, "run")
        writer = mtw.RunWriter(directory, ["a", "b"], flush_seconds=3600)
        reader = sqlite3.connect("file:%s?mode=ro" % os.path.join(directory, "run.sqlite"), uri=True)
        version = reader.execute("PRAGMA data_version").fetchone()[0]
        for s in range(5):
            writer.log_step(s, [1.0, 2.0], gramian=[[1.0, 0.0], [0.0, 1.0]])
            writer.log_eval(s + 1, "validation", [1.0, 2.0])
        self.assertEqual(reader.execute("SELECT COUNT(*) FROM steps").fetchone()[0], 0)
        self.assertEqual(reader.execute("PRAGMA data_version").fetchone()[0], version)
        writer.flush()
        self.assertEqual(reader.execute("SELECT COUNT(*) FROM steps").fetchone()[0], 5)
        self.assertEqual(reader.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0], 10)
        self.assertEqual(reader.execute("PRAGMA data_version").fetchone()[0], version + 1)
        writer.flush()  # nothing logged: no transaction
        self.assertEqual(reader.execute("PRAGMA data_version").fetchone()[0], version + 1)
        reader.close()
        writer.close()

    def test_lock_held_while_open(self):
        directory = os.path.join(self.root, "run")
        writer = mtw.RunWriter(directory, ["a"])
        self.assertTrue(writer_locked(directory))
        with open(os.path.join(directory, "run.lock")) as f:
            self.assertEqual(f.read(), "%d\n" % os.getpid())
        writer.close()
        self.assertFalse(writer_locked(directory))

    def test_refuses_a_directory_in_use_or_not_empty(self):
        directory = os.path.join(self.root, "run")
        writer = mtw.RunWriter(directory, ["a"])
        with self.assertRaisesRegex(mtw.RunWriterError, "in use by process %d" % os.getpid()):
            mtw.RunWriter(directory, ["a"])
        writer.close()
        with self.assertRaisesRegex(mtw.RunWriterError, "not empty .*experiment.json"):
            mtw.RunWriter(directory, ["a"])
        other = os.path.join(self.root, "other")
        os.makedirs(other)
        open(os.path.join(other, "data.csv"), "w").close()
        with self.assertRaisesRegex(mtw.RunWriterError, "not empty \\(files: data.csv\\)"):
            mtw.RunWriter(other, ["a"])
        self.assertFalse(writer_locked(other))

    def test_refuses_bad_input(self):
        with self.assertRaisesRegex(ValueError, "not a workbench method"):
            mtw.RunWriter(os.path.join(self.root, "m"), ["a"], method="my_method")
        with self.assertRaisesRegex(ValueError, "may not be empty, contain ','"):
            mtw.RunWriter(os.path.join(self.root, "n"), ["a,b"])
        with self.assertRaisesRegex(ValueError, "distinct"):
            mtw.RunWriter(os.path.join(self.root, "d"), ["a", "a"])
        with mtw.RunWriter(os.path.join(self.root, "r"), ["a", "b"]) as writer:
            with self.assertRaisesRegex(ValueError, "1 values for 2 tasks"):
                writer.log_step(0, [1.0])
            with self.assertRaisesRegex(ValueError, "unknown tasks \\['c'\\]"):
                writer.log_step(0, {"a": 1.0, "c": 2.0})
            with self.assertRaisesRegex(ValueError, "expected 2 x 2"):
                writer.log_step(0, [1.0, 2.0], gramian=[[1.0]])
            with self.assertRaisesRegex(ValueError, "split 'val'"):
                writer.log_eval(1, "val", [1.0, 2.0])
            with self.assertRaisesRegex(ValueError, "one metric per evaluation"):
                writer.log_eval(1, "test", [1.0, 2.0], {"accuracy": [1, 1], "f1": [1, 1]})

    def test_steps_unknown_until_close(self):
        directory = os.path.join(self.root, "run")
        with mtw.RunWriter(directory, ["a"], method="uw") as writer:
            for s in range(3):
                writer.log_step(s, {"a": 0.5})
        with open(os.path.join(directory, "experiment.json")) as f:
            self.assertEqual(json.load(f)["training"]["steps"], 3)
        with mtw.open_run(directory) as run:
            self.assertEqual(run.meta["steps"], "3")
            # One task: no magnitude similarity row (it compares task pairs), as in the C++ store.
            self.assertEqual(run.factors(with_magnitude_similarity=True), [])

    def test_failure_in_with_block_is_recorded(self):
        directory = os.path.join(self.root, "run")
        with self.assertRaises(ZeroDivisionError):
            with mtw.RunWriter(directory, ["a", "b"]) as writer:
                writer.log_step(0, [1.0, float("inf")])
                1 / 0
        with mtw.open_run(directory) as run:
            self.assertEqual(run.summary["status"], "failed")
            self.assertIn("ZeroDivisionError", run.summary["message"])
            self.assertEqual(run.series("loss"), {"a": [1.0], "b": [None]})
            self.assertEqual(run.summary["final_losses"], {"a": 1.0})  # non-finite losses are left out

    def test_non_finite_matrix_entries_are_null(self):
        directory = os.path.join(self.root, "run")
        with mtw.RunWriter(directory, ["a", "b"]) as writer:
            writer.log_matrix(0, "cosine", [[1.0, float("nan")], [float("nan"), 1.0]])
        db = sqlite3.connect(os.path.join(directory, "run.sqlite"))
        self.assertEqual(db.execute("SELECT data FROM matrices").fetchone()[0], "[1.0, null, null, 1.0]")
        db.close()

    def test_experiment_given_is_written(self):
        directory = os.path.join(self.root, "run")
        experiment = {"name": "fashion", "problem": {"type": "fashion_mtl", "params": {"tasks": "class,footwear"}},
                      "method": {"name": "ew", "params": {}}, "training": {"steps": 10, "seed": 3}}
        with mtw.RunWriter(directory, ["class", "footwear"], experiment=experiment):
            pass
        with open(os.path.join(directory, "experiment.json")) as f:
            self.assertEqual(json.load(f), dict(experiment, schema="mtw-experiment/1"))
        with mtw.open_run(directory) as run:
            self.assertEqual((run.meta["problem"], run.meta["seed"], run.meta["steps"]), ("fashion_mtl", "3", "10"))


class DiagnosticsTest(unittest.TestCase):
    def test_hand_computed(self):
        # g_1 = (2, 0), g_2 = (0, 1): orthogonal; w = (1/2, 1/2) gives d = (1, 1/2).
        gramian = [[4.0, 0.0], [0.0, 1.0]]
        self.assertEqual(diagnostics.cosine_matrix(gramian), [[1.0, 0.0], [0.0, 1.0]])
        self.assertEqual(diagnostics.gradient_norms(gramian), [2.0, 1.0])
        self.assertEqual(diagnostics.magnitude_similarity([2.0, 1.0]), 0.8)
        d = diagnostics.direction_diagnostics(gramian, [0.5, 0.5])
        self.assertEqual(d["direction_norm"], math.sqrt(1.25))
        self.assertEqual(d["slowdown"], [0.5, 0.5])  # <g_t, d> / |g_t|^2 = 2/4 and 0.5/1
        self.assertAlmostEqual(d["alignment"][0], 1 / math.sqrt(1.25), places=15)
        self.assertTrue(d["non_conflicting"])

    def test_conflict(self):
        gramian = [[1.0, -1.0, 0.0], [-1.0, 4.0, 0.0], [0.0, 0.0, 0.0]]  # task 3 has no gradient
        cosine = diagnostics.cosine_matrix(gramian)
        self.assertEqual(cosine[0][1], -0.5)
        self.assertEqual(cosine[2], [0.0, 0.0, 0.0])
        self.assertEqual(diagnostics.conflict_fraction(cosine), 1 / 3)
        self.assertFalse(diagnostics.direction_diagnostics(gramian, [1.0, 0.0, 0.0])["non_conflicting"])


if __name__ == "__main__":
    unittest.main()

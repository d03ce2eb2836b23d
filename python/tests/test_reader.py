"""open_run / open_runs: what they find, what they refuse and why, and that they never write."""

import json
import os
import sqlite3
import tempfile
import unittest

import mtw

from . import reference_run as ref


class ReaderTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write_run(self, *parts):
        directory = os.path.join(self.root, *parts)
        ref.write(directory)
        return directory

    def test_open_runs_finds_nested_runs_in_path_order(self):
        b = self.write_run("sweep", "b")
        a = self.write_run("sweep", "a")
        top = self.write_run("top")
        os.makedirs(os.path.join(self.root, "sweep", "empty"))
        runs = mtw.open_runs(self.root)
        self.assertEqual([r.directory for r in runs], [a, b, top])
        self.assertEqual([r.name for r in runs], ["python-reference"] * 3)
        for run in runs:
            run.close()
        self.assertEqual(mtw.open_runs(os.path.join(self.root, "sweep", "empty")), [])

    def test_refuses_what_is_not_a_run(self):
        with self.assertRaisesRegex(mtw.RunError, "no experiment.json"):
            mtw.open_run(self.root)
        directory = os.path.join(self.root, "half")
        os.makedirs(directory)
        with open(os.path.join(directory, "experiment.json"), "w") as f:
            json.dump({"schema": "mtw-experiment/1"}, f)
        with self.assertRaisesRegex(mtw.RunError, "run.sqlite' does not exist"):
            mtw.open_run(directory)
        self.assertFalse(os.path.exists(os.path.join(directory, "run.sqlite")))  # read-only: nothing created

    def test_refuses_damaged_and_foreign_stores(self):
        damaged = self.write_run("damaged")
        with open(os.path.join(damaged, "run.sqlite"), "r+b") as f:
            f.write(b"garbage" * 20)
        with self.assertRaisesRegex(mtw.RunError, "damaged or not a run database"):
            mtw.open_run(damaged)
        newer = self.write_run("newer")
        db = sqlite3.connect(os.path.join(newer, "run.sqlite"))
        db.execute("UPDATE meta SET value = 'mtw-run/2' WHERE key = 'schema'")
        db.commit()
        db.close()
        with self.assertRaisesRegex(mtw.RunError, "has schema 'mtw-run/2'; this reader reads mtw-run/1"):
            mtw.open_run(newer)
        good = self.write_run("good")
        with self.assertRaises(mtw.RunError):
            mtw.open_runs(self.root)
        runs = mtw.open_runs(self.root, skip_damaged=True)
        self.assertEqual([r.directory for r in runs], [good])
        runs[0].close()

    def test_reads_a_run_while_it_is_written(self):
        directory = os.path.join(self.root, "live")
        writer = mtw.RunWriter(directory, ["a", "b"], flush_seconds=3600)
        with mtw.open_run(directory) as run:
            self.assertEqual(run.steps(), [])
            self.assertEqual(run.summary, {})
            writer.log_step(0, [1.0, 2.0])
            writer.flush()
            self.assertEqual(run.series("loss"), {"a": [1.0], "b": [2.0]})
            writer.close()
            self.assertEqual(run.status, "finished")

    def test_unknown_columns_are_refused(self):
        with mtw.open_run(self.write_run("r")) as run:
            with self.assertRaisesRegex(ValueError, "unknown task series 'losses'"):
                run.series("losses")
            with self.assertRaisesRegex(ValueError, "unknown steps column"):
                run.step_series("step; DROP TABLE steps")
            with self.assertRaisesRegex(ValueError, "unknown table"):
                run.table("sqlite_master")

    def test_table_records_and_frame(self):
        with mtw.open_run(self.write_run("r")) as run:
            table = run.table("evaluations")
            self.assertEqual(len(table), 6)
            self.assertEqual(table.records()[0], {"step": 3, "split": "validation", "task": 0, "loss": 0.5,
                                                  "metric": 0.8, "metric_name": "accuracy", "task_name": "class"})
            more = run.table("evaluation_metrics")
            self.assertEqual(more.records(), [{"step": 6, "split": "test", "task": 0, "name": "auc", "value": 0.875,
                                               "task_name": "class"}])
            try:
                import pandas  # noqa: F401
            except ImportError:
                with self.assertRaisesRegex(ImportError, "needs pandas"):
                    table.to_frame()
            else:
                frame = table.to_frame()
                self.assertEqual(list(frame.columns), table.columns)
                self.assertEqual(len(frame), 6)


if __name__ == "__main__":
    unittest.main()

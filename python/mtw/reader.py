"""Reading run directories (written by the workbench, mtw-cli or RunWriter) as plain Python values.

    run = open_run("runs/r1")
    run.tasks                  ['class', 'footwear']
    run.steps()                [0, 1, 2, ...]
    run.series("loss")         {'class': [2.31, ...], 'footwear': [...]}   (None where not recorded)
    run.matrices("cosine")     [(step, [[1.0, -0.2], [-0.2, 1.0]]), ...]
    run.evaluations("test")    [{'step': 500, 'task': 'class', 'loss': ..., 'metric': ..., 'metric_name': ..., 'more': {'auc': ...}}, ...]
    run.factors()              [{'step': ..., 'task': 'class' or None, 'name': 'sharpness', 'value': ...}, ...]
    run.parameter_steps()      [0, 500, 1000, ...]   (diagnostics.parameters_every)
    run.parameters(500)        the parameter snapshot after 500 steps, as a list of floats
    run.summary                the summary.json dict ({} while the run is being written)
    run.table("task_steps").to_frame()   a pandas DataFrame, when pandas is installed

The database is opened read-only (a reader never creates or changes a run) and every call reads
what the writer has committed so far, so the same object follows a run that is still being written.
NULL values (how the store writes NaN, infinities and what was not recorded) read as None.
"""

import array
import json
import os
import sqlite3
import sys
import zlib

from .schema import PARAMETER_ENCODING, RUN_SCHEMA, TASK_SERIES

__all__ = ["Run", "RunError", "Table", "open_run", "open_runs"]


class RunError(RuntimeError):
    pass


class Table:
    """Rows of one query: columns (names) and rows (tuples); to_frame() needs pandas."""

    def __init__(self, columns, rows):
        self.columns = list(columns)
        self.rows = [tuple(r) for r in rows]

    def records(self):
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_frame(self):
        try:
            import pandas
        except ImportError as error:
            raise ImportError("Table.to_frame() needs pandas (python3-pandas); records() gives the same rows "
                              "as dicts") from error
        return pandas.DataFrame.from_records(self.rows, columns=self.columns)

    def __len__(self):
        return len(self.rows)


class Run:
    def __init__(self, directory):
        self.directory = os.fspath(directory)
        experiment_path = os.path.join(self.directory, "experiment.json")
        database_path = os.path.join(self.directory, "run.sqlite")
        if not os.path.isfile(experiment_path):
            raise RunError("'%s' is not a run directory: it has no experiment.json" % self.directory)
        if not os.path.isfile(database_path):
            raise RunError("'%s' does not exist" % database_path)
        with open(experiment_path, encoding="utf-8") as f:
            self.experiment = json.load(f)
        # mode=ro: never create a database where a run was expected, never write to a run.
        self._db = sqlite3.connect("file:%s?mode=ro" % database_path, uri=True, timeout=10.0)
        try:
            self.meta = dict(self._query("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise RunError("'%s' is damaged or not a run database: %s" % (database_path, error)) from error
        if self.meta.get("schema") != RUN_SCHEMA:
            self._db.close()
            raise RunError("'%s' has schema %r; this reader reads %s"
                           % (database_path, self.meta.get("schema"), RUN_SCHEMA))
        self.tasks = [name for (name,) in self._query("SELECT name FROM tasks ORDER BY task")]

    def close(self):
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return "Run(%r, tasks=%r, method=%r)" % (self.directory, self.tasks, self.meta.get("method"))

    def _query(self, sql, parameters=()):
        return self._db.execute(sql, parameters).fetchall()

    @property
    def name(self):
        return self.meta.get("name", os.path.basename(self.directory))

    @property
    def method(self):
        return self.meta.get("method")

    @property
    def summary(self):
        """summary.json as a dict; {} while the run is being written (or after a crash)."""
        try:
            with open(os.path.join(self.directory, "summary.json"), encoding="utf-8") as f:
                summary = json.load(f)
        except (OSError, ValueError):
            return {}
        return summary if isinstance(summary, dict) else {}

    @property
    def status(self):
        return self.summary.get("status", "")

    def steps(self):
        return [step for (step,) in self._query("SELECT step FROM steps ORDER BY step")]

    def step_series(self, column):
        """One column of the steps table (lr, direction_norm, conflict_fraction, epoch, ...), in step order."""
        if column not in ("epoch", "lr", "direction_norm", "conflict_fraction", "non_conflicting", "x1", "x2"):
            raise ValueError("unknown steps column %r" % column)
        return [value for (value,) in self._query("SELECT %s FROM steps ORDER BY step" % column)]

    def series(self, column="loss"):
        """{task: [value per step]} of a task_steps column, aligned with steps(): None where a
        step has no row or no value."""
        if column not in TASK_SERIES:
            raise ValueError("unknown task series %r (one of %s)" % (column, ", ".join(TASK_SERIES)))
        steps = self.steps()
        index = {step: i for i, step in enumerate(steps)}
        result = {task: [None] * len(steps) for task in self.tasks}
        for step, task, value in self._query("SELECT step, task, %s FROM task_steps ORDER BY step, task" % column):
            if step in index and 0 <= task < len(self.tasks):
                result[self.tasks[task]][index[step]] = value
        return result

    def extras(self):
        """{name: [(step, value), ...]} of the method's extra numbers."""
        result = {}
        for step, name, value in self._query("SELECT step, name, value FROM extras ORDER BY name, step"):
            result.setdefault(name, []).append((step, value))
        return result

    def matrix_kinds(self):
        return [kind for (kind,) in self._query("SELECT DISTINCT kind FROM matrices ORDER BY kind")]

    def matrices(self, kind="cosine"):
        """[(step, rows as lists)] in step order; null entries as None."""
        result = []
        for step, rows, cols, data in self._query(
                "SELECT step, rows, cols, data FROM matrices WHERE kind = ? ORDER BY step", (kind,)):
            values = json.loads(data)
            if len(values) != rows * cols:
                raise RunError("the %s matrix of step %d has %d entries for %d x %d" % (kind, step, len(values), rows, cols))
            result.append((step, [values[r * cols:(r + 1) * cols] for r in range(rows)]))
        return result

    def evaluations(self, split=None):
        """One dict per (step, split, task) in step order: step, split, task (name), loss, metric,
        metric_name, and "more": the further metrics by name (macro_f1, f1, auc, mae; None for a
        value that was not finite), {} for stores written before they were recorded."""
        sql = "SELECT step, split, task, loss, metric, metric_name FROM evaluations"
        rows = self._query(sql + (" WHERE split = ?" if split else "") + " ORDER BY step, rowid",
                           (split,) if split else ())
        more = {}
        if self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evaluation_metrics'"):
            for step, s, task, name, value in self._query(
                    "SELECT step, split, task, name, value FROM evaluation_metrics ORDER BY rowid"):
                more.setdefault((step, s, task), {})[name] = value
        return [{"step": step, "split": s, "task": self._task_name(task), "loss": loss, "metric": metric,
                 "metric_name": name, "more": more.get((step, s, task), {})}
                for step, s, task, loss, metric, name in rows]

    def factors(self, name=None, with_magnitude_similarity=False):
        """Trajectory factors as dicts (step, task name or None for all tasks, name, value), in
        (step, task, name) order; the per-step magnitude similarity only when asked for."""
        if not self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'factors'"):
            return []  # stores written before the factors table existed
        sql, parameters = "SELECT step, task, name, value FROM factors WHERE 1", []
        if name is not None:
            sql, parameters = sql + " AND name = ?", [name]
        elif not with_magnitude_similarity:
            sql += " AND name != 'magnitude_similarity'"
        return [{"step": step, "task": self._task_name(task), "name": n, "value": value}
                for step, task, n, value in self._query(sql + " ORDER BY step, task, name", parameters)]

    def parameter_steps(self):
        """The steps of the stored parameter snapshots, in order ([] when the run stored none)."""
        if not self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'parameters'"):
            return []  # stores written before the parameters table existed
        return [step for (step,) in self._query("SELECT step FROM parameters ORDER BY step")]

    def parameters(self, step=None):
        """All parameters after `step` steps (default: the last snapshot) as a list of floats,
        exactly the trainer's float32 values."""
        steps = self.parameter_steps()
        if not steps:
            raise RunError("%s stores no parameter snapshots (diagnostics.parameters_every)" % self.directory)
        step = steps[-1] if step is None else step
        rows = self._query("SELECT count, encoding, data FROM parameters WHERE step = ?", (step,))
        if not rows:
            raise RunError("%s stores no parameters after %d steps (it has %s)" % (self.directory, step, steps))
        count, encoding, data = rows[0]
        if encoding != PARAMETER_ENCODING:
            raise RunError("the parameters of step %d are in encoding %r, not %r" % (step, encoding, PARAMETER_ENCODING))
        planes = zlib.decompress(data)
        if len(planes) != 4 * count:
            raise RunError("the parameters of step %d are not %d values" % (step, count))
        raw = bytearray(4 * count)
        for k in range(4):  # un-shuffle: byte k of every value was stored together
            raw[k::4] = planes[k * count:(k + 1) * count]
        values = array.array("f")
        values.frombytes(bytes(raw))
        if sys.byteorder != "little":
            values.byteswap()
        return values.tolist()

    def table(self, name):
        """A whole table (steps, task_steps, extras, matrices, evaluations, evaluation_metrics,
        factors, tasks, meta) as a Table; the per-task tables get a task_name column."""
        known = ("steps", "task_steps", "extras", "matrices", "evaluations", "evaluation_metrics", "factors", "tasks",
                 "meta")
        if name not in known:
            raise ValueError("unknown table %r (one of %s)" % (name, ", ".join(known)))
        cursor = self._db.execute("SELECT * FROM %s ORDER BY rowid" % name)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if name in ("task_steps", "evaluations", "evaluation_metrics", "factors"):
            at = columns.index("task")
            rows = [row + (self._task_name(row[at]),) for row in rows]
            columns.append("task_name")
        return Table(columns, rows)

    def _task_name(self, index):
        return self.tasks[index] if 0 <= index < len(self.tasks) else None


def open_run(path):
    """The run in directory `path`; RunError says why when it is not one."""
    return Run(path)


def open_runs(folder, skip_damaged=False):
    """Every run directory below `folder` (folder itself included), sorted by path: each directory
    holding experiment.json and run.sqlite. A damaged or foreign store raises RunError naming it,
    unless skip_damaged, which leaves it out."""
    runs = []
    for root, dirs, files in os.walk(os.fspath(folder)):
        dirs.sort()
        if "experiment.json" in files and "run.sqlite" in files:
            try:
                runs.append(Run(root))
            except (RunError, ValueError):
                if not skip_damaged:
                    raise
    return runs

"""RunWriter: writes a run directory in the workbench's format from your own training loop.

The directory holds what src/engine/run_store.cpp writes (docs/run-store.md):
  experiment.json  the experiment (the workbench refuses a run without a valid one)
  run.sqlite       the records, SQLite in WAL mode, one transaction per flush()
  summary.json     status, message, steps, seconds, final losses (written by close())
  run.lock         held (flock) while the writer is open, so the workbench shows the run as running

    writer = RunWriter("runs/mine", tasks=["class", "footwear"], method="ew", steps=1000)
    writer.log_step(0, losses=[2.3, 0.7], weights=[0.5, 0.5], gramian=G)
    writer.log_eval(100, "validation", losses=[0.9, 0.2], metrics={"accuracy": [0.71, 0.95]})
    writer.close()
"""

import fcntl
import json
import math
import os
import sqlite3
import time

from . import diagnostics
from .schema import EXPERIMENT_SCHEMA, RUN_FILE_NAMES, RUN_SCHEMA, SCHEMA_SQL, SPLITS, WORKBENCH_METHODS

# What a foreign run's experiment.json says about itself (see foreign_experiment()).
FOREIGN_DATA_PATH = "external:mtw.RunWriter"
STATUSES = ("finished", "stopped", "failed")
# meta.writer of the runs this module writes.
WRITER = "mtw.RunWriter"


class RunWriterError(RuntimeError):
    pass


def _real(value):
    """A number for a REAL column: NaN and infinities as NULL, as the C++ store writes them."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _matrix_json(matrix):
    """Row-major JSON array; non-finite entries as null (the C++ reader parses strict JSON)."""
    return json.dumps([_real(v) for row in matrix for v in row], allow_nan=False)


def foreign_experiment(name, tasks, method="ew", method_params=None, steps=None, seed=0, optimizer=None,
                       description=None):
    """The experiment.json of a run trained outside the workbench.

    The experiment format names one of the workbench's own problems, and none of them is "a model
    trained elsewhere". The placeholder is the "csv" problem (the workbench's "your own data"
    problem) whose target columns are the task names and whose path, "external:mtw.RunWriter",
    names no file: the run opens in every view that reads records, and a view that would rebuild
    the problem (the loss landscape) says that the file cannot be read instead of drawing a
    landscape of another model. When your data is one of the workbench's problems (the example's
    Fashion-MNIST tasks are fashion_mtl's), pass that experiment to RunWriter instead.
    """
    for task in tasks:
        if any(c in task for c in ',:"') or task != task.strip() or not task:
            raise ValueError("task name %r: the placeholder experiment lists tasks as CSV target columns, so a name "
                             "may not be empty, contain ',', ':' or '\"', or start or end with a space" % task)
    experiment = {
        "schema": EXPERIMENT_SCHEMA,
        "name": name,
        "description": description or (
            "Trained outside the workbench and written by mtw.RunWriter; problem 'csv' is a placeholder whose "
            "targets are the task names (no data file: the model and data are the writer's own)."),
        "problem": {"type": "csv", "params": {"path": FOREIGN_DATA_PATH, "targets": ",".join(tasks)}},
        "method": {"name": method, "params": dict(method_params or {})},
        "training": {"steps": int(steps) if steps else 1, "seed": int(seed)},
    }
    if optimizer:
        experiment["optimizer"] = dict(optimizer)
    return experiment


class RunWriter:
    """Writes one run directory. Records are buffered and committed by flush(): one SQLite
    transaction per flush, so a reader (the workbench following the run) sees whole steps only.
    log_step() flushes on its own every `flush_seconds` (default 1 s) so the run can be watched live.

    out_dir:    the run directory; created, and it must be empty (one directory holds one run)
    tasks:      task names, in the order of every per-task list passed later
    method:     a workbench method id (`mtw-cli methods`), used for the placeholder experiment
    experiment: a full experiment.json as a dict (then method, name, steps, seed, optimizer are
                ignored); it must describe len(tasks) tasks
    steps:      the planned number of steps (the workbench's progress); None: the steps logged,
                written into experiment.json by close()
    """

    def __init__(self, out_dir, tasks, method="ew", experiment=None, *, name=None, steps=None, seed=0,
                 method_params=None, optimizer=None, flush_seconds=1.0):
        self.directory = os.fspath(out_dir)
        self.tasks = [str(t) for t in tasks]
        if not self.tasks or len(set(self.tasks)) != len(self.tasks):
            raise ValueError("tasks must be distinct names, at least one: %r" % (self.tasks,))
        if experiment is None:
            if method not in WORKBENCH_METHODS:
                raise ValueError("method %r is not a workbench method; experiment.json must name one of: %s "
                                 "(or pass experiment=)" % (method, ", ".join(WORKBENCH_METHODS)))
            experiment = foreign_experiment(name or os.path.basename(os.path.abspath(self.directory)), self.tasks,
                                            method, method_params, steps, seed, optimizer)
            self._steps_from_log = steps is None
        else:
            experiment = json.loads(json.dumps(experiment))  # a private copy: close() may set the steps
            experiment.setdefault("schema", EXPERIMENT_SCHEMA)
            self._steps_from_log = False
        self.experiment = experiment
        self._flush_seconds = flush_seconds
        self._pending = []  # (sql, rows) in insertion order, committed by flush()
        self._last_flush = time.monotonic()
        self._started = time.monotonic()
        self._last_losses = None
        self._steps_logged = 0
        self._lock_fd = None
        self._db = None
        self._lock()
        try:
            self._write_experiment()
            self._open_database()
        except BaseException:
            self._unlock()
            raise

    # -- set-up -------------------------------------------------------------------------------

    def _lock(self):
        """Takes run.lock as src/engine/run_directory.cpp does: an exclusive flock holding the PID."""
        os.makedirs(self.directory, exist_ok=True)
        fd = os.open(os.path.join(self.directory, "run.lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        # A follower's probe holds a shared lock for microseconds: retry a little first.
        for _ in range(20):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(0.005)
        else:
            holder = os.pread(fd, 63, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise RunWriterError("run directory '%s' is in use by process %s" % (self.directory, holder))
        os.ftruncate(fd, 0)
        os.pwrite(fd, ("%d\n" % os.getpid()).encode(), 0)
        self._lock_fd = fd
        found = sorted(n for n in os.listdir(self.directory) if n != "run.lock")
        if found:
            self._unlock()
            kind = "a run's files" if all(n in RUN_FILE_NAMES for n in found) else "files"
            raise RunWriterError("run directory '%s' is not empty (%s: %s): one directory holds one run"
                                 % (self.directory, kind, ", ".join(found[:4])))

    def _unlock(self):
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # the lock file stays, as the C++ writer leaves it
            self._lock_fd = None

    def _write_experiment(self):
        path = os.path.join(self.directory, "experiment.json")
        with open(path, "w", encoding="utf-8") as out:
            json.dump(self.experiment, out, indent=2, allow_nan=False)
            out.write("\n")

    def _open_database(self):
        # isolation_level=None: the transactions below are ours (BEGIN IMMEDIATE ... COMMIT), not
        # the sqlite3 module's implicit ones.
        self._db = sqlite3.connect(os.path.join(self.directory, "run.sqlite"), timeout=10.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL;")
        self._db.execute("PRAGMA synchronous=NORMAL;")
        self._db.executescript(SCHEMA_SQL)
        e = self.experiment
        training = e.get("training", {})
        meta = [("schema", RUN_SCHEMA), ("name", str(e.get("name", "experiment"))),
                ("problem", str(e.get("problem", {}).get("type", ""))),
                ("method", str(e.get("method", {}).get("name", "ew"))),
                ("seed", str(int(training.get("seed", 0)))), ("steps", str(int(training.get("steps", 1000)))),
                # Not read by the workbench yet: marks a run whose model the workbench cannot rebuild
                # (docs/run-store.md, "What a foreign writer must provide").
                ("writer", WRITER)]
        self._db.execute("BEGIN IMMEDIATE;")
        self._db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?);", meta)
        self._db.executemany("INSERT OR REPLACE INTO tasks(task, name) VALUES(?, ?);", list(enumerate(self.tasks)))
        self._db.execute("COMMIT;")

    # -- records ------------------------------------------------------------------------------

    def _per_task(self, values, what):
        if values is None:
            return [None] * len(self.tasks)
        if isinstance(values, dict):
            unknown = set(values) - set(self.tasks)
            if unknown:
                raise ValueError("%s: unknown tasks %s" % (what, sorted(unknown)))
            values = [values.get(t) for t in self.tasks]
        values = [None if v is None else float(v) for v in values]
        if len(values) != len(self.tasks):
            raise ValueError("%s: %d values for %d tasks" % (what, len(values), len(self.tasks)))
        return values

    def _add(self, sql, rows):
        self._pending.append((sql, rows))

    def log_step(self, step, losses, weights=None, grad_norms=None, gramian=None, *, lr=None, epoch=0,
                 extras=None, alignment=None, slowdown=None, direction_norm=None):
        """Records optimizer step `step` (0-based: the steps done before it).

        losses, weights, grad_norms, alignment, slowdown: one value per task (a list in task order
        or a dict by task name); None where unknown (stored as NULL, as NaN is).
        gramian: the T x T Gramian of the task gradients (task_gramian()); it adds the cosine
        matrix, the conflict fraction, the gradient norms (unless given) and, with weights, the
        direction's diagnostics (diagnostics.py; they assume d = sum_t w_t g_t).
        extras: {name: number}, method internals shown under Weights & norms.
        """
        step = int(step)
        losses = self._per_task(losses, "losses")
        weights = self._per_task(weights, "weights")
        norms = self._per_task(grad_norms, "grad_norms")
        alignment = self._per_task(alignment, "alignment")
        slowdown = self._per_task(slowdown, "slowdown")
        fraction = non_conflicting = None
        if gramian is not None:
            gramian = [[float(v) for v in row] for row in gramian]
            tasks = len(self.tasks)
            if len(gramian) != tasks or any(len(row) != tasks for row in gramian):
                raise ValueError("gramian: expected %d x %d" % (tasks, tasks))
            cosine = diagnostics.cosine_matrix(gramian)
            fraction = diagnostics.conflict_fraction(cosine)
            if all(v is None for v in norms):
                norms = diagnostics.gradient_norms(gramian)
            if all(w is not None for w in weights):
                d = diagnostics.direction_diagnostics(gramian, weights)
                non_conflicting = d["non_conflicting"]
                direction_norm = d["direction_norm"] if direction_norm is None else direction_norm
                alignment = d["alignment"] if all(a is None for a in alignment) else alignment
                slowdown = d["slowdown"] if all(s is None for s in slowdown) else slowdown
            self.log_matrix(step, "cosine", cosine)
            self.log_matrix(step, "gramian", gramian)
        self._add("INSERT OR REPLACE INTO steps VALUES(?, ?, ?, ?, ?, ?, ?, ?);",
                  [(step, int(epoch), _real(lr), _real(direction_norm), _real(fraction),
                    None if non_conflicting is None else int(non_conflicting), None, None)])
        self._add("INSERT OR REPLACE INTO task_steps VALUES(?, ?, ?, ?, ?, ?, ?);",
                  [(step, t, _real(losses[t]), _real(weights[t]), _real(norms[t]), _real(alignment[t]),
                    _real(slowdown[t])) for t in range(len(self.tasks))])
        if extras:
            self._add("INSERT OR REPLACE INTO extras VALUES(?, ?, ?);",
                      [(step, str(k), _real(v)) for k, v in extras.items()])
        if len(self.tasks) > 1:
            # The C++ store writes this row at every step of a multi-task run; NULL when unknown.
            similarity = diagnostics.magnitude_similarity(norms) if all(n is not None for n in norms) else None
            self.log_factor(step, "magnitude_similarity", similarity)
        self._last_losses = losses
        self._steps_logged = max(self._steps_logged, step + 1)
        if time.monotonic() - self._last_flush >= self._flush_seconds:
            self.flush()

    def log_matrix(self, step, kind, matrix):
        """A T x T matrix at `step`: "cosine" is what the Conflict view draws; any other kind
        ("gramian", ...) is stored for your own readers."""
        rows = len(matrix)
        cols = len(matrix[0]) if rows else 0
        if any(len(row) != cols for row in matrix):
            raise ValueError("matrix %s of step %d: rows of different lengths" % (kind, step))
        self._add("INSERT OR REPLACE INTO matrices VALUES(?, ?, ?, ?, ?);",
                  [(int(step), str(kind), rows, cols, _matrix_json(matrix))])

    def log_eval(self, step, split, losses, metrics=None, metric_name=None, more=None):
        """An evaluation after `step` steps on split "train", "validation" or "test".

        metrics: one number per task (list or dict by task) with metric_name, or
        {metric_name: per-task values}; one primary metric per task (the evaluations table has one
        metric column). more: further metrics, {name: per-task values} ("macro_f1", "auc", ...;
        None for a task without it), into evaluation_metrics.
        """
        if split not in SPLITS:
            raise ValueError("split %r: one of %s" % (split, ", ".join(SPLITS)))
        name, values = metric_name or "", metrics
        if isinstance(metrics, dict) and metrics and not set(metrics) <= set(self.tasks):
            if len(metrics) != 1:
                raise ValueError("metrics: one metric per evaluation, got %s" % sorted(metrics))
            ((name, values),) = metrics.items()
        values = self._per_task(values, "metrics")
        losses = self._per_task(losses, "losses")
        self._add("INSERT OR REPLACE INTO evaluations VALUES(?, ?, ?, ?, ?, ?);",
                  [(int(step), split, t, _real(losses[t]), _real(values[t]), str(name)) for t in range(len(self.tasks))])
        for more_name, more_values in (more or {}).items():
            more_values = self._per_task(more_values, "more[%r]" % more_name)
            self._add("INSERT OR REPLACE INTO evaluation_metrics VALUES(?, ?, ?, ?, ?);",
                      [(int(step), split, t, str(more_name), _real(more_values[t]))
                       for t in range(len(self.tasks)) if more_values[t] is not None])

    def log_factor(self, step, name, value, task=None):
        """A trajectory factor after `step` steps, of one task (name or index) or of all (None)."""
        index = -1 if task is None else (self.tasks.index(task) if isinstance(task, str) else int(task))
        self._add("INSERT OR REPLACE INTO factors VALUES(?, ?, ?, ?);", [(int(step), index, str(name), _real(value))])

    def flush(self):
        """Commits everything logged since the last flush as one transaction."""
        self._last_flush = time.monotonic()
        if not self._pending or self._db is None:
            return
        pending, self._pending = self._pending, []
        # IMMEDIATE takes the write lock at BEGIN, where the busy timeout applies.
        self._db.execute("BEGIN IMMEDIATE;")
        try:
            for sql, rows in pending:
                self._db.executemany(sql, rows)
        except BaseException:
            self._db.execute("ROLLBACK;")
            raise
        self._db.execute("COMMIT;")

    def close(self, status="finished", message=""):
        """Flushes, writes summary.json (status finished, stopped or failed) and releases the lock."""
        if self._db is None:
            return
        if status not in STATUSES:
            raise ValueError("status %r: one of %s" % (status, ", ".join(STATUSES)))
        try:
            self.flush()
            if self._steps_from_log and self._steps_logged:
                self.experiment["training"]["steps"] = self._steps_logged
                self._write_experiment()
                self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('steps', ?);", (str(self._steps_logged),))
            summary = {
                "status": status,
                "message": message,
                "steps": self._steps_logged,
                "seconds": time.monotonic() - self._started,
                "final_losses": {t: v for t, v in zip(self.tasks, self._last_losses or []) if _real(v) is not None},
            }
            # Written before the lock is released, as the C++ writer does: a follower that sees
            # the lock go sees the summary too.
            with open(os.path.join(self.directory, "summary.json"), "w", encoding="utf-8") as out:
                json.dump(summary, out, indent=2, allow_nan=False)
                out.write("\n")
        finally:
            self._db.close()
            self._db = None
            self._unlock()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.close("finished")
        else:
            self.close("failed" if not issubclass(kind, KeyboardInterrupt) else "stopped",
                       "%s: %s" % (kind.__name__, value))
        return False

"""The run.sqlite format, as src/engine/run_store.cpp writes it (docs/run-store.md explains it).

Kept byte-for-byte equal to the C++ schema text so that a database made here and one made by
`mtw-cli run` have the same tables; tests/python/tst_python_run.cpp reads what this writes.
"""

# meta.schema: readers (src/engine/run_follower.cpp) refuse any other value.
RUN_SCHEMA = "mtw-run/1"
# experiment.json's "schema" (src/engine/experiment.h).
EXPERIMENT_SCHEMA = "mtw-experiment/1"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tasks(task INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS steps(step INTEGER PRIMARY KEY, epoch INTEGER, lr REAL, direction_norm REAL,
    conflict_fraction REAL, non_conflicting INTEGER, x1 REAL, x2 REAL);
CREATE TABLE IF NOT EXISTS task_steps(step INTEGER, task INTEGER, loss REAL, weight REAL, grad_norm REAL,
    alignment REAL, slowdown REAL, PRIMARY KEY(step, task));
CREATE TABLE IF NOT EXISTS extras(step INTEGER, name TEXT, value REAL, PRIMARY KEY(step, name));
CREATE TABLE IF NOT EXISTS matrices(step INTEGER, kind TEXT, rows INTEGER, cols INTEGER, data TEXT,
    PRIMARY KEY(step, kind));
CREATE TABLE IF NOT EXISTS evaluations(step INTEGER, split TEXT, task INTEGER, loss REAL, metric REAL,
    metric_name TEXT, PRIMARY KEY(step, split, task));
CREATE TABLE IF NOT EXISTS evaluation_metrics(step INTEGER, split TEXT, task INTEGER, name TEXT, value REAL,
    PRIMARY KEY(step, split, task, name));
CREATE TABLE IF NOT EXISTS factors(step INTEGER, task INTEGER, name TEXT, value REAL, PRIMARY KEY(step, task, name));
CREATE TABLE IF NOT EXISTS parameters(step INTEGER PRIMARY KEY, count INTEGER, encoding TEXT, data BLOB);
"""

# The per-task columns of task_steps, in table order.
TASK_SERIES = ("loss", "weight", "grad_norm", "alignment", "slowdown")
# The per-step columns of steps after step itself, in table order.
STEP_COLUMNS = ("epoch", "lr", "direction_norm", "conflict_fraction", "non_conflicting", "x1", "x2")
# Splits the C++ reader knows (any other name reads as "validation" there).
SPLITS = ("train", "validation", "test")
# The names a run writes into its directory (src/engine/run_directory.cpp, isRunFileName).
RUN_FILE_NAMES = frozenset({
    "experiment.json", "experiment.json.tmp", "run.sqlite", "run.sqlite-wal", "run.sqlite-shm", "run.sqlite-journal", "summary.json",
    "checkpoint.mtwck", "checkpoint.mtwck.tmp", "notes.json", "notes.json.tmp", "run.lock"})
# Every method id of `mtw-cli methods`: experiment.json must name one of them, or the workbench
# refuses the run. python/tests/test_cpp_run.py compares this list with mtw-cli's.
WORKBENCH_METHODS = ("ew", "fixed", "gls", "rlw", "sum", "db_mtl", "dwa", "ema_lw", "emtl", "excess_mtl", "famo",
    "gn_scaling", "gradnorm", "imtl", "imtl_l", "stch", "uw", "aligned_mtl", "cagrad", "config", "dual_proj",
    "fairgrad", "graddrop", "gradvac", "imtl_g", "krum", "mgda", "moco", "nash_mtl", "pcgrad", "sdmgrad",
    "trimmed_mean", "upgrad")

# parameters.encoding (src/engine/parameter_blob.h): float32 little-endian, byte-shuffled, zlib.
PARAMETER_ENCODING = "f32le-shuffle-zlib"

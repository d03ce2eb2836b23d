"""MTL Workbench runs from Python: read them, write them from your own PyTorch training, and log
the task-gradient Gramian in one line. Standard library only; torch and pandas are optional.

    from mtw import RunWriter, open_run, task_gramian
"""

from .diagnostics import cosine_matrix, conflict_fraction, direction_diagnostics, magnitude_similarity
from .gramian import task_gramian
from .reader import Run, RunError, Table, open_run, open_runs
from .schema import RUN_SCHEMA, WORKBENCH_METHODS
from .writer import RunWriter, RunWriterError, foreign_experiment

__all__ = ["RUN_SCHEMA", "WORKBENCH_METHODS", "Run", "RunError", "RunWriter", "RunWriterError", "Table",
           "conflict_fraction", "cosine_matrix", "direction_diagnostics", "foreign_experiment",
           "magnitude_similarity", "open_run", "open_runs", "task_gramian"]

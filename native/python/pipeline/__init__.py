"""Pipeline's Python client: runs pipeline specs on pyarrow data by streaming Arrow IPC through ``pipeline ipc``.

    import pipeline
    table, results = pipeline.run(table, {"rules": [{"column": "amount", "greater_than": 0}]})
    profile = pipeline.profile(table)

The process and byte layer (:mod:`pipeline._process`) needs no pyarrow; the table functions load pyarrow when first
used, so ``import pipeline`` works without it.
"""

from typing import Any

from ._process import (EXECUTABLE_VARIABLE, IpcRun, PipelineError, find_executable, merge_states, run_bytes)

__all__ = [
    "run", "profile", "iter_batches", "ray_map_batches", "merge_states", "run_bytes", "IpcRun",
    "PipelineError", "find_executable", "EXECUTABLE_VARIABLE",
]
__version__ = "0.1.0"

_ARROW_FUNCTIONS = {"run", "profile", "iter_batches", "ray_map_batches"}


def __getattr__(name: str) -> Any:
    # The pyarrow layer loads on first use (PEP 562), keeping the package importable where pyarrow is missing.
    if name in _ARROW_FUNCTIONS:
        from . import _arrow
        return getattr(_arrow, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

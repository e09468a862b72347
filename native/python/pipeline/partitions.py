"""Partitioned runs, engine-neutral: the functions a distributed engine's tasks and driver call (Dask in
:mod:`pipeline.dask`; Spark and Ray recipes in docs/distributed.md). Every function runs the ``pipeline`` executable
(``PIPELINE_EXE``, else ``PATH``) and moves only bytes and plain dicts, so tasks pickle cheaply and no pyarrow is
needed.

- :func:`plan` cuts inputs into partition descriptors (``pipeline plan --json``).
- :func:`profile_partition` / :func:`validate_partition` run one descriptor and return its mergeable state (bytes).
- :func:`ipc_state` runs ``pipeline ipc`` on Arrow IPC bytes a task already holds (Spark ``mapInArrow``, Ray
  ``map_batches``) and returns the state.
- :func:`merge` combines states (an inner node of a tree reduction: any order, any grouping, same result).
- :func:`finish` turns the final state into the ``results.json`` and ``profile.json`` dicts one run would write.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from ._process import EXIT_CHECKS_FAILED, EXIT_OK, PipelineError, _last_error_line, _read_json, find_executable

Paths = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]
Rules = Union[str, "os.PathLike[str]", Mapping[str, Any], Sequence[Mapping[str, Any]]]


def plan(paths: Paths, partitions: int = 4, *, input_format: Optional[str] = None) -> List[Dict[str, Any]]:
    """Partition descriptors for ``paths`` (files, folders or globs): dicts with ``file``, ``format``, ``unit``
    (``row_groups``, ``bytes`` or ``whole``), ``start``, ``end``, ``args`` (the options that select the range) and
    ``estimated_rows``/``estimated_bytes``. Files share the ``partitions`` by size."""
    descriptors: List[Dict[str, Any]] = []
    for path in _path_list(paths):
        args = ["plan", path, "--partitions", str(max(1, int(partitions))), "--json"]
        if input_format:
            args += ["--input-format", input_format]
        out, _ = _run(args, "pipeline plan")
        descriptors.extend(json.loads(out.decode("utf-8")))
    for index, descriptor in enumerate(descriptors):
        descriptor["index"] = index
    return descriptors


def options_to_args(options: Optional[Mapping[str, Any]]) -> List[str]:
    """Engine and reader options as command-line arguments: ``batch_size=8192`` → ``--batch-size 8192``, ``True`` →
    a bare flag, ``False``/``None`` → left out, a list → the option repeated."""
    args: List[str] = []
    for key, value in (options or {}).items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                args += [flag, str(item)]
        else:
            args += [flag, str(value)]
    return args


def profile_partition(descriptor: Mapping[str, Any], options: Optional[Mapping[str, Any]] = None) -> bytes:
    """Profiles one partition (``pipeline profile FILE RANGE --state-file``) and returns its state."""
    with tempfile.TemporaryDirectory(prefix="pipeline-part-") as folder:
        state = os.path.join(folder, "part.state")
        _run(["profile", descriptor["file"], *descriptor.get("args", []), "--out", os.path.join(folder, "out"),
              "--no-history", "--state-file", state, *options_to_args(options)], "pipeline profile")
        with open(state, "rb") as file:
            return file.read()


def validate_partition(descriptor: Mapping[str, Any], rules: Rules, *, quarantine_dir: Optional[str] = None,
                       options: Optional[Mapping[str, Any]] = None) -> bytes:
    """Checks ``rules`` on one partition (``pipeline validate FILE RANGE --state``) and returns its state. With
    ``quarantine_dir`` (a folder every worker can write, e.g. shared storage) the partition's rejected rows land in
    ``quarantine_dir/part-NNNNN/quarantine.parquet`` (NNNNN: the descriptor's ``index``); else they are counted only."""
    with tempfile.TemporaryDirectory(prefix="pipeline-part-") as folder:
        state = os.path.join(folder, "part.state")
        rules_path = write_rules(rules, folder)
        out = os.path.join(quarantine_dir, "part-%05d" % int(descriptor.get("index", 0))) if quarantine_dir \
            else os.path.join(folder, "out")
        _run(["validate", descriptor["file"], *descriptor.get("args", []), "--rules", rules_path, "--out", out,
              "--no-history", "--state", state, *options_to_args(options)], "pipeline validate",
             ok=(EXIT_OK, EXIT_CHECKS_FAILED))
        with open(state, "rb") as file:
            return file.read()


def ipc_state(ipc: Union[bytes, Iterable[bytes]], spec: Mapping[str, Any], name: str, *,
              profile: bool = False, quarantine: Optional[str] = None) -> bytes:
    """Runs ``pipeline ipc`` over Arrow IPC stream bytes (a Spark or Ray task's batches) with ``spec`` and returns the
    run's state; ``name`` orders and identifies the task's rows among the merged states (unique per task, e.g. the
    partition id). The output batches are discarded."""
    from ._process import IpcRun
    with tempfile.TemporaryDirectory(prefix="pipeline-ipc-state-") as folder:
        state = os.path.join(folder, "task.state")
        run_spec = dict(spec)
        if profile:
            run_spec["profile"] = True
        with IpcRun(run_spec, quarantine=quarantine, extra_args=["--state", state, "--partition-name", name]) as run:
            run.feed_bytes([ipc] if isinstance(ipc, (bytes, bytearray, memoryview)) else ipc)
            while run.stdout.read(1 << 20):
                pass
            run.finish()
        with open(state, "rb") as file:
            return file.read()


def merge(states: Sequence[bytes]) -> bytes:
    """Merges states into one (``pipeline merge --state-only``). Associative and commutative: a merge keeps every
    partition's state and :func:`finish` folds them in file order, so any tree of merges gives the same result."""
    if not states:
        raise PipelineError("merge needs at least one state")
    if len(states) == 1:
        return bytes(states[0])
    with tempfile.TemporaryDirectory(prefix="pipeline-merge-") as folder:
        paths = []
        for i, state in enumerate(states):
            paths.append(os.path.join(folder, "in-%d.state" % i))
            with open(paths[-1], "wb") as file:
                file.write(state)
        out = os.path.join(folder, "out")
        _run(["merge", *paths, "--out", out, "--state-only"], "pipeline merge")
        with open(os.path.join(out, "merged.state"), "rb") as file:
            return file.read()


def finish(state: bytes) -> Tuple[Optional[Dict[str, Any]], Optional[Dict[str, Any]]]:
    """The ``results.json`` and ``profile.json`` dicts one run over all the state's partitions would have written
    (``results`` is None for profile states; ``profile`` None when the runs did not profile)."""
    with tempfile.TemporaryDirectory(prefix="pipeline-finish-") as folder:
        path = os.path.join(folder, "final.state")
        with open(path, "wb") as file:
            file.write(state)
        out = os.path.join(folder, "out")
        _run(["merge", path, "--out", out], "pipeline merge", ok=(EXIT_OK, EXIT_CHECKS_FAILED))
        return _read_json(os.path.join(out, "results.json")), _read_json(os.path.join(out, "profile.json"))


def write_rules(rules: Rules, folder: str) -> str:
    """A rules file for ``rules``: a path is used as it is; a dict (``{"rules": [...]}``) or a list of rule dicts is
    written as JSON (which the YAML rules reader reads)."""
    if isinstance(rules, (str, os.PathLike)):
        path = os.fspath(rules)
        if not os.path.isfile(path):
            raise PipelineError(f"{path}: rules file not found")
        return path
    document = dict(rules) if isinstance(rules, Mapping) else {"rules": list(rules)}
    path = os.path.join(folder, "rules.json")
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file)
    return path


def _path_list(paths: Paths) -> List[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _run(args: Sequence[str], what: str, ok: Sequence[int] = (EXIT_OK,)) -> Tuple[bytes, str]:
    completed = subprocess.run(list(find_executable()) + list(args), stdin=subprocess.DEVNULL, capture_output=True)
    stderr = completed.stderr.decode("utf-8", errors="replace")
    if completed.returncode not in ok:
        raise PipelineError(_last_error_line(stderr) or f"{what} exited with code {completed.returncode}",
                            completed.returncode, stderr)
    return completed.stdout, stderr

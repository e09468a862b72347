"""The pyarrow layer of the Pipeline client: tables and record batches in and out of ``pipeline ipc``.

The byte and process handling is in :mod:`pipeline._process`; this module only converts between pyarrow objects and
Arrow IPC streams.
"""

from __future__ import annotations

import os
import uuid
from typing import IO, Any, Callable, Dict, Iterable, Iterator, Optional, Sequence, Tuple, Union

import pyarrow as pa
import pyarrow.ipc as ipc

from ._process import IpcRun, PipelineError, Spec

TableOrBatches = Union[pa.Table, pa.RecordBatch, pa.RecordBatchReader, Iterable[pa.RecordBatch]]


def _batches_and_schema(data: TableOrBatches, schema: Optional[pa.Schema]) -> Tuple[pa.Schema, Iterable[pa.RecordBatch]]:
    if isinstance(data, pa.Table):
        return data.schema, data.to_batches()
    if isinstance(data, pa.RecordBatch):
        return data.schema, [data]
    if isinstance(data, pa.RecordBatchReader):
        return data.schema, data
    iterator = iter(data)
    if schema is not None:
        return schema, iterator
    try:
        first = next(iterator)
    except StopIteration:
        raise PipelineError("no batches and no schema: pass schema= for an empty input") from None

    def chained() -> Iterator[pa.RecordBatch]:
        yield first
        yield from iterator
    return first.schema, chained()


def _writer(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Callable[[IO[bytes]], None]:
    def write(stdin: IO[bytes]) -> None:
        # Uncompressed: the engine reads LZ4/ZSTD too, but plain buffers cost nothing to decode on a local pipe.
        with ipc.new_stream(stdin, schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
    return write


def iter_batches(batches: Iterable[pa.RecordBatch], spec: Spec, *, schema: Optional[pa.Schema] = None,
                 state_out: Optional[str] = None, quarantine: Optional[str] = None,
                 extra_args: Sequence[str] = (), results: Optional[Dict[str, Any]] = None) -> Iterator[pa.RecordBatch]:
    """Streams batches through ``pipeline ipc`` and yields the output batches as they come, in input order. Memory
    stays bounded: input is written while output is read. This is the form for Spark ``mapInArrow`` and Ray
    ``map_batches`` (see the README). Pass a dict as ``results`` to receive the results document when the iterator
    ends; ``state_out`` writes this partition's mergeable profile state (see :func:`merge_states`).
    Raises :class:`PipelineError` when the run fails."""
    input_schema, source = _batches_and_schema(batches, schema)
    with IpcRun(spec, state_out=state_out, quarantine=quarantine, extra_args=extra_args) as run:
        run.feed(_writer(input_schema, source))
        try:
            reader = ipc.open_stream(run.stdout)
            for batch in reader:
                yield batch
        except pa.ArrowException as error:
            # A truncated or missing stream means the process failed: its own message is the useful one.
            run.finish()
            raise PipelineError(f"reading the output of pipeline ipc failed: {error}") from error
        document = run.finish()
    if results is not None:
        results.update(document)


def run(data: TableOrBatches, spec: Spec, *, schema: Optional[pa.Schema] = None, profile: bool = False,
        state_out: Optional[str] = None, quarantine: Optional[str] = None,
        extra_args: Sequence[str] = ()) -> Tuple[pa.Table, Dict[str, Any]]:
    """Runs a spec (a dict, or a YAML/JSON file) on a table or batches and returns ``(output table, results)``.
    ``results`` is the ``results.json`` document (docs/results-schema.md); with ``profile=True`` its ``profile`` key
    holds the profile (docs/profile-schema.md). Rows failing error rules are quarantined (``quarantine=`` writes them
    to a file) and ``results["status"]`` is then ``"checks_failed"``. Raises :class:`PipelineError` when the run fails."""
    input_schema, source = _batches_and_schema(data, schema)
    with IpcRun(spec, profile=profile, state_out=state_out, quarantine=quarantine, extra_args=extra_args) as process:
        process.feed(_writer(input_schema, source))
        try:
            table = ipc.open_stream(process.stdout).read_all()
        except pa.ArrowException as error:
            process.finish()
            raise PipelineError(f"reading the output of pipeline ipc failed: {error}") from error
        results = process.finish()
    return table, results


def profile(data: TableOrBatches, *, schema: Optional[pa.Schema] = None, state_out: Optional[str] = None) -> Dict[str, Any]:
    """Profiles a table or batches and returns the profile (docs/profile-schema.md) as a dict."""
    _, results = run(data, {"profile": True}, schema=schema, profile=True, state_out=state_out)
    return results["profile"]


def ray_map_batches(spec: Spec, *, state_dir: Optional[str] = None, **options: Any) -> Callable[[pa.Table], pa.Table]:
    """A function for Ray ``Dataset.map_batches(fn, batch_format="pyarrow")``: each block goes through ``pipeline
    ipc`` as one run. With ``state_dir``, each block's mergeable profile state is written there under a unique name
    (``<uuid>.state``), for :func:`merge_states`. Other keyword arguments go to :func:`run`."""
    def apply(table: pa.Table) -> pa.Table:
        state_out = os.path.join(state_dir, f"{uuid.uuid4().hex}.state") if state_dir else None
        output, _ = run(table, spec, state_out=state_out, **options)
        return output
    return apply

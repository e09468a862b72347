"""Partitioned Pipeline runs on a Dask cluster (``distributed``), with exact merges; no pyarrow needed.

    from distributed import Client
    import pipeline.dask
    client = Client("scheduler:8786")
    profile = pipeline.dask.profile("s3-mounted/orders/*.parquet", client=client, partitions=64)
    results = pipeline.dask.validate("orders.csv", "rules.yaml", client=client, quarantine_dir="/shared/q")

One task per partition descriptor (:func:`pipeline.partitions.plan`) runs the ``pipeline`` executable on its range
(``PIPELINE_EXE`` on the workers, else ``PATH``) and returns the state's bytes; the states are merged in a tree of
merge tasks (``fan_in`` at a time) and the last task turns the root state into the dicts ``pipeline profile`` and
``pipeline validate`` write. A task lost with its worker is run again by Dask (``retries``); states carry their
partition, so a partition merged twice is refused, never counted twice.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence

from . import partitions as _partitions

__all__ = ["profile", "validate", "tree_merge"]


def profile(paths: _partitions.Paths, client: Any = None, partitions: Optional[int] = None, *,
            input_format: Optional[str] = None, retries: int = 3, fan_in: int = 8, **options: Any) -> Dict[str, Any]:
    """The ``profile.json`` of ``paths`` (files, folders, globs), computed by one Dask task per partition.
    ``partitions`` defaults to twice the cluster's worker threads; ``options`` are ``pipeline profile`` options
    (``top=20``, ``parallelism=1``, ``columns="a,b"``)."""
    client = _client(client)
    descriptors = _partitions.plan(paths, partitions or _default_partitions(client), input_format=input_format)
    states = [client.submit(_partitions.profile_partition, d, options, key=_key("profile", d), retries=retries, pure=False)
              for d in descriptors]
    root = tree_merge(client, states, fan_in=fan_in, retries=retries)
    _, merged = client.submit(_partitions.finish, root, retries=retries, pure=False).result()
    return merged


def validate(paths: _partitions.Paths, rules: _partitions.Rules, client: Any = None, partitions: Optional[int] = None, *,
             quarantine_dir: Optional[str] = None, input_format: Optional[str] = None, retries: int = 3, fan_in: int = 8,
             **options: Any) -> Dict[str, Any]:
    """The ``results.json`` of ``pipeline validate`` over ``paths`` with ``rules`` (a rules file, a ``{"rules": [...]}``
    dict or a list of rule dicts), computed by one Dask task per partition: rows, every rule's outcome (uniqueness
    across partitions included), status and quality score. With ``quarantine_dir`` (storage all workers share)
    each partition's rejected rows go to ``quarantine_dir/part-NNNNN/quarantine.parquet``."""
    client = _client(client)
    descriptors = _partitions.plan(paths, partitions or _default_partitions(client), input_format=input_format)
    states = [client.submit(_partitions.validate_partition, d, rules, quarantine_dir=quarantine_dir, options=options,
                            key=_key("validate", d), retries=retries, pure=False) for d in descriptors]
    root = tree_merge(client, states, fan_in=fan_in, retries=retries)
    results, _ = client.submit(_partitions.finish, root, retries=retries, pure=False).result()
    return results


def tree_merge(client: Any, states: Sequence[Any], *, fan_in: int = 8, retries: int = 3,
               merge: Callable[[Sequence[bytes]], bytes] = _partitions.merge) -> Any:
    """Reduces state futures level by level, ``fan_in`` at a time, with merge tasks on the cluster; returns the
    future of the root state."""
    level: List[Any] = list(states)
    if not level:
        raise ValueError("nothing to merge: the plan has no partition")
    fan_in = max(2, int(fan_in))
    while len(level) > 1:
        level = [client.submit(_merge_group, *level[i:i + fan_in], merge=merge, retries=retries, pure=False)
                 if len(level[i:i + fan_in]) > 1 else level[i]
                 for i in range(0, len(level), fan_in)]
    return level[0]


def _merge_group(*states: bytes, merge: Callable[[Sequence[bytes]], bytes]) -> bytes:
    return merge(list(states))


def _client(client: Any) -> Any:
    if client is not None:
        return client
    from distributed import default_client
    try:
        return default_client()
    except ValueError as error:
        raise ValueError("no Dask client: pass client= or create a distributed.Client first") from error


def _default_partitions(client: Any) -> int:
    try:
        threads = sum(client.nthreads().values())
    except Exception:  # a client without a scheduler answer: a sensible small default
        threads = 4
    return max(1, 2 * threads)


def _key(kind: str, descriptor: Dict[str, Any]) -> str:
    import uuid
    return "pipeline-%s-%05d-%s" % (kind, int(descriptor.get("index", 0)), uuid.uuid4().hex[:8])

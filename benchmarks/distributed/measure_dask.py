"""Measures pipeline.dask against one process on the benchmark Parquet file (benchmarks/README.md, `generate`).

    flock /tmp/pipeline-build.lock /usr/bin/python3 benchmarks/distributed/measure_dask.py profile benchmarks/data/bench_10000000.parquet [PARTITIONS [TASK_PARALLELISM]]

Prints one JSON line: the single-process wall time, the 4-worker LocalCluster wall time (cluster start excluded), the
speedup, the partition count, the state sizes, and whether the results are equal (counts exact, moments to 1e-9).
Needs Debian's python3-distributed (/usr/bin/python3) and PIPELINE_EXE (else the Release build).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPOSITORY, "native", "python"))
os.environ.setdefault("PIPELINE_EXE", os.path.join(REPOSITORY, "src", "Pipeline.Cli", "bin", "Release", "net10.0", "linux-x64", "pipeline"))

RULES = {"rules": [
    {"name": "id_unique", "column": "id", "unique": True},
    {"name": "amount_positive", "column": "amount", "greater_than": 0},
    {"name": "amount_mean", "column": "amount", "mean_between": [0, 100000]},
    {"name": "customer_distinct", "column": "customer", "distinct_count_between": [1, 10000000]},
]}


def single(command, path, folder, rules_path):
    args = [os.environ["PIPELINE_EXE"], command, path, "--out", folder, "--no-history"]
    if command == "validate":
        args += ["--rules", rules_path]
    started = time.perf_counter()
    completed = subprocess.run(args, capture_output=True)
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise SystemExit(completed.stderr.decode())
    with open(os.path.join(folder, "results.json" if command == "validate" else "profile.json")) as file:
        return seconds, json.load(file)


def equal(command, a, b):
    if command == "validate":
        return a["rows"] == b["rows"] and a["status"] == b["status"] and all(
            (x["name"], x["passed"], x["failed_rows"]) == (y["name"], y["passed"], y["failed_rows"]) for x, y in zip(a["rules"], b["rules"])) \
            and a["quality"] == b["quality"]
    same = a["row_count"] == b["row_count"] and a["duplicate_row_count"] == b["duplicate_row_count"]
    for x, y in zip(a["columns"], b["columns"]):
        same &= all(x.get(k) == y.get(k) for k in ("count", "null_count", "distinct_count", "min", "max"))
        if x.get("mean") is not None:
            same &= abs(x["mean"] - y["mean"]) <= 1e-9 * max(1, abs(x["mean"]))
    return same


def main():
    command, path = sys.argv[1], sys.argv[2]
    partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    # Each task's process gets this many worker threads (the cluster's parallelism comes from the tasks).
    parallelism = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    from distributed import Client, LocalCluster
    import pipeline.dask
    from pipeline import partitions as parts
    with tempfile.TemporaryDirectory() as folder:
        rules_path = os.path.join(folder, "rules.json")
        with open(rules_path, "w") as file:
            json.dump(RULES, file)
        one_seconds, one = single(command, path, os.path.join(folder, "one"), rules_path)
        with LocalCluster(n_workers=4, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50) as cluster, \
                Client(cluster) as client:
            started = time.perf_counter()
            if command == "validate":
                merged = pipeline.dask.validate(path, RULES, client=client, partitions=partitions, parallelism=parallelism)
            else:
                merged = pipeline.dask.profile(path, client=client, partitions=partitions, parallelism=parallelism)
            dask_seconds = time.perf_counter() - started
        descriptor = parts.plan(path, partitions)[0]
        state = parts.validate_partition(descriptor, RULES) if command == "validate" else parts.profile_partition(descriptor)
        print(json.dumps({
            "command": command, "file": os.path.basename(path), "partitions": partitions, "workers": 4, "task_parallelism": parallelism,
            "cores": os.cpu_count(), "load_before": os.getloadavg()[0],
            "one_process_s": round(one_seconds, 2), "dask_s": round(dask_seconds, 2),
            "speedup": round(one_seconds / dask_seconds, 2), "first_partition_state_bytes": len(state),
            "equal": equal(command, one, merged),
        }))


if __name__ == "__main__":
    main()

"""pipeline.partitions, the engine-neutral functions the Dask module and the Spark and Ray recipes (docs/distributed.md)
share: run without a cluster, as a Spark ``mapInArrow`` or Ray ``map_batches`` task would call them (a fake task
context: each "task" holds the Arrow IPC bytes of its partition), then merged on the "driver"."""

import os
import random
import tempfile
import unittest

from tests.support import arrow_stream_of, use_built_executable

from pipeline import partitions
from pipeline._process import PipelineError

SPEC = {"rules": [
    {"name": "amount_positive", "column": "amount", "greater_than": 0},
    {"name": "id_unique", "column": "id", "unique": True},
    {"name": "amount_mean", "column": "amount", "mean_between": [0, 100]},
]}


class FakeTaskContext:
    """Stands in for Spark's TaskContext / Ray's actor: a partition id and the task's input batches as IPC bytes."""

    def __init__(self, partition_id, ipc):
        self.partition_id = partition_id
        self.ipc = ipc


class PartitionFunctionsTests(unittest.TestCase):
    def setUp(self):
        use_built_executable()
        self.temp = tempfile.TemporaryDirectory(prefix="pipeline-partitions-test-")
        self.folder = self.temp.name
        rng = random.Random(5)
        # Three partition files of one table; ids 0..9 repeat in the last one (duplicates across tasks).
        self.files = []
        for part in range(3):
            lines = ["id,amount"]
            for i in range(40):
                ident = part * 40 + i if part < 2 else i % 10
                lines.append(f"{ident},{rng.uniform(-5, 60):.2f}")
            path = os.path.join(self.folder, "data", f"part-{part}.csv")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as file:
                file.write("\n".join(lines) + "\n")
            self.files.append(path)

    def tearDown(self):
        self.temp.cleanup()

    def test_task_states_merged_on_the_driver_equal_one_run_over_all_partitions(self):
        tasks = [FakeTaskContext(i, arrow_stream_of(path)) for i, path in enumerate(self.files)]
        # What each Spark/Ray task does: its batches through `pipeline ipc`, the state bytes out.
        states = [partitions.ipc_state(task.ipc, SPEC, name="%05d" % task.partition_id) for task in reversed(tasks)]
        # The driver: merge in any grouping, then finish.
        root = partitions.merge([partitions.merge(states[:2]), states[2]])
        merged, profile = partitions.finish(root)
        self.assertIsNone(profile)

        whole_state = partitions.validate_partition({"file": os.path.join(self.folder, "data"), "args": []}, SPEC)
        whole, _ = partitions.finish(whole_state)
        self.assertEqual(whole["rows"], merged["rows"])
        for a, b in zip(whole["rules"], merged["rules"]):
            self.assertEqual((a["name"], a["passed"], a["failed_rows"]), (b["name"], b["passed"], b["failed_rows"]))
        # Ids 0..9 of the last task are also in the first: only the merge sees those duplicates.
        alone = sum(partitions.finish(s)[0]["rules"][1]["failed_rows"] for s in states)
        self.assertGreater(merged["rules"][1]["failed_rows"], alone)
        self.assertEqual(whole["quality"]["score"], merged["quality"]["score"])

    def test_a_state_merged_twice_is_refused(self):
        state = partitions.ipc_state(arrow_stream_of(self.files[0]), SPEC, name="a")
        with self.assertRaises(PipelineError) as caught:
            partitions.merge([state, state])
        self.assertIn("overlaps", str(caught.exception))

    def test_plan_and_options(self):
        descriptors = partitions.plan(os.path.join(self.folder, "data"), 3)
        self.assertEqual(sorted(self.files), sorted(d["file"] for d in descriptors))
        self.assertEqual(["--parallelism", "1", "--no-infer", "--columns", "a", "--columns", "b"],
                         partitions.options_to_args({"parallelism": 1, "no_infer": True, "skip": False, "columns": ["a", "b"]}))


if __name__ == "__main__":
    unittest.main()

"""The pyarrow layer. Skipped (and counted as skipped) where pyarrow is not installed."""

import datetime
import os
import tempfile
import unittest

from tests import support

try:
    import pyarrow as pa
except ImportError:  # no pyarrow here: every test in this module is skipped
    pa = None

support.use_built_executable()

import pipeline  # noqa: E402

needs_pyarrow = unittest.skipIf(pa is None, "pyarrow is not installed")


def sample_table():
    return pa.table({
        "id": pa.array([1, 2, None, 4], pa.int64()),
        "price": pa.array([1.5, None, -2.25, 1e300], pa.float64()),
        "name": pa.array(["a", "ü€", None, ""], pa.string()),
        "ok": pa.array([True, None, False, True], pa.bool_()),
        "at": pa.array([datetime.datetime(2024, 1, 1, 12, 0, 0, 123456), None,
                        datetime.datetime(1969, 12, 31, 23, 59, 59), datetime.datetime(2100, 2, 28)], pa.timestamp("us")),
    })


@needs_pyarrow
class RunTests(unittest.TestCase):
    def test_values_and_nulls_survive_the_round_trip(self):
        table = sample_table()
        output, results = pipeline.run(table, {})
        self.assertEqual("ok", results["status"])
        self.assertEqual(table.num_rows, results["rows"]["written"])
        self.assertEqual(table.to_pylist(), output.to_pylist())

    def test_rules_quarantine_failing_rows(self):
        table = sample_table()
        output, results = pipeline.run(table, {"rules": [{"name": "positive", "column": "price", "greater_than": 0}]})
        self.assertEqual("checks_failed", results["status"])
        self.assertEqual(table.num_rows, output.num_rows + results["rows"]["quarantined"])
        self.assertTrue(all(p is None or p > 0 for p in output.column("price").to_pylist()))

    def test_batches_with_different_dictionaries_keep_their_values(self):
        kind = pa.dictionary(pa.int32(), pa.string())
        batches = [
            pa.record_batch([pa.DictionaryArray.from_arrays(pa.array([0, 1, 0, None], pa.int32()), pa.array(["red", "blue"]))], names=["color"]),
            pa.record_batch([pa.DictionaryArray.from_arrays(pa.array([1, 0, 2], pa.int32()), pa.array(["green", "black", "white"]))], names=["color"]),
        ]
        self.assertEqual(kind, batches[0].schema.field("color").type)
        output, _ = pipeline.run(batches, {})
        values = output.column("color").to_pylist()
        self.assertEqual(["red", "blue", "red", None, "black", "green", "white"], values)

    def test_an_empty_input_needs_a_schema(self):
        schema = pa.schema([("x", pa.int64())])
        output, results = pipeline.run([], {}, schema=schema)
        self.assertEqual(0, output.num_rows)
        self.assertEqual(0, results["rows"]["written"])
        with self.assertRaises(pipeline.PipelineError):
            pipeline.run([], {})

    def test_a_bad_spec_raises_with_the_stderr_text(self):
        with self.assertRaises(pipeline.PipelineError) as caught:
            pipeline.run(sample_table(), {"rules": [{"name": "x", "column": "id", "greater_thn": 1}]})
        self.assertEqual(2, caught.exception.returncode)
        self.assertIn("greater_than", caught.exception.stderr)


@needs_pyarrow
class IteratorTests(unittest.TestCase):
    def test_iter_batches_streams_in_input_order(self):
        batches = [pa.record_batch([pa.array(range(i * 1000, (i + 1) * 1000), pa.int64())], names=["n"]) for i in range(20)]
        results = {}
        output = list(pipeline.iter_batches(iter(batches), {"options": {"batch_size": 1000}}, results=results))
        self.assertEqual(list(range(20_000)), [v for b in output for v in b.column(0).to_pylist()])
        self.assertEqual(20_000, results["rows"]["written"])

    def test_ray_map_batches_function_maps_a_table(self):
        function = pipeline.ray_map_batches({"rules": [{"name": "positive", "column": "price", "greater_than": 0}]})
        output = function(sample_table())
        self.assertEqual(["price"], [n for n in output.column_names if n == "price"])
        self.assertTrue(all(p is None or p > 0 for p in output.column("price").to_pylist()))

    def test_ray_map_batches_writes_one_mergeable_state_per_block(self):
        with tempfile.TemporaryDirectory() as folder:
            function = pipeline.ray_map_batches({}, state_dir=folder)
            table = pa.table({"x": pa.array(range(100), pa.int64())})
            function(table.slice(0, 30))
            function(table.slice(30))
            states = [os.path.join(folder, name) for name in os.listdir(folder)]
            self.assertEqual(2, len(states))
            self.assertEqual(100, pipeline.merge_states(states)["row_count"])


@needs_pyarrow
class ProfileTests(unittest.TestCase):
    def test_profile_returns_the_profile_document(self):
        profile = pipeline.profile(sample_table())
        self.assertEqual(4, profile["row_count"])
        price = next(c for c in profile["columns"] if c["name"] == "price")
        self.assertEqual(1, price["null_count"])

    def test_partition_states_merge(self):
        table = pa.table({"x": pa.array(range(1000), pa.int64())})
        with tempfile.TemporaryDirectory() as folder:
            a, b = os.path.join(folder, "a.state"), os.path.join(folder, "b.state")
            pipeline.profile(table.slice(0, 400), state_out=a)
            pipeline.profile(table.slice(400), state_out=b)
            merged = pipeline.merge_states([a, b])
        self.assertEqual(1000, merged["row_count"])
        x = next(c for c in merged["columns"] if c["name"] == "x")
        self.assertAlmostEqual(499.5, x["mean"])


if __name__ == "__main__":
    unittest.main()

"""The process and byte layer, with Arrow IPC bytes produced by the engine itself (no pyarrow needed)."""

import ast
import os
import subprocess
import sys
import tempfile
import unittest

from tests import support

support.use_built_executable()

import pipeline  # noqa: E402  (after the executable is configured)
from pipeline import _process  # noqa: E402

ORDERS = support.repository_file("examples", "orders", "orders.csv")
ORDERS_RULES = {"rules": [
    {"name": "amount_positive", "column": "amount", "greater_than": 0},
    {"name": "status_valid", "column": "status", "in_set": ["new", "paid", "shipped"]},
]}
IPC_CONTINUATION = b"\xff\xff\xff\xff"


class FindExecutableTests(unittest.TestCase):
    def test_the_environment_variable_wins(self):
        self.assertEqual([os.environ["PIPELINE_EXE"]], pipeline.find_executable())

    def test_a_missing_configured_file_is_named_in_the_error(self):
        saved = os.environ["PIPELINE_EXE"]
        try:
            os.environ["PIPELINE_EXE"] = "/nonexistent/pipeline"
            with self.assertRaises(pipeline.PipelineError) as caught:
                pipeline.find_executable()
            self.assertIn("/nonexistent/pipeline", str(caught.exception))
        finally:
            os.environ["PIPELINE_EXE"] = saved

    def test_without_the_variable_path_is_searched(self):
        saved_exe, saved_path = os.environ.pop("PIPELINE_EXE"), os.environ.get("PATH", "")
        try:
            os.environ["PATH"] = os.path.dirname(saved_exe)
            self.assertEqual([saved_exe], pipeline.find_executable())
            os.environ["PATH"] = tempfile.gettempdir()
            with self.assertRaises(pipeline.PipelineError) as caught:
                pipeline.find_executable()
            self.assertIn("PIPELINE_EXE", str(caught.exception))
        finally:
            os.environ["PIPELINE_EXE"], os.environ["PATH"] = saved_exe, saved_path


class RunBytesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.orders = support.arrow_stream_of(ORDERS)

    def test_the_output_is_an_arrow_stream_holding_every_row_that_passed(self):
        output, results = pipeline.run_bytes(ORDERS_RULES, self.orders)
        self.assertTrue(output.startswith(IPC_CONTINUATION))
        self.assertEqual("ok", results["status"])
        rows = results["rows"]
        self.assertEqual(238, rows["read"])
        self.assertEqual(rows["read"], rows["written"] + rows["quarantined"])
        self.assertEqual(["amount_positive", "status_valid"], [r["name"] for r in results["rules"]])
        csv = support.csv_of_stream(output)
        self.assertEqual(rows["written"] + 1, len(csv.splitlines()))
        self.assertTrue(csv.startswith("order_id,customer_id,ordered_at"))

    def test_bytes_split_at_odd_places_read_the_same(self):
        chunks = [self.orders[i:i + 7] for i in range(0, len(self.orders), 7)]
        whole, _ = pipeline.run_bytes({}, self.orders)
        split, results = pipeline.run_bytes({}, iter(chunks))
        self.assertEqual(support.csv_of_stream(whole), support.csv_of_stream(split))
        self.assertEqual(238, results["rows"]["written"])

    def test_a_failed_error_rule_returns_results_with_checks_failed(self):
        spec = {"rules": [{"name": "big", "column": "amount", "greater_than": 100}]}
        with tempfile.TemporaryDirectory() as folder:
            rejects = os.path.join(folder, "rejects.csv")
            output, results = pipeline.run_bytes(spec, self.orders, quarantine=rejects)
            self.assertEqual("checks_failed", results["status"])
            quarantined = results["rows"]["quarantined"]
            self.assertGreater(quarantined, 0)
            self.assertEqual(238, results["rows"]["written"] + quarantined)
            with open(rejects, encoding="utf-8") as file:
                self.assertEqual(quarantined + 1, len(file.read().splitlines()))
            self.assertEqual(results["rows"]["written"] + 1, len(support.csv_of_stream(output).splitlines()))

    def test_checks_failed_can_raise(self):
        spec = {"rules": [{"name": "big", "column": "amount", "greater_than": 100}]}
        with pipeline.IpcRun(spec) as run:
            run.feed_bytes([self.orders])
            run.stdout.read()
            with self.assertRaises(pipeline.PipelineError) as caught:
                run.finish(raise_on_checks_failed=True)
        self.assertEqual(1, caught.exception.returncode)
        self.assertEqual("checks_failed", caught.exception.results["status"])

    def test_bytes_that_are_not_arrow_raise_with_the_stderr_text(self):
        with self.assertRaises(pipeline.PipelineError) as caught:
            pipeline.run_bytes({}, b"order_id,amount\n1,2\n")
        error = caught.exception
        self.assertEqual(2, error.returncode)
        self.assertIn("standard input", error.stderr)
        self.assertIn("standard input", str(error))
        self.assertEqual("error", error.results["status"])

    def test_an_invalid_spec_raises_with_the_line_and_a_suggestion(self):
        spec = {"rules": [{"name": "x", "column": "amount", "greater_thn": 1}]}
        with self.assertRaises(pipeline.PipelineError) as caught:
            pipeline.run_bytes(spec, self.orders)
        self.assertEqual(2, caught.exception.returncode)
        self.assertIn("greater_than", caught.exception.stderr)

    def test_a_spec_file_is_passed_as_is(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "spec.yaml")
            with open(path, "w", encoding="utf-8") as file:
                file.write("rules:\n  - {name: positive, column: amount, greater_than: 0}\n")
            _, results = pipeline.run_bytes(path, self.orders)
        self.assertEqual(path, results["spec"])
        self.assertEqual(["positive"], [r["name"] for r in results["rules"]])

    def test_a_large_stream_flows_both_ways_without_deadlock(self):
        # Far more than a pipe buffer (64 KiB) in and out at once: works only if stdin is written while stdout is read.
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "big.csv")
            with open(path, "w", encoding="utf-8") as file:
                file.write("id,name,value\n")
                for i in range(200_000):
                    file.write(f"{i},name-{i % 977},{i * 0.5}\n")
            data = support.arrow_stream_of(path)
        self.assertGreater(len(data), 4 << 20)
        chunks = (data[i:i + 65536] for i in range(0, len(data), 65536))
        output, results = pipeline.run_bytes({"options": {"batch_size": 8192}}, chunks)
        self.assertEqual(200_000, results["rows"]["written"])
        self.assertGreater(len(output), 4 << 20)

    def test_profile_is_returned_inside_the_results(self):
        _, results = pipeline.run_bytes({}, self.orders, profile=True)
        self.assertEqual(238, results["profile"]["row_count"])
        self.assertIn("amount", [c["name"] for c in results["profile"]["columns"]])


class MergeStatesTests(unittest.TestCase):
    def test_partition_states_merge_into_the_profile_of_the_whole(self):
        with open(support.corpus_file("seaborn-data", "tips.csv"), encoding="utf-8") as file:
            lines = file.read().splitlines()
        with tempfile.TemporaryDirectory() as folder:
            parts = {"a": lines[:101], "b": lines[:1] + lines[101:], "all": lines}
            states = {}
            profiles = {}
            for name, part in parts.items():
                csv = os.path.join(folder, name + ".csv")
                with open(csv, "w", encoding="utf-8") as file:
                    file.write("\n".join(part) + "\n")
                states[name] = os.path.join(folder, name + ".state")
                _, results = pipeline.run_bytes({}, support.arrow_stream_of(csv), profile=True, state_out=states[name])
                profiles[name] = results["profile"]
            merged = pipeline.merge_states([states["a"], states["b"]])
        self.assertEqual(244, merged["row_count"])
        self.assertEqual(profiles["all"]["duplicate_row_count"], merged["duplicate_row_count"])

        def mean(profile, column):
            return next(c for c in profile["columns"] if c["name"] == column)["mean"]
        self.assertAlmostEqual(mean(profiles["all"], "total_bill"), mean(merged, "total_bill"), places=9)

    def test_a_missing_state_raises_with_its_name(self):
        with self.assertRaises(pipeline.PipelineError) as caught:
            pipeline.merge_states(["/nonexistent/a.state"])
        self.assertIn("/nonexistent/a.state", caught.exception.stderr)


class LayeringTests(unittest.TestCase):
    def test_the_process_layer_has_no_pyarrow_import(self):
        with open(_process.__file__, encoding="utf-8") as file:
            tree = ast.parse(file.read())
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        self.assertFalse([name for name in imported if name.split(".")[0] == "pyarrow"], imported)

    def test_the_package_imports_and_runs_bytes_where_pyarrow_cannot_load(self):
        # None in sys.modules makes any `import pyarrow` fail, as on a machine without it.
        script = ("import sys; sys.modules['pyarrow'] = None; sys.path.insert(0, sys.argv[1]); import pipeline; "
                  "out, results = pipeline.run_bytes({}, sys.stdin.buffer.read()); print(results['rows']['written'])")
        completed = subprocess.run([sys.executable, "-c", script, support.PACKAGE_ROOT],
                                   input=support.arrow_stream_of(ORDERS), capture_output=True, check=False)
        self.assertEqual(0, completed.returncode, completed.stderr.decode())
        self.assertEqual(b"238", completed.stdout.strip())


if __name__ == "__main__":
    unittest.main()

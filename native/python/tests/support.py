"""Test helpers: locating the built ``pipeline`` executable and the repository's data, and making Arrow IPC bytes
with the engine itself (``pipeline convert FILE -``), so no pyarrow is needed."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPOSITORY = os.path.abspath(os.path.join(PACKAGE_ROOT, "..", ".."))
BUILT_EXECUTABLE = os.path.join(REPOSITORY, "src", "Pipeline.Cli", "bin", "Release", "net10.0", "linux-x64", "pipeline")

if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)


def use_built_executable() -> str:
    """Points PIPELINE_EXE at the Release build unless it is already set; fails clearly when there is none."""
    configured = os.environ.get("PIPELINE_EXE")
    if configured:
        return configured
    if not os.path.isfile(BUILT_EXECUTABLE):
        raise RuntimeError(f"build the CLI first (dotnet build src/Pipeline.Cli -c Release): {BUILT_EXECUTABLE} is missing")
    os.environ["PIPELINE_EXE"] = BUILT_EXECUTABLE
    return BUILT_EXECUTABLE


def repository_file(*parts: str) -> str:
    return os.path.join(REPOSITORY, *parts)


def corpus_file(*parts: str) -> str:
    root = os.environ.get("PIPELINE_CORPUS") or os.path.join(REPOSITORY, "..", "shared", "corpus")
    return os.path.join(root, *parts)


def arrow_stream_of(path: str) -> bytes:
    """The Arrow IPC stream the engine writes for a file (``pipeline convert PATH -``)."""
    completed = subprocess.run([use_built_executable(), "convert", path, "-"], capture_output=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"pipeline convert {path} - failed: {completed.stderr.decode()}")
    return completed.stdout


def csv_of_stream(data: bytes) -> str:
    """Reads an Arrow IPC stream back with the engine (``pipeline convert - out.csv``) and returns the CSV text."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "out.csv")
        completed = subprocess.run([use_built_executable(), "convert", "-", out, "--input-format", "arrows"],
                                   input=data, capture_output=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"pipeline convert - failed: {completed.stderr.decode()}")
        with open(out, encoding="utf-8") as file:
            return file.read()

"""The process and byte layer of the Pipeline client: finds the ``pipeline`` executable, runs ``pipeline ipc`` with
Arrow IPC bytes streaming over stdin/stdout, and turns failures into :class:`PipelineError` with the stderr text.

This module must not import pyarrow: it is tested on machines without it, with IPC bytes the engine produces itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
from typing import IO, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Union

#: Environment variable naming the ``pipeline`` executable (or its ``pipeline.dll``, run with ``dotnet exec``).
EXECUTABLE_VARIABLE = "PIPELINE_EXE"

#: Exit codes of the ``pipeline`` executable (README: 0 ok, 1 checks failed, 2 bad input or usage, 3 internal).
EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

Spec = Union[Mapping[str, Any], str, "os.PathLike[str]"]


class PipelineError(RuntimeError):
    """A ``pipeline`` run failed. ``returncode`` is the exit code, ``stderr`` the process's diagnostics (the message
    names the file, row or column), ``results`` the results document when the run got far enough to write one."""

    def __init__(self, message: str, returncode: Optional[int] = None, stderr: str = "",
                 results: Optional[Dict[str, Any]] = None):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr
        self.results = results


def find_executable() -> List[str]:
    """The command line that starts ``pipeline``: ``$PIPELINE_EXE`` if set (a ``.dll`` runs through ``dotnet exec``),
    else ``pipeline`` on ``PATH``. Raises :class:`PipelineError` when neither is found."""
    configured = os.environ.get(EXECUTABLE_VARIABLE)
    if configured:
        if not os.path.isfile(configured):
            raise PipelineError(f"{EXECUTABLE_VARIABLE}={configured}: no such file")
        if configured.endswith(".dll"):
            dotnet = shutil.which("dotnet")
            if dotnet is None:
                raise PipelineError(f"{EXECUTABLE_VARIABLE}={configured} is a .dll but dotnet is not on PATH")
            return [dotnet, "exec", configured]
        return [configured]
    found = shutil.which("pipeline")
    if found is None:
        raise PipelineError(f"the pipeline executable was not found: set {EXECUTABLE_VARIABLE} or put pipeline on PATH")
    return [found]


class IpcRun:
    """One ``pipeline ipc`` process. Feed it with :meth:`feed` (a writer thread fills stdin, so reading ``stdout``
    at the same time can never deadlock on full pipes), read the output Arrow stream from :attr:`stdout`, then call
    :meth:`finish` for the results. Use as a context manager so the process and temporary files are always cleaned up.
    """

    def __init__(self, spec: Spec, *, profile: bool = False, state_out: Optional[str] = None,
                 quarantine: Optional[str] = None, extra_args: Sequence[str] = (),
                 executable: Optional[Sequence[str]] = None):
        self._temp = tempfile.TemporaryDirectory(prefix="pipeline-ipc-")
        self._results_path = os.path.join(self._temp.name, "results.json")
        self._profile_path = os.path.join(self._temp.name, "profile.json") if profile else None
        spec_path = _spec_file(spec, self._temp.name)
        command = list(executable or find_executable()) + ["ipc", "--spec", spec_path, "--results", self._results_path]
        if self._profile_path:
            command += ["--profile", self._profile_path]
        if state_out:
            command += ["--state-out", os.fspath(state_out)]
        if quarantine:
            command += ["--quarantine", os.fspath(quarantine)]
        command += list(extra_args)
        self.command = command
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE)
        except OSError as error:
            self._temp.cleanup()
            raise PipelineError(f"cannot start {command[0]}: {error}") from error
        self._stderr_chunks: List[bytes] = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, name="pipeline-stderr", daemon=True)
        self._stderr_thread.start()
        self._writer: Optional[threading.Thread] = None
        self._writer_error: Optional[BaseException] = None

    @property
    def stdout(self) -> IO[bytes]:
        """The process's standard output: an Arrow IPC stream, read incrementally."""
        assert self._process.stdout is not None
        return self._process.stdout

    def feed(self, write: Callable[[IO[bytes]], None]) -> None:
        """Starts a thread that calls ``write(stdin)`` and then closes stdin. If the process stops reading (it
        failed), the broken pipe is ignored: :meth:`finish` reports the process's own error."""
        if self._writer is not None:
            raise RuntimeError("feed() may be called once")

        def run() -> None:
            stdin = self._process.stdin
            assert stdin is not None
            try:
                write(stdin)
            except (BrokenPipeError, ConnectionResetError, ValueError):
                pass  # the process exited early; its exit code and stderr explain why
            except BaseException as error:  # surfaced by finish(): a failing producer must not look like success
                self._writer_error = error
            finally:
                try:
                    stdin.close()
                except OSError:
                    pass

        self._writer = threading.Thread(target=run, name="pipeline-stdin", daemon=True)
        self._writer.start()

    def feed_bytes(self, chunks: Iterable[bytes]) -> None:
        """Feeds byte chunks (an Arrow IPC stream, possibly split anywhere) to stdin."""
        def write(stdin: IO[bytes]) -> None:
            for chunk in chunks:
                stdin.write(chunk)
        self.feed(write)

    def finish(self, *, raise_on_checks_failed: bool = False) -> Dict[str, Any]:
        """Waits for the process and returns the results document (``results.json``; with ``profile=True`` its
        ``profile`` key holds the profile itself). Raises :class:`PipelineError` with the stderr text when the run
        failed (exit code 2 or 3), and for exit code 1 (checks failed) when ``raise_on_checks_failed``."""
        # Anything left on stdout (the caller stopped reading) is discarded so the process can finish writing.
        remaining = self.stdout.read()
        del remaining
        returncode = self._process.wait()
        if self._writer is not None:
            self._writer.join()
        self._stderr_thread.join()
        stderr = b"".join(self._stderr_chunks).decode("utf-8", errors="replace")
        results = _read_json(self._results_path)
        if results is not None and self._profile_path:
            profile = _read_json(self._profile_path)
            if profile is not None:
                results["profile"] = profile
        if self._writer_error is not None:
            raise PipelineError(f"producing the input failed: {self._writer_error!r}", returncode, stderr,
                                results) from self._writer_error
        if returncode not in (EXIT_OK, EXIT_CHECKS_FAILED) or (returncode == EXIT_CHECKS_FAILED and raise_on_checks_failed):
            message = _last_error_line(stderr) or f"pipeline ipc exited with code {returncode}"
            raise PipelineError(message, returncode, stderr, results)
        if results is None:
            raise PipelineError("pipeline ipc wrote no results", returncode, stderr)
        results["stderr"] = stderr
        return results

    def close(self) -> None:
        """Stops the process if it is still running and removes the temporary files."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()
        self._temp.cleanup()

    def __enter__(self) -> "IpcRun":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _drain_stderr(self) -> None:
        stream = self._process.stderr
        assert stream is not None
        while True:
            chunk = stream.read(65536)
            if not chunk:
                return
            self._stderr_chunks.append(chunk)


def run_bytes(spec: Spec, data: Union[bytes, Iterable[bytes]], *, profile: bool = False,
              state_out: Optional[str] = None, quarantine: Optional[str] = None,
              extra_args: Sequence[str] = ()) -> "tuple[bytes, Dict[str, Any]]":
    """Runs ``pipeline ipc`` on an Arrow IPC stream given as bytes (or chunks of bytes) and returns the output
    stream's bytes and the results document. Raises :class:`PipelineError` when the run fails."""
    chunks: Iterable[bytes] = [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
    with IpcRun(spec, profile=profile, state_out=state_out, quarantine=quarantine, extra_args=extra_args) as run:
        run.feed_bytes(chunks)
        output = run.stdout.read()
        results = run.finish()
    return output, results


def merge_states(state_paths: Sequence[str], *, executable: Optional[Sequence[str]] = None) -> Dict[str, Any]:
    """Merges profile states of partitions (written by ``pipeline ipc --state-out`` or ``run(..., state_out=)``)
    into the profile of their union, with ``pipeline merge``. Returns the merged ``profile.json`` as a dict."""
    if not state_paths:
        raise PipelineError("merge_states needs at least one state file")
    with tempfile.TemporaryDirectory(prefix="pipeline-merge-") as folder:
        command = list(executable or find_executable()) + ["merge", *map(os.fspath, state_paths), "--out", folder]
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
        stderr = completed.stderr.decode("utf-8", errors="replace")
        if completed.returncode != EXIT_OK:
            raise PipelineError(_last_error_line(stderr) or f"pipeline merge exited with code {completed.returncode}",
                                completed.returncode, stderr)
        merged = _read_json(os.path.join(folder, "profile.json"))
        if merged is None:
            raise PipelineError("pipeline merge wrote no profile.json", completed.returncode, stderr)
        return merged


def _spec_file(spec: Spec, folder: str) -> str:
    # A dict is written as JSON, which the spec reader accepts (JSON is YAML).
    if isinstance(spec, Mapping):
        path = os.path.join(folder, "spec.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(dict(spec), file)
        return path
    path = os.fspath(spec)
    if not os.path.isfile(path):
        raise PipelineError(f"{path}: spec file not found")
    return path


def _read_json(path: str) -> Optional[Dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError:
        return None


def _last_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line:
            return line.strip()
    return lines[-1].strip() if lines else ""

"""``traincmp.compare``: run the binary with ``--json -`` and read what it wrote."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from typing import Any, List, Mapping, Optional, Sequence, Union

from ._binary import binary_path
from ._errors import InputError, InternalError, SchemaError
from ._schema import Result, parse_report

#: A log: a path, or "-" for standard input.
PathLike = Union[str, "os.PathLike[str]"]
#: One run: a log, or the logs of its repeats (one group, as a comma list on the command line).
RunSpec = Union[PathLike, Sequence[PathLike]]

# options the API sets itself, or that would never return
_REFUSED = {
    "json": "compare() reads the JSON report itself (write one with json.dump(result.raw, f))",
    "watch": "--watch runs until it is stopped; run the traincmp command for it",
    "help": "run `traincmp --help`",
    "version": "use traincmp.__version__ or `traincmp --version`",
    "baseline": "give the baseline as the first argument",
}


def compare(
    baseline: RunSpec,
    compare: Union[RunSpec, Sequence[RunSpec], None] = None,
    labels: Optional[Sequence[str]] = None,
    *,
    cwd: Optional[PathLike] = None,
    timeout: Optional[float] = None,
    **options: Any,
) -> Result:
    """Compares training runs from their logs, as ``traincmp --baseline ... --compare ...`` does.

    Args:
        baseline: The reference run: a log file, or a list of the logs of its repeats.
        compare: The runs to compare with it: one log, or a list whose items are logs or lists of repeats.
        labels: One label per run, baseline first (default: the file names).
        cwd: The directory to run in (relative log paths and ``output_dir`` are taken from it).
        timeout: Seconds before the run is stopped (``subprocess.TimeoutExpired``).
        **options: Any other command-line option, its name in snake_case: ``output_dir="out"``,
            ``min_speedup=1.0``, ``max_loss_diff=0.01``, ``report=["md", "html"]``, ``mermaid=True``,
            ``plots="none"``, ``pattern={"step": r"it (\\d+)", "loss": r"loss=(\\S+)"}``. True gives a flag, None or
            False leaves the option out, a list repeats the option once per item, a dict gives ``NAME=VALUE``
            items. As on the command line, charts go to the current directory unless ``output_dir`` or
            ``plots="none"`` says otherwise.

    Returns:
        The report as a :class:`Result`. A failed check (``min_speedup``, ``max_loss_diff``, ``fail_on_nan``) is
        in ``result.gates`` with ``result.passed`` False and ``result.exit_code`` 1, not an exception.

    Raises:
        InputError: Bad input or usage (exit code 2); ``str(e)`` is the tool's one-line message.
        InternalError: traincmp failed on its own (exit code 70) or was killed.
        SchemaVersionError: The binary writes a JSON schema this package does not read.
        BinaryNotFoundError: No binary for this platform (set ``TRAINCMP_BINARY``).
    """
    command = [binary_path(), *build_args(baseline, compare, labels, **options)]
    completed = subprocess.run(
        command,
        stdin=subprocess.DEVNULL if not _reads_stdin(baseline, compare) else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=None if cwd is None else os.fspath(cwd),
        timeout=timeout,
        check=False,
    )
    return _result(command, completed.returncode, completed.stdout, completed.stderr)


def build_args(
    baseline: RunSpec,
    compare: Union[RunSpec, Sequence[RunSpec], None] = None,
    labels: Optional[Sequence[str]] = None,
    **options: Any,
) -> List[str]:
    """The command-line arguments :func:`compare` passes to the binary (``--json -`` included)."""
    args = ["--baseline", _run_arg(baseline, "baseline")]
    runs = _runs(compare)
    if runs:
        args.append("--compare")
        args.extend(_run_arg(r, "compare") for r in runs)
    if labels is not None:
        if isinstance(labels, (str, bytes)):
            raise TypeError("labels: a list of labels, baseline first")
        args.extend(_option("labels", [_text(label, "labels") for label in labels]))
    for name, value in options.items():
        if name in _REFUSED:
            raise TypeError(f"compare(): {name}= is not an option here: {_REFUSED[name]}")
        args.extend(_option(name, value))
    args.extend(["--json", "-"])
    return args


def _runs(compare: Union[RunSpec, Sequence[RunSpec], None]) -> List[RunSpec]:
    if compare is None:
        return []
    if isinstance(compare, (str, bytes, os.PathLike)):
        return [compare]
    return list(compare)


def _run_arg(run: RunSpec, what: str) -> str:
    if isinstance(run, (str, bytes, os.PathLike)):
        return _path(run, what)
    files = [_path(f, what) for f in run]
    if not files:
        raise ValueError(f"{what}: an empty list of logs")
    if "-" in files and len(files) > 1:
        raise ValueError(f"{what}: standard input (-) cannot be one of several repeats")
    return ",".join(files)


def _path(p: Any, what: str) -> str:
    if not isinstance(p, (str, bytes, os.PathLike)):
        raise TypeError(f"{what}: expected a path, found {type(p).__name__}")
    s = os.fsdecode(os.fspath(p))
    if not s:
        raise ValueError(f"{what}: an empty path")
    if "," in s:
        raise ValueError(f"{what}: {s!r}: traincmp reads a comma in a run argument as a list of repeats, so it cannot "
                         "name this file; give the repeats as a list, or rename the file")
    if s.startswith("-") and s != "-":
        s = os.path.join(".", s)  # a file named like an option is still a file
    return s


def _text(value: Any, what: str) -> str:
    if isinstance(value, os.PathLike):
        return os.fsdecode(os.fspath(value))
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"{what}: expected text or a number, found {type(value).__name__}")
    return value if isinstance(value, str) else repr(value)


def _option(name: str, value: Any) -> List[str]:
    if not name.isidentifier():
        raise TypeError(f"compare(): {name!r} is not an option name")
    flag = "--" + name.replace("_", "-")
    if value is None or value is False:
        return []
    if value is True:
        return [flag]
    if isinstance(value, Mapping):
        items = [f"{_text(k, name)}={_text(v, name)}" for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        items = [_text(v, name) for v in value]
    else:
        items = [_text(value, name)]
    out: List[str] = []
    for item in items:
        # "--title-prefix=-x": a value that looks like an option is still its value
        out.extend([f"{flag}={item}"] if item.startswith("-") else [flag, item])
    return out


def _reads_stdin(baseline: RunSpec, compare: Union[RunSpec, Sequence[RunSpec], None]) -> bool:
    runs = [baseline, *_runs(compare)]
    for r in runs:
        files = [r] if isinstance(r, (str, bytes, os.PathLike)) else list(r)
        if any(os.fsdecode(os.fspath(f)) == "-" for f in files if isinstance(f, (str, bytes, os.PathLike))):
            return True
    return False


def _result(command: List[str], code: int, stdout: bytes, stderr_bytes: bytes) -> Result:
    stderr = stderr_bytes.decode("utf-8", errors="replace")
    if code in (0, 1):
        try:
            result = parse_report(stdout)
        except SchemaError as e:
            if type(e) is not SchemaError:  # a SchemaVersionError says it all
                raise
            raise InternalError(f"traincmp exited {code} without a JSON report: {e.message}", code, stderr,
                                command) from None
        return dataclasses.replace(result, console=stderr, exit_code=code, command=command)
    message = _error_line(stderr) or f"traincmp exited with code {code}"
    if code == 2:
        raise InputError(message, code, stderr, command)
    if code < 0:
        raise InternalError(f"traincmp was killed by signal {-code}", code, stderr, command)
    raise InternalError(message, code, stderr, command)


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[-1]
    for prefix in ("traincmp: error: ", "traincmp: "):
        if line.startswith(prefix):
            return line[len(prefix):]
    return line


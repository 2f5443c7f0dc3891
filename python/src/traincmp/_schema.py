"""The JSON report (``traincmp --json``) as typed dataclasses: the one place that mirrors docs/json.md.

Every class maps its snake_case fields to the report's camelCase keys (``loss_count`` <- ``lossCount``,
``final_window_p_value`` <- ``finalWindowPValue``) and converts the values to the annotated types. The mapping is
tolerant, so that a newer traincmp of the same schema version still reads:

* a key this module does not know is kept in the object's ``extra`` dict, untouched;
* a key this module knows but the document lacks becomes ``None`` (``[]`` or ``{}`` for lists and maps);
* the whole document stays available as ``Result.raw``.

Only ``schemaVersion`` is strict: the tool bumps it when a field changes meaning or disappears, so a document of
another major version is refused (:class:`SchemaVersionError`) rather than read wrong.

To follow a change of the report: add the field (snake_case of the JSON name) to its class below, and bump
``SCHEMA_VERSION`` with ``JsonReport.SchemaVersion`` (src/TrainCompare/Reports/JsonReport.cs). The test
``PythonMappingTests`` (dotnet test) fails until both agree and every key the tool writes has a field here.
"""

from __future__ import annotations

import dataclasses
import json
import math
import typing
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from ._errors import SchemaError, SchemaVersionError

#: The schema version this module maps (the major number; JsonReport.SchemaVersion).
SCHEMA_VERSION = 2

_EXTRA = "extra"
# Result fields that do not come from the JSON document
_NOT_JSON = {"schema_version", "raw", "console", "exit_code", "command"}


def _extra() -> Any:
    return field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class StepTime:
    """A run's finite step times (ms) after warm-up; a group's repeats pooled."""

    n: Optional[int] = None
    mean: Optional[float] = None
    std: Optional[float] = None
    """Population standard deviation (ddof=0), as numpy's default."""
    median: Optional[float] = None
    min: Optional[float] = None
    p5: Optional[float] = None
    p95: Optional[float] = None
    max: Optional[float] = None
    outliers: Optional[int] = None
    """Step times outside Tukey's fences (1.5 IQR beyond the quartiles)."""
    autocorrelation_time: Optional[float] = None
    effective_n: Optional[float] = None
    batch_size: Optional[int] = None
    batch_size_settled: Optional[bool] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class MetricSeries:
    """What a run's log held of one metric."""

    count: Optional[int] = None
    first_step: Optional[int] = None
    last_step: Optional[int] = None
    last: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Throughput:
    """Means after warm-up of the throughput metrics a log carries; others are in ``extra`` by name."""

    tokens_per_second: Optional[float] = None
    tflops: Optional[float] = None
    mfu_percent: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Finding:
    """Something reading or analysing a run found out: a stable ``code`` to key on, and a sentence."""

    code: Optional[str] = None
    """Stable, lowercase, dotted (``run.restart``, ``read.unit-guessed``); docs/json.md lists them."""
    severity: Optional[str] = None
    """``note``, ``warning`` or ``error``."""
    run: Optional[str] = None
    file: Optional[str] = None
    first_step: Optional[int] = None
    last_step: Optional[int] = None
    numbers: Dict[str, Optional[float]] = field(default_factory=dict)
    message: Optional[str] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Run:
    """One run (or group of repeats), as read from its logs."""

    label: Optional[str] = None
    files: List[str] = field(default_factory=list)
    format: Optional[str] = None
    repeats: Optional[int] = None
    loss_count: Optional[int] = None
    step_time_count: Optional[int] = None
    non_finite_loss_count: Optional[int] = None
    first_non_finite_step: Optional[int] = None
    warnings: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    warmup_skipped: List[int] = field(default_factory=list)
    final_loss: Optional[float] = None
    """Mean of the last --final-window losses (None when not finite)."""
    final_loss_steps: Optional[int] = None
    step_time: Optional[StepTime] = None
    metrics: Dict[str, MetricSeries] = field(default_factory=dict)
    throughput: Optional[Throughput] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Speedup:
    """Step-time speedup of a run against the baseline (above 1 is faster)."""

    mean: Optional[float] = None
    median: Optional[float] = None
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    p_value: Optional[float] = None
    verdict: Optional[str] = None
    """``"faster"``, ``"slower"`` or ``"same"``."""
    ci_method: Optional[str] = None
    batch_size: Optional[int] = None
    baseline_batches: Optional[int] = None
    run_batches: Optional[int] = None
    df: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class LossComparison:
    """Loss of a run against the baseline at the steps both logged."""

    common_steps: Optional[int] = None
    mean_abs_diff: Optional[float] = None
    max_abs_diff: Optional[float] = None
    max_abs_diff_step: Optional[int] = None
    final_window_diff: Optional[float] = None
    final_window_diff_percent: Optional[float] = None
    final_window_first_step: Optional[int] = None
    final_window_last_step: Optional[int] = None
    final_window_count: Optional[int] = None
    final_window_ci_low: Optional[float] = None
    final_window_ci_high: Optional[float] = None
    final_window_p_value: Optional[float] = None
    final_window_batch_size: Optional[int] = None
    autocorrelation_time: Optional[float] = None
    verdict: Optional[str] = None
    """``"higher"``, ``"lower"``, ``"same"``, or None without common steps."""
    equivalence_margin: Optional[float] = None
    equivalence_margin_source: Optional[str] = None
    equivalent: Optional[bool] = None
    divergence_step: Optional[int] = None
    tolerance: Optional[float] = None
    noise_floor: Optional[float] = None
    within_noise: Optional[bool] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class TimeToTarget:
    """When a run's trailing mean loss first reaches the baseline's final loss."""

    target: Optional[float] = None
    step: Optional[int] = None
    wall_time_ms: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Comparison:
    """One compare run against the baseline."""

    label: Optional[str] = None
    baseline: Optional[str] = None
    warnings: List[str] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    speedup: Optional[Speedup] = None
    loss: Optional[LossComparison] = None
    time_to_target: Optional[TimeToTarget] = None
    effective_speedup: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Gate:
    """One check (--min-speedup, --max-loss-diff, --fail-on-nan) for one run."""

    name: Optional[str] = None
    passed: Optional[bool] = None
    measured: Optional[float] = None
    bound: Optional[float] = None
    message: Optional[str] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class ProfileSide:
    """One run's profile as read: its files, how many steps and devices it covers."""

    files: List[str] = field(default_factory=list)
    steps: Optional[int] = None
    devices: Optional[int] = None
    hardware: List[str] = field(default_factory=list)
    host_ms: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class ProfilePart:
    """A part of the step time (ms per step per device): the step itself, op time, gaps, time outside the profile."""

    name: Optional[str] = None
    baseline_ms: Optional[float] = None
    run_ms: Optional[float] = None
    delta_ms: Optional[float] = None
    share: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class ProfileOp:
    """One op (or a group of ops only one run has: a fusion), per step, baseline against the run."""

    label: Optional[str] = None
    match: Optional[str] = None
    """``same``, ``launcher`` (kernels differ, compared under their launching CPU op) or ``fusion``."""
    launcher: Optional[str] = None
    baseline_ops: List[str] = field(default_factory=list)
    run_ops: List[str] = field(default_factory=list)
    baseline_calls: Optional[float] = None
    run_calls: Optional[float] = None
    baseline_ms: Optional[float] = None
    run_ms: Optional[float] = None
    delta_ms: Optional[float] = None
    delta_ci_low: Optional[float] = None
    delta_ci_high: Optional[float] = None
    share: Optional[float] = None
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class ProfileComparison:
    """Where the time went: one compare run's profile against the baseline's (docs/profiles.md)."""

    label: Optional[str] = None
    baseline: Optional[str] = None
    format: Optional[str] = None
    gaps: Optional[str] = None
    baseline_profile: Optional[ProfileSide] = None
    run_profile: Optional[ProfileSide] = None
    step_from_logs: Optional[bool] = None
    step_changed: Optional[bool] = None
    explained: Optional[float] = None
    """The ops' change over the step time's change; None when the step time did not change."""
    ops_delta_ms: Optional[float] = None
    parts: List[ProfilePart] = field(default_factory=list)
    total: Optional[ProfileOp] = None
    ops: List[ProfileOp] = field(default_factory=list)
    extra: Dict[str, Any] = _extra()


@dataclass(frozen=True)
class Result:
    """A whole comparison: the JSON report, plus how the tool exited and what it printed.

    ``gates`` holds every check; a failed one is here (``passed`` False, exit code 1), never an exception.
    """

    schema_version: Optional[int] = None
    runs: List[Run] = field(default_factory=list)
    comparisons: List[Comparison] = field(default_factory=list)
    baseline_time_to_target: Optional[TimeToTarget] = None
    gates: List[Gate] = field(default_factory=list)
    profiles: List[ProfileComparison] = field(default_factory=list)
    extra: Dict[str, Any] = _extra()
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The JSON document as parsed, every key included."""
    console: str = field(default="", repr=False, compare=False)
    """The human summary traincmp printed (its standard error under ``--json -``)."""
    exit_code: int = 0
    """0, or 1 when a check failed."""
    command: List[str] = field(default_factory=list, repr=False, compare=False)
    """The command line that ran."""

    @property
    def passed(self) -> bool:
        """True when every check passed (and when there were none)."""
        return all(g.passed for g in self.gates)

    @property
    def failed_gates(self) -> List[Gate]:
        return [g for g in self.gates if not g.passed]

    @property
    def baseline(self) -> Optional[Run]:
        """The baseline run (the first run)."""
        return self.runs[0] if self.runs else None

    def run(self, label: str) -> Run:
        """The run with this label (KeyError if none)."""
        for r in self.runs:
            if r.label == label:
                return r
        raise KeyError(label)

    def comparison(self, label: str) -> Comparison:
        """The comparison of the run with this label against the baseline (KeyError if none)."""
        for c in self.comparisons:
            if c.label == label:
                return c
        raise KeyError(label)


def parse_report(document: Union[str, bytes, Mapping[str, Any]]) -> Result:
    """Reads a JSON report (text, or the dict ``json.loads`` gave) into a :class:`Result`.

    Raises :class:`SchemaVersionError` for a document of another major schema version, and
    :class:`SchemaError` for one that is not a traincmp report at all.
    """
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except ValueError as e:
            raise SchemaError(f"not a JSON document: {e}") from None
    if not isinstance(document, Mapping):
        raise SchemaError("a traincmp JSON report is an object")
    version = document.get("schemaVersion")
    major = _major(version)
    if major != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"JSON schema version {version!r}; this traincmp package reads version {SCHEMA_VERSION}",
            found=version,
            supported=SCHEMA_VERSION,
        )
    parsed: Result = _object(Result, {k: v for k, v in document.items() if k != "schemaVersion"}, "$")
    return dataclasses.replace(parsed, schema_version=major, raw=dict(document))


def _major(version: Any) -> Optional[int]:
    """The major number of schemaVersion: 2, or "2" / "2.1" should it ever become a string."""
    if isinstance(version, bool):
        return None
    if isinstance(version, int):
        return version
    if isinstance(version, float) and version.is_integer():
        return int(version)
    if isinstance(version, str):
        head = version.split(".", 1)[0]
        if head.isdigit():
            return int(head)
    return None


def json_name(python_name: str) -> str:
    """``final_window_p_value`` -> ``finalWindowPValue``."""
    head, *rest = python_name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


_HINTS: Dict[type, Dict[str, Any]] = {}


def _hints(cls: type) -> Dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _object(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, Mapping):
        raise SchemaError(f"{path}: expected an object, found {_kind(data)}")
    hints = _hints(cls)
    by_json = {
        json_name(f.name): f
        for f in dataclasses.fields(cls)
        if f.name != _EXTRA and f.name not in _NOT_JSON
    }
    values: Dict[str, Any] = {}
    extra: Dict[str, Any] = {}
    for key, value in data.items():
        f = by_json.get(key)
        if f is None:
            extra[key] = value
        else:
            values[f.name] = _value(hints[f.name], value, f"{path}.{key}")
    return cls(**values, extra=extra)


def _value(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    args: Tuple[Any, ...] = typing.get_args(hint)
    if origin is Union:  # Optional[X]
        if value is None:
            return None
        inner = [a for a in args if a is not type(None)]
        return _value(inner[0], value, path)
    if value is None:
        if origin is list:
            return []
        if origin is dict:
            return {}
        return None
    if origin is list:
        if not isinstance(value, list):
            raise SchemaError(f"{path}: expected a list, found {_kind(value)}")
        return [_value(args[0], v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, Mapping):
            raise SchemaError(f"{path}: expected an object, found {_kind(value)}")
        return {str(k): _value(args[1], v, f"{path}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _object(hint, value, path)
    if hint is bool:
        if not isinstance(value, bool):
            raise SchemaError(f"{path}: expected true or false, found {_kind(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(f"{path}: expected an integer, found {_kind(value)}")
        if isinstance(value, float):
            if not value.is_integer():
                raise SchemaError(f"{path}: expected an integer, found {value!r}")
            return int(value)
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(f"{path}: expected a number, found {_kind(value)}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise SchemaError(f"{path}: expected a string, found {_kind(value)}")
        return value
    return value  # Any


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number" if not (isinstance(value, float) and math.isnan(value)) else "NaN"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__

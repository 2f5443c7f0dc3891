"""traincmp: did my change keep the loss the same, and did it make steps faster?

The package carries the native traincmp binary. ``traincmp`` on the command line (and ``python -m traincmp``)
runs it; :func:`compare` runs it from Python and returns the JSON report as dataclasses::

    import traincmp

    result = traincmp.compare("baseline.txt", compare=["fused.txt"], plots="none", min_speedup=1.0)
    fused = result.comparison("fused")
    print(fused.speedup.median, fused.speedup.verdict, fused.loss.verdict, result.passed)

See docs/python.md in the repository for more.
"""

from __future__ import annotations

# Names are imported on first use (PEP 562), so that the console script, which needs only ._binary, starts
# without loading the API, the dataclasses and importlib.metadata.
_EXPORTS = {
    "compare": "._api", "build_args": "._api",
    "binary_path": "._binary", "BINARY_ENV": "._binary",
    "TraincmpError": "._errors", "InputError": "._errors", "InternalError": "._errors", "SchemaError": "._errors",
    "SchemaVersionError": "._errors", "BinaryNotFoundError": "._errors",
    "SCHEMA_VERSION": "._schema", "parse_report": "._schema", "Result": "._schema", "Run": "._schema",
    "StepTime": "._schema", "MetricSeries": "._schema", "Throughput": "._schema", "Comparison": "._schema",
    "Speedup": "._schema", "LossComparison": "._schema", "TimeToTarget": "._schema", "Gate": "._schema",
    "Finding": "._schema", "ProfileComparison": "._schema", "ProfileSide": "._schema", "ProfilePart": "._schema",
    "ProfileOp": "._schema",
}

__all__ = [
    "compare", "build_args", "parse_report", "binary_path", "BINARY_ENV", "SCHEMA_VERSION",
    "Result", "Run", "StepTime", "MetricSeries", "Throughput", "Comparison", "Speedup", "LossComparison",
    "TimeToTarget", "Gate", "Finding", "ProfileComparison", "ProfileSide", "ProfilePart", "ProfileOp",
    "TraincmpError", "InputError", "InternalError", "SchemaError", "SchemaVersionError", "BinaryNotFoundError",
    "__version__",
]

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the console script's start)
if TYPE_CHECKING:
    from typing import Any, List

    from ._api import build_args, compare
    from ._binary import BINARY_ENV, binary_path
    from ._errors import (BinaryNotFoundError, InputError, InternalError, SchemaError, SchemaVersionError,
                          TraincmpError)
    from ._schema import (SCHEMA_VERSION, Comparison, Finding, Gate, LossComparison, MetricSeries, ProfileComparison,
                          ProfileOp, ProfilePart, ProfileSide, Result, Run, Speedup, StepTime, Throughput, TimeToTarget,
                          parse_report)

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("traincmp")
        except PackageNotFoundError:  # a source checkout
            value = "0+unknown"
    elif name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    else:
        raise AttributeError(f"module 'traincmp' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(__all__)

"""traincmp: did my change keep the loss the same, and did it make steps faster?

The package carries the native traincmp binary. ``traincmp`` on the command line (and ``python -m traincmp``)
runs it; :func:`compare` runs it from Python and returns the JSON report as dataclasses::

    import traincmp

    result = traincmp.compare("baseline.txt", compare=["fused.txt"], plots="none", min_speedup=1.0)
    fused = result.comparison("fused")
    print(fused.speedup.median, fused.speedup.verdict, fused.loss.verdict, result.passed)

See docs/python.md in the repository for more.
"""

from ._api import build_args, compare
from ._binary import BINARY_ENV, binary_path
from ._errors import (BinaryNotFoundError, InputError, InternalError, SchemaError, SchemaVersionError,
                      TraincmpError)
from ._schema import (SCHEMA_VERSION, Comparison, Gate, LossComparison, MetricSeries, Result, Run, Speedup,
                      StepTime, Throughput, TimeToTarget, parse_report)

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    try:
        __version__ = _version("traincmp")
    except PackageNotFoundError:  # a source checkout
        __version__ = "0+unknown"
except ImportError:  # pragma: no cover
    __version__ = "0+unknown"

__all__ = [
    "compare", "build_args", "parse_report", "binary_path", "BINARY_ENV", "SCHEMA_VERSION",
    "Result", "Run", "StepTime", "MetricSeries", "Throughput", "Comparison", "Speedup", "LossComparison",
    "TimeToTarget", "Gate",
    "TraincmpError", "InputError", "InternalError", "SchemaError", "SchemaVersionError", "BinaryNotFoundError",
    "__version__",
]

"""What the tests share: the repository's files, and the traincmp they run (skipped, or failed in CI, when none)."""

from __future__ import annotations

import os
import sys
import unittest
from pathlib import Path

import traincmp

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
BASELINE = EXAMPLES / "baseline.txt"
FUSED = EXAMPLES / "fused.txt"

# .ci/run sets this: there the tests run against the installed wheel and must not skip
REQUIRE = os.environ.get("TRAINCMP_REQUIRE_INSTALLED") == "1"


def need_binary(test: unittest.TestCase) -> str:
    """The binary compare() runs (TRAINCMP_BINARY or the wheel's)."""
    try:
        return traincmp.binary_path()
    except traincmp.BinaryNotFoundError as e:
        if REQUIRE:
            raise
        raise unittest.SkipTest(f"no traincmp binary: {e.message}") from None


def need_script(test: unittest.TestCase) -> str:
    """The `traincmp` console script of the environment running the tests (an installed wheel)."""
    script = Path(sys.executable).parent / ("traincmp.exe" if os.name == "nt" else "traincmp")
    if not script.is_file() or os.environ.get(traincmp.BINARY_ENV):
        if REQUIRE:
            raise AssertionError(f"no installed traincmp console script at {script}")
        raise unittest.SkipTest("traincmp is not installed in this environment")
    return str(script)


def clean_env() -> dict:
    env = dict(os.environ, NO_COLOR="1")
    env.pop("GITHUB_STEP_SUMMARY", None)  # a test must not write to the CI job's summary
    return env

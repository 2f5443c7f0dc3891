"""The GitHub Action (action.yml) run locally, its steps as a runner runs them (local_runner.py), with the built wheel
installed by its own install step and GITHUB_* files in a temporary directory.

    TRAINCMP_WHEEL=artifacts/wheels/traincmp-...-x86_64.whl python3 action/test_action.py
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from local_runner import ActionRun, run_action  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REQUIRE = os.environ.get("TRAINCMP_REQUIRE_INSTALLED") == "1"
EARLIER = "## An earlier step's summary\n"


def wheel() -> str:
    path = os.environ.get("TRAINCMP_WHEEL")
    if path:
        return str(Path(path).resolve())
    arch = platform.machine()
    found = sorted((ROOT / "artifacts" / "wheels").glob(f"traincmp-*{arch}.whl"))
    if found:
        return str(found[-1])
    if REQUIRE:
        raise AssertionError("TRAINCMP_WHEEL is not set and artifacts/wheels/ has no wheel for this machine")
    raise unittest.SkipTest("no wheel: run tools/build_wheel.py, or set TRAINCMP_WHEEL")


class Action(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.wheel = wheel()
        cls.temp = tempfile.TemporaryDirectory(prefix="traincmp-action-")
        cls.runner_temp = Path(cls.temp.name) / "runner-temp"  # one venv for the class, as a job would keep it
        cls.runner_temp.mkdir()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.temp.cleanup()

    def setUp(self) -> None:
        self.workspace = Path(tempfile.mkdtemp(prefix="workspace-", dir=self.temp.name))
        shutil.copy(EXAMPLES / "baseline.txt", self.workspace)
        shutil.copy(EXAMPLES / "fused.txt", self.workspace)
        self.summary = Path(self.temp.name) / f"summary-{self.id().rsplit('.', 1)[-1]}.md"
        self.summary.write_text(EARLIER, encoding="utf-8")

    def run_it(self, env: "dict | None" = None, **inputs: str) -> ActionRun:
        inputs = {k.replace("_", "-"): v for k, v in inputs.items()}
        inputs.setdefault("package", self.wheel)
        environment = dict(os.environ, **(env or {}))
        for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "TRAINCMP_BINARY"):
            environment.pop(name, None)
        return run_action(ROOT, inputs, self.workspace, self.runner_temp, self.summary, environment)

    def test_passing_gates(self) -> None:
        run = self.run_it(baseline="baseline.txt", compare="fused.txt", labels="base fused", min_speedup="1.0",
                          max_loss_diff="0.01", reports="md,csv")
        self.assertEqual(0, run.exit_code, run.log)
        out = self.workspace / "traincmp"
        report = json.loads((out / "traincmp.json").read_text(encoding="utf-8"))
        fused = report["comparisons"][0]
        self.assertEqual("true", run.outputs["passed"])
        self.assertEqual("0", run.outputs["failed-gates"])
        self.assertEqual(f"{fused['speedup']['median']:.4f}", run.outputs["speedup"])
        self.assertEqual("1.0827", run.outputs["speedup"])
        self.assertEqual("faster", run.outputs["speedup-verdict"])
        self.assertEqual("same", run.outputs["loss-verdict"])
        self.assertEqual("true", run.outputs["equivalent"])  # the whole interval within ±0.01
        self.assertEqual("traincmp/traincmp.json", run.outputs["json"])
        [verdict] = json.loads(run.outputs["verdicts"])
        self.assertEqual("fused", verdict["label"])
        self.assertEqual(fused["speedup"]["ciLow"], verdict["speedupCiLow"])
        self.assertEqual(fused["loss"]["finalWindowDiff"], verdict["finalLossDiff"])
        self.assertIsNone(verdict["divergenceStep"])
        self.assertEqual([], run.annotations)
        summary = self.summary.read_text(encoding="utf-8")
        self.assertTrue(summary.startswith(EARLIER), "the job summary is appended to, not replaced")
        self.assertIn("## Training run comparison", summary)
        self.assertIn("**fused** vs **base**: 1.083× faster", summary)
        self.assertIn("```mermaid", summary)
        for name in ("losses.png", "losses_diff.png", "step_time.png", "summary.md", "series.csv"):
            self.assertTrue((out / name).is_file(), name)
        self.assertFalse((out / "report.html").exists())

    def test_a_failed_gate_fails_the_step_with_outputs_and_summary(self) -> None:
        run = self.run_it(baseline="baseline.txt", compare="fused.txt", min_speedup="1.5", plots="none",
                          reports="none", mermaid="false", output_dir="cmp out")
        self.assertEqual(1, run.exit_code, run.log)
        self.assertEqual("false", run.outputs["passed"])
        self.assertEqual("1", run.outputs["failed-gates"])
        self.assertEqual("faster", run.outputs["speedup-verdict"])
        self.assertEqual("", run.outputs["equivalent"])
        self.assertEqual("cmp out/traincmp.json", run.outputs["json"])
        [annotation] = run.annotations
        self.assertRegex(annotation, r"^::error title=traincmp gate failed::fused: speedup 1\.083x .* below "
                                     r"--min-speedup 1\.5x$")
        summary = self.summary.read_text(encoding="utf-8")
        self.assertIn("## Training run comparison", summary)
        self.assertNotIn("```mermaid", summary)

    def test_bad_input_fails_with_the_tools_message(self) -> None:
        run = self.run_it(baseline="baseline.txt", compare="fused.txt missing.txt")
        self.assertEqual(2, run.exit_code, run.log)
        self.assertEqual(["::error title=traincmp::missing.txt: file not found"], run.annotations)
        self.assertEqual("", run.outputs["passed"])
        self.assertEqual(EARLIER, self.summary.read_text(encoding="utf-8"))
        self.assertFalse((self.workspace / "traincmp").exists())

    def test_bad_inputs_of_the_action(self) -> None:
        run = self.run_it(baseline="baseline.txt", fail_on_nan="yes")
        self.assertEqual(2, run.exit_code, run.log)
        self.assertEqual(["::error title=traincmp::input fail-on-nan: expected true or false, not 'yes'"],
                         run.annotations)
        run = self.run_it(baseline="baseline.txt", compare="'fused.txt")
        self.assertEqual(2, run.exit_code, run.log)
        self.assertEqual(["::error title=traincmp::input compare: No closing quotation"], run.annotations)

    def test_globs_repeats_and_args(self) -> None:
        for seed in (1, 2):
            shutil.copy(EXAMPLES / "baseline.txt", self.workspace / f"base_seed{seed}.txt")
        run = self.run_it(baseline="base_seed*.txt", compare="fused.txt", plots="none", reports="none",
                          args="--warmup-steps auto --title-prefix 'Fused SiLU '", summary="false")
        self.assertEqual(0, run.exit_code, run.log)
        report = json.loads((self.workspace / "traincmp" / "traincmp.json").read_text(encoding="utf-8"))
        self.assertEqual(["base_seed1.txt", "base_seed2.txt"], report["runs"][0]["files"])
        self.assertEqual(2, report["runs"][0]["repeats"])
        self.assertEqual(EARLIER, self.summary.read_text(encoding="utf-8"))

    def test_workflow_commands_in_the_output_are_not_obeyed(self) -> None:
        """A traincmp on PATH (the package input empty) whose output carries workflow commands, as a log line
        quoted on a run line could: the runner must not act on them."""
        bin_dir = Path(self.temp.name) / "fake-bin"
        bin_dir.mkdir(exist_ok=True)
        fake = bin_dir / "traincmp"
        fake.write_text(textwrap.dedent("""\
            #!/bin/sh
            echo '::error::injected'
            echo '::add-mask::x' >&2
            for a; do [ "$prev" = --json ] && json=$a; prev=$a; done
            mkdir -p "$(dirname "$json")"
            echo '{"schemaVersion": 2, "runs": [], "comparisons": [], "gates": []}' > "$json"
            """), encoding="utf-8")
        fake.chmod(0o755)
        run = self.run_it(env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, baseline="b.txt", package="")
        self.assertEqual(0, run.exit_code, run.log)
        self.assertIn("::error::injected", run.log)
        self.assertEqual([], run.annotations)
        self.assertEqual("true", run.outputs["passed"])
        self.assertEqual("", run.outputs["speedup"])
        self.assertEqual("[]", run.outputs["verdicts"])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"action: {result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed or not result.testsRun else 0)

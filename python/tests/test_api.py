"""traincmp.compare() against the binary: the same numbers as the tool's own JSON, gates in the result, bad input
as an exception carrying the tool's message."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import traincmp
from support import BASELINE, FUSED, clean_env, need_binary


class Compare(unittest.TestCase):
    def setUp(self) -> None:
        self.binary = need_binary(self)
        self.tmp = tempfile.TemporaryDirectory(prefix="traincmp-api-")
        self.addCleanup(self.tmp.cleanup)
        self.dir = Path(self.tmp.name)
        env = clean_env()
        os.environ.clear()
        os.environ.update(env)
        self.addCleanup(lambda: (os.environ.clear(), os.environ.update(self._saved)))
        self._saved = env

    def tool_json(self, *args: str) -> dict:
        """The JSON the binary writes itself (--json FILE), with the summary going where it goes."""
        path = self.dir / "tool.json"
        done = subprocess.run([self.binary, *args, "--json", str(path)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, check=False)
        self.assertIn(done.returncode, (0, 1))
        return json.loads(path.read_text(encoding="utf-8"))

    def test_quick_start_matches_the_tools_own_json(self) -> None:
        out = self.dir / "out"
        result = traincmp.compare(BASELINE, compare=[FUSED], output_dir=out)
        own = self.tool_json("--baseline", str(BASELINE), "--compare", str(FUSED), "--plots", "none")
        self.assertEqual(own, result.raw)
        self.assertEqual(0, result.exit_code)
        self.assertTrue(result.passed)
        self.assertEqual([], result.gates)
        self.assertEqual(["baseline", "fused"], [r.label for r in result.runs])
        for run, raw in zip(result.runs, own["runs"]):
            self.assertEqual(raw["finalLoss"], run.final_loss)
            self.assertEqual(raw["stepTime"]["mean"], run.step_time.mean)
            self.assertEqual(raw["stepTime"]["std"], run.step_time.std)
            self.assertEqual(raw["lossCount"], run.loss_count)
            self.assertEqual(raw["stepTimeCount"], run.step_time_count)
        fused, raw = result.comparison("fused"), own["comparisons"][0]
        self.assertEqual(raw["speedup"]["mean"], fused.speedup.mean)
        self.assertEqual(raw["speedup"]["median"], fused.speedup.median)
        self.assertEqual((raw["speedup"]["ciLow"], raw["speedup"]["ciHigh"]), (fused.speedup.ci_low, fused.speedup.ci_high))
        self.assertEqual(raw["loss"]["finalWindowDiff"], fused.loss.final_window_diff)
        self.assertEqual(raw["loss"]["verdict"], fused.loss.verdict)
        # the README's quick start: 1.082x mean speedup, final losses 2.182081 and 2.182206
        self.assertEqual("1.082", f"{fused.speedup.mean:.3f}")
        self.assertEqual("faster", fused.speedup.verdict)
        self.assertEqual(("2.182081", "2.182206"), tuple(f"{r.final_loss:.6f}" for r in result.runs))
        self.assertIn("SUMMARY STATISTICS", result.console)
        for png in ("losses.png", "losses_diff.png", "step_time.png"):
            self.assertEqual(b"\x89PNG\r\n\x1a\n", (out / png).read_bytes()[:8], png)
        self.assertEqual(self.binary, result.command[0])

    def test_every_field_the_tool_writes_is_mapped(self) -> None:
        result = traincmp.compare([BASELINE, BASELINE], compare=[FUSED], labels=["base", "fused"], plots="none",
                                  min_speedup=1.0, max_loss_diff=0.01, fail_on_nan=True)
        unmapped = [o.extra for o in [result, *result.runs, *result.comparisons, *result.gates]]
        unmapped += [r.step_time.extra for r in result.runs] + [c.speedup.extra for c in result.comparisons]
        unmapped += [c.loss.extra for c in result.comparisons] + [c.time_to_target.extra for c in result.comparisons]
        self.assertEqual([], [e for e in unmapped if e])
        self.assertEqual({"min-speedup", "max-loss-diff", "fail-on-nan"}, {g.name for g in result.gates})

    def test_a_failed_gate_is_in_the_result(self) -> None:
        result = traincmp.compare(str(BASELINE), compare=str(FUSED), plots="none", min_speedup=1.5, max_loss_diff=0.01)
        self.assertEqual(1, result.exit_code)
        self.assertFalse(result.passed)
        [failed] = result.failed_gates
        self.assertEqual("min-speedup", failed.name)
        self.assertEqual(1.5, failed.bound)
        self.assertLess(failed.measured, 1.5)
        self.assertTrue(failed.message.startswith("fused: speedup 1.08"), failed.message)
        passed = [g for g in result.gates if g.passed]
        self.assertEqual(["max-loss-diff"], [g.name for g in passed])

    def test_bad_input_raises_with_the_one_line_message(self) -> None:
        out = self.dir / "never"
        with self.assertRaises(traincmp.InputError) as e:
            traincmp.compare(BASELINE, compare=[self.dir / "missing.txt"], output_dir=out)
        self.assertEqual(2, e.exception.exit_code)
        self.assertEqual(f"{self.dir / 'missing.txt'}: file not found", str(e.exception))
        self.assertEqual(str(e.exception), e.exception.message)
        self.assertFalse(out.exists())

    def test_bad_usage_raises(self) -> None:
        with self.assertRaises(traincmp.InputError) as e:
            traincmp.compare(BASELINE, compare=[FUSED], labels=["only-one"], plots="none")
        self.assertIn("--labels", str(e.exception))
        with self.assertRaises(traincmp.InputError) as e:
            traincmp.compare(BASELINE, plots="none", no_such_option=3)
        self.assertIn("--no-such-option", e.exception.stderr)

    def test_labels_and_paths_reach_the_tool_untouched(self) -> None:
        odd = self.dir / "-odd name ünï.txt"
        odd.write_bytes(FUSED.read_bytes())
        result = traincmp.compare(BASELINE, compare=[odd], labels=["-base", "fü *d"], plots="none", cwd=self.dir)
        self.assertEqual(["-base", "fü *d"], [r.label for r in result.runs])
        self.assertEqual(1000, result.run("fü *d").loss_count)

    def test_cwd(self) -> None:
        (self.dir / "b.txt").write_bytes(BASELINE.read_bytes())
        result = traincmp.compare("b.txt", cwd=self.dir, output_dir="charts")
        self.assertEqual(["b.txt"], result.baseline.files)
        self.assertTrue((self.dir / "charts" / "losses.png").is_file())

    def test_binary_override(self) -> None:
        os.environ[traincmp.BINARY_ENV] = str(self.dir / "nothing-here")
        with self.assertRaises(traincmp.BinaryNotFoundError):
            traincmp.compare(BASELINE)


if __name__ == "__main__":
    unittest.main()

"""The JSON report as dataclasses: every documented field mapped, unknown ones kept, the schema version checked."""

from __future__ import annotations

import copy
import json
import re
import unittest

import traincmp
from traincmp import SchemaError, SchemaVersionError, parse_report
from support import ROOT


def documented_example() -> dict:
    """The example in docs/json.md, its // comments removed."""
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    block = re.search(r"```jsonc\n(.*?)```", text, re.S).group(1)
    return json.loads(re.sub(r"//[^\n]*", "", block))


class DocumentedExample(unittest.TestCase):
    def setUp(self) -> None:
        self.doc = documented_example()
        self.result = parse_report(self.doc)

    def test_every_documented_field_has_a_python_field(self) -> None:
        r = self.result
        unmapped = {"$": r.extra}
        for i, run in enumerate(r.runs):
            unmapped[f"runs[{i}]"] = run.extra
            if run.step_time:
                unmapped[f"runs[{i}].stepTime"] = run.step_time.extra
            if run.throughput:
                unmapped[f"runs[{i}].throughput"] = run.throughput.extra
            for j, f in enumerate(run.findings):
                unmapped[f"runs[{i}].findings[{j}]"] = f.extra
        for i, c in enumerate(r.comparisons):
            unmapped[f"comparisons[{i}]"] = c.extra
            unmapped[f"comparisons[{i}].speedup"] = c.speedup.extra
            unmapped[f"comparisons[{i}].loss"] = c.loss.extra
            unmapped[f"comparisons[{i}].timeToTarget"] = c.time_to_target.extra
        for i, g in enumerate(r.gates):
            unmapped[f"gates[{i}]"] = g.extra
        for i, p in enumerate(r.profiles):
            unmapped[f"profiles[{i}]"] = p.extra
            unmapped[f"profiles[{i}].baselineProfile"] = p.baseline_profile.extra
            unmapped[f"profiles[{i}].runProfile"] = p.run_profile.extra
            for j, part in enumerate(p.parts):
                unmapped[f"profiles[{i}].parts[{j}]"] = part.extra
            for j, op in enumerate(p.ops):
                unmapped[f"profiles[{i}].ops[{j}]"] = op.extra
        self.assertEqual({}, {k: v for k, v in unmapped.items() if v})

    def test_values_and_types(self) -> None:
        r = self.result
        self.assertEqual(2, r.schema_version)
        base = r.baseline
        self.assertEqual("baseline", base.label)
        self.assertEqual(["examples/baseline.txt"], base.files)
        self.assertEqual(999, base.step_time_count)
        self.assertIsNone(base.first_non_finite_step)
        self.assertEqual([15], base.warmup_skipped)
        self.assertEqual(2.1820809, base.final_loss)
        self.assertIsInstance(base.step_time.autocorrelation_time, float)  # written as 1
        self.assertEqual(984, base.step_time.n)
        self.assertIs(True, base.step_time.batch_size_settled)
        self.assertEqual(8.74, base.throughput.mfu_percent)
        finding = base.findings[0]
        self.assertEqual(("warmup.auto", "note", "baseline", None), (finding.code, finding.severity, finding.run, finding.first_step))
        self.assertEqual({}, finding.numbers)
        fused = r.comparison("fused")
        self.assertEqual("baseline", fused.baseline)
        self.assertEqual("faster", fused.speedup.verdict)
        self.assertEqual(1.2e-150, fused.speedup.p_value)
        self.assertEqual(195.0, fused.speedup.df)
        self.assertEqual(0.491, fused.loss.final_window_p_value)
        self.assertEqual(155, fused.loss.max_abs_diff_step)
        self.assertIsNone(fused.loss.equivalent)
        self.assertEqual(964, fused.time_to_target.step)
        self.assertEqual(1.078, fused.effective_speedup)
        self.assertEqual(711098.4, r.baseline_time_to_target.wall_time_ms)
        gate = r.gates[0]
        self.assertEqual(("min-speedup", False, 1.085, 1.2), (gate.name, gate.passed, gate.measured, gate.bound))
        self.assertFalse(r.passed)
        self.assertEqual([gate], r.failed_gates)
        self.assertEqual(self.doc, r.raw)
        with self.assertRaises(KeyError):
            r.comparison("nope")
        with self.assertRaises(KeyError):
            r.run("nope")


class Tolerance(unittest.TestCase):
    def test_unknown_fields_are_kept_at_every_level(self) -> None:
        doc = documented_example()
        doc["findings"] = [{"kind": "loss-spike", "step": 12}]
        doc["runs"][0]["profiler"] = {"ops": 3}
        doc["runs"][0]["stepTime"]["p99"] = 750.0
        doc["runs"][0]["throughput"]["samplesPerSecond"] = 12.5
        doc["comparisons"][0]["speedup"]["hodgesLehmann"] = 1.08
        doc["gates"][0]["severity"] = "error"
        r = parse_report(json.dumps(doc))
        self.assertEqual({"findings": [{"kind": "loss-spike", "step": 12}]}, r.extra)
        self.assertEqual({"profiler": {"ops": 3}}, r.runs[0].extra)
        self.assertEqual({"p99": 750.0}, r.runs[0].step_time.extra)
        self.assertEqual({"samplesPerSecond": 12.5}, r.runs[0].throughput.extra)
        self.assertEqual({"hodgesLehmann": 1.08}, r.comparisons[0].speedup.extra)
        self.assertEqual({"severity": "error"}, r.gates[0].extra)
        self.assertEqual(doc, r.raw)

    def test_missing_fields_are_none_or_empty(self) -> None:
        r = parse_report({"schemaVersion": 2, "runs": [{"label": "a"}], "comparisons": [{"label": "b"}]})
        self.assertEqual("a", r.runs[0].label)
        self.assertIsNone(r.runs[0].final_loss)
        self.assertEqual([], r.runs[0].warnings)
        self.assertEqual({}, r.runs[0].metrics)
        self.assertIsNone(r.comparisons[0].speedup)
        self.assertEqual([], r.gates)
        self.assertTrue(r.passed)

    def test_nulls(self) -> None:
        doc = documented_example()
        doc["runs"][0]["stepTime"] = None
        doc["runs"][0]["warnings"] = None
        doc["comparisons"][0]["speedup"] = None
        r = parse_report(doc)
        self.assertIsNone(r.runs[0].step_time)
        self.assertEqual([], r.runs[0].warnings)
        self.assertIsNone(r.comparisons[0].speedup)

    def test_metrics_map(self) -> None:
        doc = documented_example()
        doc["runs"][0]["metrics"] = {"loss": {"count": 3, "firstStep": 1, "lastStep": 3, "last": 2.5},
                                     "val_loss": {"count": 0, "firstStep": None, "lastStep": None, "last": None}}
        m = parse_report(doc).runs[0].metrics
        self.assertEqual(["loss", "val_loss"], list(m))
        self.assertEqual((3, 1, 3, 2.5), (m["loss"].count, m["loss"].first_step, m["loss"].last_step, m["loss"].last))
        self.assertIsNone(m["val_loss"].last)


class SchemaVersion(unittest.TestCase):
    def test_the_version_this_package_maps(self) -> None:
        self.assertEqual(2, traincmp.SCHEMA_VERSION)

    def test_same_major_in_another_spelling_is_read(self) -> None:
        for v in (2, 2.0, "2", "2.3"):
            with self.subTest(v=v):
                self.assertEqual(2, parse_report({"schemaVersion": v}).schema_version)

    def test_another_major_is_refused(self) -> None:
        for v in (1, 3, "3.0", None, True, "x"):
            with self.subTest(v=v):
                doc = {"runs": []} if v is None else {"schemaVersion": v, "runs": []}
                with self.assertRaises(SchemaVersionError) as e:
                    parse_report(doc)
                self.assertEqual(2, e.exception.supported)
                self.assertIn("reads version 2", str(e.exception))

    def test_not_a_report(self) -> None:
        for doc in ("", "[1, 2]", "{", b"\xff"):
            with self.subTest(doc=doc):
                with self.assertRaises(SchemaError):
                    parse_report(doc)

    def test_wrong_types_name_the_field(self) -> None:
        cases = [
            (lambda d: d["runs"][0].__setitem__("lossCount", "many"), "$.runs[0].lossCount: expected an integer"),
            (lambda d: d["runs"][0].__setitem__("lossCount", 1.5), "$.runs[0].lossCount: expected an integer"),
            (lambda d: d["runs"][0].__setitem__("finalLoss", True), "$.runs[0].finalLoss: expected a number"),
            (lambda d: d["runs"][0].__setitem__("files", "a.txt"), "$.runs[0].files: expected a list"),
            (lambda d: d["gates"][0].__setitem__("passed", 0), "$.gates[0].passed: expected true or false"),
            (lambda d: d.__setitem__("runs", {}), "$.runs: expected a list"),
            (lambda d: d["comparisons"][0].__setitem__("speedup", []), "$.comparisons[0].speedup: expected an object"),
        ]
        for change, message in cases:
            with self.subTest(message=message):
                doc = copy.deepcopy(documented_example())
                change(doc)
                with self.assertRaises(SchemaError) as e:
                    parse_report(doc)
                self.assertTrue(str(e.exception).startswith(message), str(e.exception))


if __name__ == "__main__":
    unittest.main()

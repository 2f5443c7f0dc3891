"""compare()'s arguments become the command line the binary gets."""

from __future__ import annotations

import os
import unittest
from pathlib import Path

from traincmp import build_args


class Arguments(unittest.TestCase):
    def test_runs_labels_and_json(self) -> None:
        self.assertEqual(
            ["--baseline", "b.txt", "--compare", "f1.txt", "f2.txt", "--labels", "base", "--labels", "v1",
             "--labels", "v2", "--json", "-"],
            build_args("b.txt", ["f1.txt", Path("f2.txt")], ["base", "v1", "v2"]))

    def test_a_single_compare_run_may_be_given_alone(self) -> None:
        self.assertEqual(["--baseline", "b", "--compare", "f", "--json", "-"], build_args("b", "f"))
        self.assertEqual(["--baseline", "b", "--compare", "f", "--json", "-"], build_args("b", Path("f")))

    def test_repeats_are_one_comma_list(self) -> None:
        self.assertEqual(["--baseline", "s1.txt,s2.txt", "--compare", "f1.txt,f2.txt", "g.txt", "--json", "-"],
                         build_args(["s1.txt", Path("s2.txt")], [["f1.txt", "f2.txt"], "g.txt"]))

    def test_options(self) -> None:
        args = build_args("b", None, output_dir=Path("out"), min_speedup=1.0, max_loss_diff=1e-05, warmup_steps="auto",
                          mermaid=True, fail_on_nan=False, title_prefix=None, report=["md", "html"],
                          pattern={"step": r"it (\d+)", "loss": r"loss=(\S+)"})
        self.assertEqual(
            ["--baseline", "b", "--output-dir", "out", "--min-speedup", "1.0", "--max-loss-diff", "1e-05",
             "--warmup-steps", "auto", "--mermaid", "--report", "md", "--report", "html",
             "--pattern", r"step=it (\d+)", "--pattern", r"loss=loss=(\S+)", "--json", "-"], args)

    def test_values_that_look_like_options_stay_values(self) -> None:
        self.assertEqual(
            ["--baseline", os.path.join(".", "-b.txt"), "--compare", os.path.join(".", "--f.txt"),
             "--labels=-base", "--labels", "x", "--title-prefix=-- ", "--json", "-"],
            build_args("-b.txt", ["--f.txt"], ["-base", "x"], title_prefix="-- "))

    def test_standard_input_is_dash(self) -> None:
        self.assertEqual(["--baseline", "-", "--json", "-"], build_args("-"))

    def test_refused(self) -> None:
        for name in ("json", "watch", "help", "version", "baseline"):
            with self.subTest(name=name):
                with self.assertRaises(TypeError):
                    build_args("b", **{name: True})

    def test_bad_values(self) -> None:
        with self.assertRaises(TypeError):
            build_args("b", labels="base")  # a string is not a list of labels
        with self.assertRaises(TypeError):
            build_args(3)  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            build_args([])
        with self.assertRaises(ValueError):
            build_args(["-", "a.txt"])
        with self.assertRaises(TypeError):
            build_args("b", min_speedup=object())
        with self.assertRaises(ValueError) as e:
            build_args("b", ["run,1.txt"])  # the tool would read two files
        self.assertIn("comma", str(e.exception))


if __name__ == "__main__":
    unittest.main()

"""The `traincmp` console script and `python -m traincmp` of an installed wheel: the binary itself, with the same
arguments, output, exit code, process and signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path
from typing import List

import traincmp
from support import BASELINE, FUSED, clean_env, need_binary, need_script


class EntryPoint(unittest.TestCase):
    def setUp(self) -> None:
        self.script = need_script(self)
        self.binary = need_binary(self)
        self.tmp = tempfile.TemporaryDirectory(prefix="traincmp-entry-")
        self.addCleanup(self.tmp.cleanup)
        self.dir = Path(self.tmp.name)
        self.commands = {"console script": [self.script], "python -m traincmp": [sys.executable, "-m", "traincmp"]}

    def run_all(self, args: List[str]) -> dict:
        """Runs the binary directly and through both entry points; returns {how: CompletedProcess}."""
        ways = dict(self.commands, binary=[self.binary])
        return {how: subprocess.run([*cmd, *args], capture_output=True, env=clean_env(), cwd=self.dir, check=False)
                for how, cmd in ways.items()}

    def assert_same_as_binary(self, args: List[str]) -> subprocess.CompletedProcess:
        runs = self.run_all(args)
        direct = runs.pop("binary")
        for how, r in runs.items():
            with self.subTest(how=how):
                self.assertEqual(direct.returncode, r.returncode, r.stderr)
                self.assertEqual(direct.stdout, r.stdout)
                self.assertEqual(direct.stderr, r.stderr)
        return direct

    def test_version(self) -> None:
        r = self.assert_same_as_binary(["--version"])
        self.assertEqual(0, r.returncode)
        self.assertTrue(r.stdout.decode().startswith(traincmp.__version__), r.stdout)

    def test_quick_start_json_and_exit_codes(self) -> None:
        ok = self.assert_same_as_binary(["--baseline", str(BASELINE), "--compare", str(FUSED), "--plots", "none",
                                         "--json", "-"])
        self.assertEqual(0, ok.returncode)
        self.assertEqual(["baseline", "fused"], [r["label"] for r in json.loads(ok.stdout)["runs"]])
        failed = self.assert_same_as_binary(["--baseline", str(BASELINE), "--compare", str(FUSED), "--plots", "none",
                                             "--min-speedup", "1.5"])
        self.assertEqual(1, failed.returncode)
        bad = self.assert_same_as_binary(["--baseline", "missing.txt"])
        self.assertEqual(2, bad.returncode)
        self.assertEqual(b"traincmp: error: missing.txt: file not found\n", bad.stderr)

    def test_arguments_arrive_untouched(self) -> None:
        args = ["--baseline", str(BASELINE), "--compare", str(FUSED), "--labels", "base line", "f\u00fc *$HOME",
                "--plots", "none", "--json", "-"]
        r = self.assert_same_as_binary(args)
        self.assertEqual(["base line", "f\u00fc *$HOME"], [run["label"] for run in json.loads(r.stdout)["runs"]])

    @unittest.skipUnless(sys.platform.startswith("linux"), "reads /proc")
    def test_the_binary_replaces_python_and_gets_the_signals(self) -> None:
        for how, cmd in self.commands.items():
            for sig in (signal.SIGINT, signal.SIGTERM):
                with self.subTest(how=how, signal=sig.name):
                    self.watch_and_stop(cmd, sig)

    def watch_and_stop(self, cmd: List[str], sig: signal.Signals) -> None:
        out = self.dir / f"watch-{sig.name}"
        child = subprocess.Popen([*cmd, "--baseline", str(BASELINE), "--compare", str(FUSED), "--watch", "1",
                                  "--plots", "none", "--report", "md", "--output-dir", str(out)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
        self.addCleanup(lambda: child.poll() is None and child.kill())
        output: List[bytes] = []  # --watch reports on standard output, and what it is doing after them
        watching = threading.Event()

        def read() -> None:
            for line in child.stdout:  # type: ignore[union-attr]
                output.append(line)
                if line.startswith(b"Watching "):
                    watching.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        errors = threading.Thread(target=child.stderr.read, daemon=True)  # type: ignore[union-attr]
        errors.start()
        self.assertTrue(watching.wait(60), b"".join(output))
        # the same process is now the binary: what a CI runner or Ctrl-C signals is traincmp, not Python
        self.assertEqual(os.path.realpath(self.binary), os.path.realpath(f"/proc/{child.pid}/exe"))
        ignored, blocked = signal_masks(child.pid)
        direct = subprocess.Popen([self.binary, "--baseline", str(BASELINE), "--watch", "1", "--plots", "none",
                                   "--output-dir", str(self.dir / "direct")],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=clean_env())
        try:
            line = direct.stdout.readline()  # type: ignore[union-attr]
            while line and not line.startswith(b"Watching "):
                line = direct.stdout.readline()  # type: ignore[union-attr]
            # Python ignores SIGPIPE and SIGXFSZ; exec keeps ignored signals ignored unless they are reset
            self.assertEqual(signal_masks(direct.pid), (ignored, blocked))
        finally:
            direct.kill()
            direct.wait()
        child.send_signal(sig)
        self.assertEqual(0, child.wait(60), b"".join(output))  # --watch stops with every output complete
        reader.join(10)
        self.assertIn(b"Stopped watching; every output is complete.\n", output)
        self.assertTrue((out / "summary.md").is_file())


class StartUp(unittest.TestCase):
    def test_the_entry_point_loads_only_what_it_needs(self) -> None:
        """The console script imports traincmp.__main__: it must not drag in the API, typing or pathlib, which
        would cost more than traincmp's own start (~6 ms)."""
        code = ("import sys; before = set(sys.modules); import traincmp.__main__; "
                "print(' '.join(sorted(set(sys.modules) - before)))")
        package_parent = str(Path(traincmp.__file__).resolve().parent.parent)
        done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True,
                              env=dict(clean_env(), PYTHONPATH=package_parent))
        loaded = set(done.stdout.split())
        self.assertIn("traincmp._binary", loaded)
        heavy = {"typing", "pathlib", "json", "subprocess", "dataclasses", "importlib.metadata", "traincmp._api",
                 "traincmp._schema"}
        self.assertEqual(set(), loaded & heavy)


def signal_masks(pid: int) -> tuple:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields["SigIgn"], fields["SigBlk"]


if __name__ == "__main__":
    unittest.main()

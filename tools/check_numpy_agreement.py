#!/usr/bin/env python3
"""Generates random tt-train logs the tests never saw and checks that traincmp prints the same summary block
as tools/numpy_reference.py (numpy).

    python3 tools/check_numpy_agreement.py TRAINCMP [--cases 200] [--seed 1]

TRAINCMP is the command to run, e.g. "dotnet src/TrainCompare.Cli/bin/Release/net10.0/traincmp.dll" or a
published "DIR/traincmp". Logs vary in form (old/new), length (5 to 20,000 steps), value ranges and
precision, prefixes, CRLF, restarts, nan/inf, exponents, and warm-up. Prints the cases that differ.
"""
import argparse
import math
import random
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fmt(rng, v):
    style = rng.choice(["g", "f6", "e", "f3", "repr"])
    if style == "g":
        return f"{v:.7g}"
    if style == "f6":
        return f"{v:.6f}"
    if style == "e":
        return f"{v:.6e}"
    if style == "f3":
        return f"{v:.3f}"
    return repr(v)


def make_log(rng, path):
    n = rng.choice([5, 50, 99, 100, 101, 250, 1000, 5000, 20000])
    old = rng.random() < 0.5
    prefix = rng.choice(["", "[Rank 0] ", "2026-01-01 00:00:00.000 | INFO | ", "I0101 trainer.cpp:12] "])
    eol = "\r\n" if rng.random() < 0.2 else "\n"
    mean_t = rng.uniform(1, 5000)
    std_t = mean_t * rng.uniform(0.0001, 0.2)
    lines = ["Loading model", "dataloader step time 0.365 ms"]
    steps = list(range(1, n + 1))
    if rng.random() < 0.2:  # a restart from a checkpoint
        k = rng.randrange(1, n)
        steps = steps[: k + rng.randrange(0, 20)] + list(range(k, n + 1))
    for s in steps:
        loss = 2 + 9 * math.exp(-s / (n / 5 + 1)) + rng.gauss(0, 0.05)
        if rng.random() < 0.002:
            loss = rng.choice([float("nan"), float("inf")])
        t = abs(rng.gauss(mean_t, std_t))
        ls = "nan" if math.isnan(loss) else ("inf" if math.isinf(loss) else fmt(rng, loss))
        if old:
            lines.append(f"{prefix}Step: {s}, Loss: {ls}")
            if rng.random() < 0.05:
                lines.append("Compilation finished at step 1")
            if s != steps[-1] or rng.random() < 0.5:
                lines.append(f"{prefix}Full step time {fmt(rng, t)} ms, cache entries: 91")
        else:
            lines.append(f"{prefix}Step: {s}, Loss: {ls}, Time: {fmt(rng, t)} ms, cache entries: 42")
    path.write_text(eol.join(lines) + (eol if rng.random() < 0.8 else ""))


def block(text):
    """The classic block: from the rule to the end of the final-loss section (tables follow it)."""
    start = text.index("=" * 60)
    final = text.index("Final Loss (", start)
    end = text.find("\n\n", final)
    return text[start:end if end >= 0 else None].strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("traincmp")
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for case in range(args.cases):
            files = []
            for k in range(rng.choice([1, 2, 3])):
                p = tmp / f"run{k}.txt"
                make_log(rng, p)
                files.append(str(p))
            warmup = rng.choice([0, 15, 15, 40, 200])
            cmd = shlex.split(args.traincmp) + ["--baseline", files[0], "--warmup-steps", str(warmup),
                                                "--output-dir", str(tmp / "out")]
            if len(files) > 1:
                cmd += ["--compare", *files[1:]]
            ours = subprocess.run(cmd, capture_output=True, text=True)
            ref = subprocess.run([sys.executable, str(HERE / "numpy_reference.py"), "--warmup-steps", str(warmup), *files],
                                 capture_output=True, text=True)
            if ours.returncode != 0 or ref.returncode != 0 or block(ours.stdout) != block(ref.stdout):
                bad += 1
                print(f"case {case}: differs (exit {ours.returncode}/{ref.returncode})")
                print(ours.stderr, ref.stderr)
                print("--- traincmp\n" + ours.stdout + "\n--- numpy\n" + ref.stdout)
    print(f"{args.cases - bad} of {args.cases} cases agree")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""An independent numpy implementation of traincmp's classic block, to check its numbers on any logs.

    python3 tools/numpy_reference.py [--warmup-steps N] BASELINE [COMPARE...]

Reads tt-train logs (both forms) with plain regular expressions, keys values by the printed step (a later
print of a step replaces an earlier one), and prints the classic block with numpy's mean and std, exactly
as the old plot_training_comparison.py formatted it. Labels are the file names without extension.
Compare its output with traincmp's: the numbers must be equal.
"""
import argparse
import re
from pathlib import Path

import numpy as np

STEP = re.compile(r"Step: (\d+), Loss: ([^,\s]+)")
NEW_TIME = re.compile(r", Time: ([^,\s]+) ms")
OLD_TIME = re.compile(r"Full step time ([^,\s]+) ms")


def number(text):
    t = text.lower().lstrip("+")
    if t in ("nan", "-nan"):
        return float("nan")
    return float(t)


def parse(path):
    losses, times = {}, {}
    last_step, last_has_time = None, True
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = STEP.search(line)
            if m:
                step = int(m.group(1))
                losses.pop(step, None)
                losses[step] = number(m.group(2))
                last_step, last_has_time = step, False
                t = NEW_TIME.search(line)
                if t:
                    times.pop(step, None)
                    times[step] = number(t.group(1))
                    last_has_time = True
                continue
            m = OLD_TIME.search(line)
            if m and last_step is not None and not last_has_time:
                times.pop(last_step, None)
                times[last_step] = number(m.group(1))
                last_has_time = True
    loss = np.array([losses[s] for s in sorted(losses)], dtype=np.float64)
    time = np.array([times[s] for s in sorted(times)], dtype=np.float64)
    return loss, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warmup-steps", type=int, default=15)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    data = {}
    for f in args.files:
        loss, time = parse(f)
        data[Path(f).stem] = (loss, time[args.warmup_steps:])
    print("=" * 60)
    print("SUMMARY STATISTICS")
    print("=" * 60)
    print("\nMean Step Times:")
    for name, (_, t) in data.items():
        if len(t):
            print(f"  {name}: {np.mean(t):.2f} ms (std: {np.std(t):.2f} ms)")
    names = list(data)
    if len(names) > 1 and len(data[names[0]][1]):
        base = np.mean(data[names[0]][1])
        print(f"\nSpeedup relative to '{names[0]}':")
        for name in names[1:]:
            t = data[name][1]
            if len(t):
                print(f"  {name}: {base / np.mean(t):.3f}x")
    print("\nFinal Loss (last 100 steps average):")
    for name, (loss, _) in data.items():
        if len(loss) >= 100:
            print(f"  {name}: {np.mean(loss[-100:]):.6f}")
        elif len(loss):
            print(f"  {name}: {np.mean(loss):.6f} (all {len(loss)} steps)")


if __name__ == "__main__":
    main()

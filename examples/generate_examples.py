#!/usr/bin/env python3
"""Writes the example logs in this folder: two nano_gpt runs of 1000 steps, shaped as tt-train prints them.

baseline.txt uses the older two-line form ("Step: N, Loss: X" then "Full step time T ms"), fused.txt the newer
one-line form with TPS/TFLOPS/MFU, so the quick start shows both being detected. Deterministic (fixed seed):
re-running it rewrites the same files.
"""
import math
import random
from pathlib import Path

STEPS = 1000
HERE = Path(__file__).resolve().parent


def loss_curve(rng, step, offset):
    base = 2.05 + 8.9 * math.exp(-step / 120.0) + 0.35 * math.exp(-step / 900.0)
    return base + rng.gauss(0, 0.045) + offset


def step_time(rng, step, mean, std):
    if step == 1:
        return 31842.0 + rng.gauss(0, 150)  # compilation
    if step <= 4:
        return mean * 1.6 + rng.gauss(0, 20)
    t = rng.gauss(mean, std)
    if step % 100 == 0:  # periodic host pause (eval / logging)
        t += 45.0
    return t


def header(lines):
    lines.append("2026-11-20 09:14:02.118 | INFO     | Loading config from configs/training_shakespear_nanogpt.yaml")
    lines.append("2026-11-20 09:14:02.240 | INFO     | Device: N300, mesh shape [1, 2]")
    lines.append("Model parameters: 10,788,096")
    lines.append("dataloader step time 0.365 ms")


def write_baseline(path):
    rng = random.Random(1234)  # data order and loss noise
    timing = random.Random(7)
    lines = []
    header(lines)
    cache = 0
    for step in range(1, STEPS + 1):
        loss = loss_curve(rng, step, 0.0)
        lines.append(f"Step: {step}, Loss: {loss:.6g}")
        if step == 1:
            lines.append("Compilation finished at step 1")
        if step % 50 == 0:
            lines.append("dataloader host only step time 0.033 ms")
            lines.append(f"dataloader step time {timing.uniform(0.3, 0.45):.3f} ms")
        cache = min(91, cache + 7)
        if step < STEPS:  # the last step often has no time line
            lines.append(f"Full step time {step_time(timing, step, 703.0, 12.0):.3f} ms, cache entries: {cache}")
    path.write_text("\n".join(lines) + "\n")


def write_fused(path):
    rng = random.Random(1234)  # the same data order: losses track the baseline closely
    noise = random.Random(99)
    lines = []
    header(lines)
    for step in range(1, STEPS + 1):
        loss = loss_curve(rng, step, noise.gauss(0, 0.002))
        t = step_time(noise, step, 650.0, 10.5)
        tps = 4096 * 1.0 / (t / 1000.0)
        tflops = tps * 6 * 10.788e6 / 1e12 * 100
        mfu = tflops / 466.0 * 100
        lines.append(f"Step: {step}, Loss: {loss:.6g}, Time: {t:.2f} ms, cache entries: 42, "
                     f"TPS: {tps:.0f}, TFLOPS: {tflops:.1f}, MFU: {mfu:.1f}%")
        if step == 1:
            lines.append("Compilation finished at step 1")
        if step % 50 == 0:
            lines.append(f"dataloader step time {noise.uniform(0.3, 0.45):.3f} ms")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    write_baseline(HERE / "baseline.txt")
    write_fused(HERE / "fused.txt")

#!/usr/bin/env python3
"""Writes examples/baseline_ops.csv.gz and examples/fused_ops.csv.gz: tt-metal device profiles of the example runs.

They are shaped as tt-metal's ops_perf_results_*.csv (tools/tracy/process_ops_logs.py) for tt-train's nano_gpt on an
N300 (two devices, every op once per device), consistent with examples/baseline.txt and examples/fused.txt (made by
examples/generate_examples.py): the baseline's median step is about 704 ms, the fused run's about 650 ms. The fused
run replaces the head split and merge (Pad, Slice, TilizeWithValPadding, UntilizeWithUnpadding) with
NLPCreateHeads/NLPConcatHeads and a Reshard, and its matmuls and layer norms run a little faster; its ops are also
dispatched with shorter gaps (fewer host round trips). Per step, device op time falls by about 29 ms and op-to-op
gaps by about 20 ms of the 54 ms the logs show.

tt-train marks the end of its first (compiling) step with a compilation_finished marker and the start of every step
with dataloader_step_done: ProfilerNoopOperation rows whose ATTRIBUTES name the identifier, once per device. Four steps
are profiled; traincmp reads the three after compilation. Deterministic (fixed seeds): re-running it rewrites the
same files (gzip without a time stamp; about 1 MB each unpacked).
"""
import gzip
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "examples"
LAYERS = 6
STEPS = 4  # the first compiles
DEVICES = 2

HEADER = [
    "OP CODE", "OP TYPE", "GLOBAL CALL COUNT", "DEVICE ID", "ATTRIBUTES", "MATH FIDELITY", "CORE COUNT",
    "PARALLELIZATION STRATEGY", "HOST START TS", "HOST END TS", "HOST DURATION [ns]", "DEVICE FW START CYCLE",
    "DEVICE FW END CYCLE", "OP TO OP LATENCY [ns]", "DEVICE FW DURATION [ns]", "DEVICE KERNEL DURATION [ns]",
    "DEVICE KERNEL DURATION PER CORE MIN [ns]", "DEVICE KERNEL DURATION PER CORE MAX [ns]",
    "INPUT_0_W_PAD[LOGICAL]", "INPUT_0_Z_PAD[LOGICAL]", "INPUT_0_Y_PAD[LOGICAL]", "INPUT_0_X_PAD[LOGICAL]",
    "INPUT_0_LAYOUT", "INPUT_0_DATATYPE", "INPUT_0_MEMORY", "OUTPUT_0_LAYOUT", "OUTPUT_0_DATATYPE", "OUTPUT_0_MEMORY",
    "PROGRAM CACHE HIT",
]
MEM = "'output_mem_config': 'MemoryConfig(memory_layout=TensorMemoryLayout::INTERLEAVED;buffer_type=BufferType::DRAM)'"


def attributes(op):
    """ATTRIBUTES as tt-metal writes them: a dict with ';' between entries (never ',')."""
    extra = {
        "BinaryNgDeviceOperation ADD": "'binary_op_type': 'BinaryOpType::ADD'; 'is_sfpu': 'false'",
        "BinaryNgDeviceOperation MUL": "'binary_op_type': 'BinaryOpType::MUL'; 'is_sfpu': 'false'",
        "UnaryDeviceOperation GELU": "'op_chain': '{BasicUnaryWithParam<float>(op_type=UnaryOpType::GELU;param={1})}'",
        "TransposeDeviceOperation": "'dim': 'TransposeOpDim::WH'; 'pad_value': '0'",
    }.get(op, "'dtype': 'DataType::BFLOAT16'")
    return "{" + extra + "; " + MEM + "}"


def layer_ops(fused):
    """(op, mean kernel µs) of one transformer layer, forward then backward."""
    heads = [("NLPCreateHeadsDeviceOperation", 210.0)] if fused else [
        ("PadDeviceOperation", 160.0), ("SliceDeviceOperation", 180.0),
        ("TilizeWithValPaddingDeviceOperation", 240.0), ("UntilizeWithUnpaddingDeviceOperation", 230.0)]
    merge = [("NLPConcatHeadsDeviceOperation", 190.0), ("ReshardDeviceOperation", 120.0)] if fused else [
        ("PadDeviceOperation", 150.0), ("SliceDeviceOperation", 170.0),
        ("TilizeWithValPaddingDeviceOperation", 230.0), ("UntilizeWithUnpaddingDeviceOperation", 220.0)]
    mm = 0.955 if fused else 1.0
    ln = 0.93 if fused else 1.0
    forward = ([("LayerNormDeviceOperation", 420.0 * ln), ("Matmul", 2100.0 * mm)] + heads
               + [("Matmul", 1500.0 * mm), ("SoftmaxDeviceOperation", 640.0), ("Matmul", 1450.0 * mm)] + merge
               + [("Matmul", 1700.0 * mm), ("BinaryNgDeviceOperation ADD", 260.0), ("LayerNormDeviceOperation", 420.0 * ln),
                  ("Matmul", 3300.0 * mm), ("UnaryDeviceOperation GELU", 380.0), ("Matmul", 3300.0 * mm),
                  ("BinaryNgDeviceOperation ADD", 260.0)])
    backward = ([("Matmul", 3400.0 * mm), ("Matmul", 3400.0 * mm), ("BinaryNgDeviceOperation MUL", 300.0),
                 ("Matmul", 3400.0 * mm), ("Matmul", 3400.0 * mm), ("LayerNormBackwardDeviceOperation", 780.0 * ln),
                 ("Matmul", 1750.0 * mm), ("Matmul", 1750.0 * mm)] + merge
                + [("SoftmaxBackwardDeviceOperation", 900.0), ("Matmul", 1500.0 * mm), ("Matmul", 1500.0 * mm)] + heads
                + [("Matmul", 2150.0 * mm), ("Matmul", 2150.0 * mm), ("LayerNormBackwardDeviceOperation", 780.0 * ln),
                   ("BinaryNgDeviceOperation ADD", 260.0)])
    return forward + backward


def step_ops(fused):
    ops = [("EmbeddingsDeviceOperation", 350.0)]
    for _ in range(LAYERS):
        ops += layer_ops(fused)
    ops += [("LayerNormDeviceOperation", 420.0), ("Matmul", 5200.0), ("SoftmaxDeviceOperation", 1900.0),
            ("MorehNllLossDeviceOperation", 700.0), ("MorehNllLossBackwardDeviceOperation", 800.0), ("Matmul", 5300.0),
            ("Matmul", 5300.0), ("EmbeddingBackwardDeviceOperation", 900.0)]
    ops += [("MorehAdamWDeviceOperation", 520.0)] * (LAYERS * 12 + 4)
    ops += [("AllReduceAsyncDeviceOperation", 3100.0)]
    return ops


def write(path, fused, seed, gap_us):
    rng = random.Random(seed)
    ops = step_ops(fused)
    # scale so that the example's step budget holds: op kernel time per step (ms)
    target = 531.0 if fused else 560.0
    scale = target * 1000.0 / sum(us for _, us in ops)
    rows = []
    call = 1024
    host_ts = 11_491_655_433
    cycle = 17_397_991_088_874

    def marker(identifier):
        nonlocal call, host_ts
        for device in range(DEVICES):
            rows.append(["ProfilerNoopOperation", "tt_dnn_device", call, device,
                         "{'identifier': '" + identifier + "'}", "HiFi4", 1, "", host_ts, host_ts + 9000, 9000,
                         cycle, cycle + 1500, 0, 1200, 900] + [""] * (len(HEADER) - 16))
            call += 1
        host_ts += 20_000

    for step in range(STEPS):
        marker("dataloader_step_done")
        for op, us in ops:
            kernel_mean = us * scale * 1000.0
            for device in range(DEVICES):
                kernel = int(kernel_mean * rng.gauss(1.0, 0.015) * (1.0 if device == 0 else rng.uniform(0.985, 1.01)))
                fw = kernel + int(rng.gauss(1450 if not fused else 1400, 60))
                gap = int(rng.gauss(gap_us, gap_us * 0.08) * 1000) if step > 0 else int(rng.uniform(2e6, 8e6))
                row = [op.split(" ")[0], "tt_dnn_device", call, device, attributes(op), "HiFi4", 64, "MULTI_CORE",
                       host_ts, host_ts + 35_000, 35_000, cycle, cycle + fw, gap, fw, kernel,
                       int(kernel * 0.93), kernel - 100, "1[1]", "1[1]", "256[256]", "384[384]", "TILE", "BFLOAT16",
                       "DEV_1_DRAM_INTERLEAVED", "TILE", "BFLOAT16", "DEV_1_DRAM_INTERLEAVED", "True"]
                rows.append(row)
                call += 1
                cycle += fw + gap
            host_ts += int(gap_us * 1000)
        if step == 0:
            marker("compilation_finished")
    text = ",".join(HEADER) + "\n" + "".join(",".join(str(v) for v in row) + "\n" for row in rows)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out:
        out.write(text.encode())


if __name__ == "__main__":
    # op-to-op gaps per op (µs): about 100 ms a step for the baseline, 80 ms for the fused run
    write(HERE / "baseline_ops.csv.gz", fused=False, seed=11, gap_us=100_000 / len(step_ops(False)))
    write(HERE / "fused_ops.csv.gz", fused=True, seed=12, gap_us=80_000 / len(step_ops(True)))

#!/usr/bin/env python3
"""Writes large profiler files for bench/profiles.sh: a PyTorch (Kineto) trace and a tt-metal ops CSV.

    profile_inputs.py kineto OUT.json MEGABYTES
    profile_inputs.py ttmetal OUT.csv ROWS

The trace is shaped as Kineto writes one (indented, one event per line): per op a cpu_op with its argument
metadata, a cudaLaunchKernel runtime call, an ac2g flow start and end, and the kernel on one of two streams, with a
ProfilerStep every 2000 ops; about 1.1 kB of JSON per op. The CSV has tt-metal's 139 columns of a recent version
(one row per op per device, two devices), ATTRIBUTES with ';' inside, about 1.1 kB a row. Deterministic.
"""
import random
import sys

KERNELS = [
    "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<float>, at::detail::Array<char*, 3>)",
    "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
    "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<c10::BFloat16, float>(int, float, c10::BFloat16 const*, c10::BFloat16 const*, c10::BFloat16 const*, float*, float*, c10::BFloat16*)",
    "void pytorch_flash::flash_fwd_kernel<pytorch_flash::Flash_fwd_kernel_traits<64, 128, 128, 4, false, false, cutlass::bfloat16_t> >(pytorch_flash::Flash_fwd_params)",
]
OPS = ["aten::add", "aten::mm", "aten::native_layer_norm", "aten::_flash_attention_forward"]


def kineto(path, megabytes):
    rng = random.Random(5)
    target = megabytes * 1_000_000
    with open(path, "w") as out:
        out.write('{\n  "schemaVersion": 1,\n  "deviceProperties": [{"id": 0, "name": "NVIDIA H100 80GB HBM3", "numSms": 132}],\n')
        out.write('  "distributedInfo": {"backend": "nccl", "rank": 0, "world_size": 8},\n  "traceEvents": [\n')
        written = 0
        ts = 1_700_000_000_000_000.0
        gpu = ts + 500
        i = 0
        step = 0
        first = True
        while written < target:
            if i % 2000 == 0:
                lines = [f'  {{"ph": "X", "cat": "user_annotation", "name": "ProfilerStep#{step}", "pid": 11, "tid": 11, '
                         f'"ts": {ts:.3f}, "dur": 2000000.000, "args": {{"External id": {i}}}}}']
                step += 1
            else:
                lines = []
            k = i % 4
            dur = rng.uniform(2, 40)
            corr = 100_000 + i
            lines += [
                f'  {{"ph": "X", "cat": "cpu_op", "name": "{OPS[k]}", "pid": 11, "tid": 11, "ts": {ts:.3f}, "dur": 12.5, '
                f'"args": {{"External id": {corr}, "Record function id": 0, "Sequence number": {i}, "Fwd thread id": 0, '
                f'"Input Dims": [[8, 1024, 4096], [4096, 4096], [], []], "Input type": ["c10::BFloat16", "c10::BFloat16", "Scalar", ""], '
                f'"Input Strides": [[4194304, 4096, 1], [4096, 1], [], []], "Concrete Inputs": ["", "", "1", ""], "Ev Idx": {i}}}}}',
                f'  {{"ph": "X", "cat": "cuda_runtime", "name": "cudaLaunchKernel", "pid": 11, "tid": 11, "ts": {ts + 4:.3f}, "dur": 5.1, '
                f'"args": {{"External id": {corr}, "cbid": 211, "correlation": {corr}}}}}',
                f'  {{"ph": "s", "id": {corr}, "pid": 11, "tid": 11, "ts": {ts + 4:.3f}, "cat": "ac2g", "name": "ac2g"}}',
                f'  {{"ph": "X", "cat": "kernel", "name": "{KERNELS[k]}", "pid": 0, "tid": {7 + i % 2}, "ts": {gpu:.3f}, "dur": {dur:.3f}, '
                f'"args": {{"External id": {corr}, "queued": 0, "device": 0, "context": 1, "stream": {7 + i % 2}, "correlation": {corr}, '
                f'"registers per thread": 128, "shared memory": 49152, "blocks per SM": 1.2, "warps per SM": 9.6, "grid": [132, 1, 1], '
                f'"block": [256, 1, 1], "est. achieved occupancy %": 12}}}}',
                f'  {{"ph": "f", "id": {corr}, "pid": 0, "tid": {7 + i % 2}, "ts": {gpu:.3f}, "cat": "ac2g", "name": "ac2g", "bp": "e"}}',
            ]
            text = ",\n".join(lines)
            out.write(text if first else ",\n" + text)
            first = False
            written += len(text) + 2
            ts += 1000
            gpu += max(dur * 0.8, 1)
            i += 1
        out.write('\n  ],\n  "traceName": "bench.pt.trace.json"\n}\n')


def ttmetal(path, rows):
    rng = random.Random(6)
    header = ["OP CODE", "OP TYPE", "GLOBAL CALL COUNT", "DEVICE ID", "DEVICE ARCH", "ATTRIBUTES", "MATH FIDELITY", "CORE COUNT",
              "AVAILABLE WORKER CORE COUNT", "PARALLELIZATION STRATEGY", "HOST START TS", "HOST END TS", "HOST DURATION [ns]",
              "DEVICE FW START CYCLE", "DEVICE FW END CYCLE", "OP TO OP LATENCY [ns]", "OP TO OP LATENCY BR/NRISC START [ns]",
              "DEVICE FW DURATION [ns]", "DEVICE KERNEL DURATION [ns]"]
    header += [f"EXTRA {n}" for n in range(139 - len(header))]
    ops = [("Matmul", "{'bcast_batch': '0'; 'compute_kernel_config': 'WormholeComputeKernelConfig(math_fidelity=HiFi4;math_approx_mode=0;fp32_dest_acc_en=1;packer_l1_acc=1)'; 'output_dtype': 'DataType::BFLOAT16'; 'output_mem_config': 'MemoryConfig(memory_layout=TensorMemoryLayout::INTERLEAVED;buffer_type=BufferType::DRAM;shard_spec=std::nullopt)'}"),
           ("BinaryNgDeviceOperation", "{'binary_op_type': 'BinaryOpType::ADD'; 'compute_kernel_config': 'std::nullopt'; 'dtype': 'DataType::BFLOAT16'; 'memory_config': 'MemoryConfig(memory_layout=TensorMemoryLayout::INTERLEAVED;buffer_type=BufferType::DRAM;shard_spec=std::nullopt)'}"),
           ("LayerNormDeviceOperation", "{'compute_kernel_config': 'WormholeComputeKernelConfig(math_fidelity=HiFi4;math_approx_mode=0;fp32_dest_acc_en=1)'; 'eps': '1e-05'; 'output_mem_config': 'MemoryConfig(memory_layout=TensorMemoryLayout::INTERLEAVED;buffer_type=BufferType::DRAM)'}")]
    with open(path, "w") as out:
        out.write(",".join(header) + "\n")
        for r in range(rows):
            op, attributes = ops[(r // 2) % 3]
            kernel = rng.randint(5_000, 900_000)
            extra = ["1[1]", "384[384]", "1280[1280]", "32[32]", "TILE", "BFLOAT16", "DEV_1_DRAM_INTERLEAVED"] * 10
            row = [op, "tt_dnn_device", 1024 + r, r % 2, "wormhole_b0", attributes, "HiFi4", 64, 64, "", 11_491_655_433 + r * 1000,
                   11_491_656_433 + r * 1000, 35_000, 17_397_991_088_874 + r * 2000, 17_397_991_090_874 + r * 2000, rng.randint(1000, 9000),
                   0, kernel + 1400, kernel]
            row += (extra + [""] * 139)[: 139 - len(row)]
            out.write(",".join(str(v) for v in row) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "kineto":
        kineto(sys.argv[2], int(sys.argv[3]))
    else:
        ttmetal(sys.argv[2], int(sys.argv[3]))

"""Cold compile time: tile-compile (source -> cubin) vs Triton, per kernel.

tile: `tile-compile KERNEL.mlir -o x.ptx --cubin x.cubin --metadata x.json
--num-warps N --target T --num-stages S` timed as a whole process (start-up,
MLIR context, passes, LLVM, ptxas, exit), RUNS times after one untimed run,
for every manifest kernel whose source is .mlir, S its num_stages (3 where
it names none), as build_kernels.py compiles them. tile-compile needs
libMLIR.so and libLLVM.so (over 100 MiB), which the GPU machine lacks, so
this part runs where the compiler was built; the report names the machine's
CPU.

Triton: the same kernel as bench/bench_memory.py's Triton column, in a fresh
Python process with a fresh, empty TRITON_CACHE_DIR per run. The figure is
the first call minus a warm second call (both synchronized), which is the
compile (frontend, TTIR/TTGIR/LLVM passes, ptxas) plus building and loading
its launcher. "driver warm" first compiles and runs a different trivial
kernel, so Triton's one-time set-up (its CUDA utility module, built with a
C compiler into the fresh cache) is not counted; "fully cold" counts it.
Imports of torch and triton are never timed. Needs a GPU (Triton compiles
for the device it finds).

Triton on the CPU machine (--triton-cpu), beside tile-compile on the same
processor: triton.compile of the same kernels for GPUTarget("cuda", 90, 32)
in a fresh process and fresh TRITON_CACHE_DIR per run, timing the compile
call alone (import untimed; its first compile in a process, so Triton's
in-process set-up is counted, as tile-compile's start-up is). Besides the
four kernels above, the fp16 GEMM: bench_gemm.py's Triton kernel (tutorial
03, bench/triton_matmul.py) with the config its autotuner picks at 4096^3,
once as Triton compiles it for sm_90 (wgmma) and once with DISABLE_MMA_V3=1
in the child's environment (mma.sync, the instruction our GEMMs use); each
child reports which of the two its PTX holds. Needs only the triton package
and no GPU.

Results go to <out>/compile_<part>.md and .json.

Usage:
  python3 bench/bench_compile.py --tile [--tile-compile PATH] [--runs 10]
  python3 bench/bench_compile.py --triton [--runs 3]
  python3 bench/bench_compile.py --triton-cpu [--runs 5]
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# CMake puts tile-compile in build/bin/; older trees had it under tools/.
DEFAULT_TILE_COMPILE = next(
    (path for path in (REPO_ROOT / "build" / "bin" / "tile-compile",
                       REPO_ROOT / "build" / "tools" / "tile-compile" / "tile-compile") if path.exists()),
    REPO_ROOT / "build" / "bin" / "tile-compile")

# Triton kernels of bench_memory.py timed here; vector_add also fully cold.
TRITON_KERNELS = ("vector_add", "softmax", "layer_norm", "rms_norm")
# --triton-cpu also compiles the fp16 GEMM: wgmma, then mma.sync.
TRITON_CPU_KERNELS = TRITON_KERNELS + ("matmul_f16", "matmul_f16_mma_v2")


def load_average():
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def cpu_name(load_at_start=None):
    """The processor and its load: a busy machine slows every compile."""
    name = platform.processor() or "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    start = f"{load_at_start} at the start, " if load_at_start else ""
    return f"{name} ({os.cpu_count()} CPUs, load average (1, 5, 15 min) {start}{load_average()} at the end)"


def summary(milliseconds):
    return {"min_ms": round(min(milliseconds), 1), "median_ms": round(statistics.median(milliseconds), 1),
            "runs": len(milliseconds)}


# ---------------------------------------------------------------------------
# tile-compile as a whole process.
# ---------------------------------------------------------------------------


def time_tile_compile(binary, entry, target, runs):
    source = REPO_ROOT / entry["source"]
    with tempfile.TemporaryDirectory() as scratch:
        out = pathlib.Path(scratch)
        command = [str(binary), str(source), "-o", str(out / "k.ptx"), "--cubin", str(out / "k.cubin"),
                   "--metadata", str(out / "k.json"), "--num-warps", str(entry["num_warps"]), "--target", target,
                   "--num-stages", str(entry.get("num_stages", 3))]
        times = []
        for run in range(runs + 1):
            begin = time.perf_counter()
            completed = subprocess.run(command, capture_output=True, text=True)
            elapsed = 1e3 * (time.perf_counter() - begin)
            if completed.returncode != 0:
                return {"error": f"exit {completed.returncode}: {completed.stderr.strip()[-400:]}",
                        "command": " ".join(command)}
            if run:  # the first run warms the page cache and is not counted
                times.append(elapsed)
        result = summary(times)
        result["cubin_bytes"] = (out / "k.cubin").stat().st_size if (out / "k.cubin").exists() else None
        result["command"] = " ".join(command)
        return result


def run_tile(options, runs):
    manifest = json.loads((BENCH_DIR / "manifest.json").read_text())
    binary = pathlib.Path(options.tile_compile)
    load_at_start = load_average()
    rows = []
    for entry in manifest["kernels"]:
        if not entry["source"].endswith(".mlir"):
            continue
        if not binary.exists():
            result = {"error": f"{binary} not built"}
        else:
            result = time_tile_compile(binary, entry, manifest["target"], runs)
        print(f"  tile-compile {entry['name']}: {result}")
        rows.append(dict(kernel=entry["name"], source=entry["source"], **result))
    return {"part": "tile", "machine": cpu_name(load_at_start), "rows": rows,
            "method": f"whole process, wall clock, {runs} runs after 1 untimed"}


# ---------------------------------------------------------------------------
# Triton, one fresh process and cache per run.
# ---------------------------------------------------------------------------


def triton_child(kernel_name, warm_driver):
    """Runs in the fresh process: prints the first-call-minus-warm-call ms."""
    import torch
    import triton
    import triton.language as tl

    sys.path.insert(0, str(BENCH_DIR))
    import bench_memory as bm

    @triton.jit
    def warm_up_kernel(x_ptr):
        tl.store(x_ptr, tl.load(x_ptr) + 1.0)

    torch.cuda.init()
    scratch = torch.zeros(16, device="cuda")
    if warm_driver:
        warm_up_kernel[(1,)](scratch)
        torch.cuda.synchronize()
    shapes = {"vector_add": (1 << 20,), "softmax": (64, 1024), "layer_norm": (64, 1024), "rms_norm": (64, 1024)}
    dtypes = {"vector_add": torch.float32, "softmax": torch.float32,
              "layer_norm": torch.float16, "rms_norm": torch.float16}
    case = bm.Case(kernel_name, shapes[kernel_name], dtypes[kernel_name])
    torch.cuda.synchronize()
    launch = case.providers["triton"][0]
    begin = time.perf_counter()
    launch()
    torch.cuda.synchronize()
    first = time.perf_counter()
    launch()
    torch.cuda.synchronize()
    second = time.perf_counter()
    print(json.dumps({"ms": 1e3 * ((first - begin) - (second - first))}))


def time_triton(kernel_name, warm_driver, runs, disable_mma_v3=False):
    """Times the child in fresh processes; warm_driver None: triton.compile on the CPU."""
    times, tensor_cores = [], set()
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            environment = dict(os.environ, TRITON_CACHE_DIR=cache)
            environment.pop("DISABLE_MMA_V3", None)
            if disable_mma_v3:
                environment["DISABLE_MMA_V3"] = "1"
            command = [sys.executable, str(pathlib.Path(__file__).resolve()), "--triton-child", kernel_name]
            if warm_driver is None:
                command[-2] = "--triton-cpu-child"
            elif warm_driver:
                command.append("--warm-driver")
            completed = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
            if completed.returncode != 0:
                return {"error": f"exit {completed.returncode}: {completed.stderr.strip()[-400:]}"}
            result = json.loads(completed.stdout.strip().splitlines()[-1])
            times.append(result["ms"])
            if "tensor_cores" in result:
                tensor_cores.add(", ".join(result["tensor_cores"]) or "no mma")
    result = summary(times)
    if tensor_cores:
        result["ptx_has"] = " / ".join(sorted(tensor_cores))
    return result


def run_triton(options, runs):
    import triton
    import torch

    rows = []
    for name in options.kernels or TRITON_KERNELS:
        for warm_driver in ((True, False) if name == "vector_add" else (True,)):
            result = time_triton(name, warm_driver, runs)
            label = "driver warm" if warm_driver else "fully cold"
            print(f"  triton {name} ({label}): {result}")
            rows.append(dict(kernel=name, mode=label, **result))
    return {"part": "triton", "machine": f"{cpu_name()}; GPU {torch.cuda.get_device_name()}",
            "triton": triton.__version__, "rows": rows,
            "method": f"first call minus warm call, fresh process and TRITON_CACHE_DIR per run, {runs} runs"}


# Triton signatures for triton.compile: (argument types, constexprs, num_warps),
# as bench_memory.py's launches at DESIGN.md's sizes specialize them.
TRITON_CPU_SIGNATURES = {
    "vector_add": ("triton_add_kernel", {"x_ptr": "*fp32", "y_ptr": "*fp32", "output_ptr": "*fp32",
                                         "n_elements": "i32"}, {"BLOCK_SIZE": 1024}, 4),
    "softmax": ("triton_softmax_kernel", {"output_ptr": "*fp32", "input_ptr": "*fp32", "input_row_stride": "i32",
                                          "output_row_stride": "i32", "n_rows": "i32", "n_cols": "i32"},
                {"BLOCK_SIZE": 4096, "num_stages": 4}, 8),
    "layer_norm": ("triton_layer_norm_fwd", {"X": "*fp16", "Y": "*fp16", "W": "*fp16", "B": "*fp16",
                                             "Mean": "*fp32", "Rstd": "*fp32", "stride": "i32", "N": "i32",
                                             "eps": "fp32"}, {"BLOCK_SIZE": 4096}, 8),
    "rms_norm": ("triton_rms_norm_fwd", {"X": "*fp16", "Y": "*fp16", "W": "*fp16", "Rstd": "*fp32",
                                         "stride": "i32", "N": "i32", "eps": "fp32"}, {"BLOCK_SIZE": 4096}, 8),
}

# The fp16 GEMM, as bench_gemm.py's Triton column runs it at 4096^3: the
# config its autotuner picks there (128x256x64, GROUP_SIZE_M 8, 8 warps, 3
# stages) and the JIT's specialization of its arguments for contiguous
# row-major fp16 A, B, C: the unit strides (stride_ak, stride_bn, stride_cn)
# become constexpr 1, the other i32s (M, N, K, stride_am, stride_bk,
# stride_cm: 4096) and the pointers get tt.divisibility = 16.
TRITON_CPU_MATMUL = (
    {"a_ptr": "*fp16", "b_ptr": "*fp16", "c_ptr": "*fp16", "M": "i32", "N": "i32", "K": "i32",
     "stride_am": "i32", "stride_bk": "i32", "stride_cm": "i32"},
    {"stride_ak": 1, "stride_bn": 1, "stride_cn": 1,
     "BLOCK_SIZE_M": 128, "BLOCK_SIZE_N": 256, "BLOCK_SIZE_K": 64, "GROUP_SIZE_M": 8},
    {"num_warps": 8, "num_stages": 3})


def triton_cpu_child(kernel_name):
    """Runs in the fresh process: prints the ms of one triton.compile call."""
    import importlib.util
    import types

    # bench_memory.py needs torch only for its workloads, not its kernels.
    if importlib.util.find_spec("torch") is None:
        stub = types.ModuleType("torch")
        stub.float16, stub.float32 = "float16", "float32"
        sys.modules["torch"] = stub
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    sys.path.insert(0, str(BENCH_DIR))
    if kernel_name.startswith("matmul_f16"):
        import triton_matmul

        function = triton.jit(triton_matmul.tutorial_matmul_kernel)
        signature, constexprs, options = TRITON_CPU_MATMUL
    else:
        import bench_memory as bm

        function_name, signature, constexprs, num_warps = TRITON_CPU_SIGNATURES[kernel_name]
        function = getattr(bm, function_name)
        options = {"num_warps": num_warps}
    # The JIT's specialization at DESIGN.md's sizes: every pointer 16-byte
    # aligned and every i32 (n, strides, n_rows, n_cols: 2^27, 4096, ...) a
    # multiple of 16, so tt.divisibility = 16 on all of them, as on ours.
    attrs = {(function.arg_names.index(name),): [["tt.divisibility", 16]]
             for name, kind in signature.items() if kind.startswith("*") or kind == "i32"}
    signature = dict(signature, **{name: "constexpr" for name in constexprs})
    signature = {name: signature[name] for name in function.arg_names}  # in parameter order, as the JIT's
    constants = {(function.arg_names.index(name),): value for name, value in constexprs.items()}
    source = ASTSource(function, signature, constants, attrs)
    begin = time.perf_counter()
    compiled = triton.compile(source, target=GPUTarget("cuda", 90, 32), options=options)
    elapsed = 1e3 * (time.perf_counter() - begin)
    result = {"ms": elapsed}
    if kernel_name.startswith("matmul_f16"):  # which MMA Triton chose, read after the timing
        ptx = compiled.asm.get("ptx", "")
        result["tensor_cores"] = [name for name in ("mma.sync", "wgmma") if name in ptx]
    print(json.dumps(result))


def run_triton_cpu(options, runs):
    import triton

    load_at_start = load_average()
    rows = []
    for name in options.kernels or TRITON_CPU_KERNELS:
        mma_v2 = name.endswith("_mma_v2")
        result = time_triton(name, None, runs, disable_mma_v3=mma_v2)
        print(f"  triton.compile {name} (sm_90, no GPU): {result}")
        mode = "triton.compile, fresh process" + (", DISABLE_MMA_V3=1" if mma_v2 else "")
        rows.append(dict(kernel=name, mode=mode, **result))
    return {"part": "triton_cpu", "machine": cpu_name(load_at_start), "triton": triton.__version__, "rows": rows,
            "method": f"triton.compile for cuda:90 alone, fresh process and TRITON_CACHE_DIR per run, {runs} runs"}


def write(report, out):
    report["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out.mkdir(parents=True, exist_ok=True)
    part = report["part"]
    (out / f"compile_{part}.json").write_text(json.dumps(report, indent=1) + "\n")
    lines = [f"# Cold compile time: {part.replace('_', '-')}", "",
             f"Run {report['date']} by `bench/bench_compile.py --{part.replace('_', '-')}` on {report['machine']}. "
             f"Method: {report['method']}.", "",
             "| kernel | mode | min ms | median ms | notes |", "|---|---|---:|---:|---|"]
    for row in report["rows"]:
        notes = "; ".join(note for note in (row.get("error"), row.get("ptx_has") and f"PTX has {row['ptx_has']}")
                          if note)
        lines.append(f"| {row['kernel']} | {row.get('mode', 'tile-compile process')} | {row.get('min_ms', '-')} "
                     f"| {row.get('median_ms', '-')} | {notes} |")
    (out / f"compile_{part}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {out / f'compile_{part}.md'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tile", action="store_true", help="time tile-compile (CPU machine with MLIR)")
    parser.add_argument("--triton", action="store_true", help="time Triton's cold compile (GPU machine)")
    parser.add_argument("--triton-cpu", action="store_true", help="time triton.compile with no GPU (CPU machine)")
    parser.add_argument("--tile-compile", default=os.environ.get("TILE_COMPILE", str(DEFAULT_TILE_COMPILE)))
    parser.add_argument("--kernels", nargs="*", help=f"Triton kernels (default {' '.join(TRITON_KERNELS)}; "
                        f"--triton-cpu: {' '.join(TRITON_CPU_KERNELS)})")
    parser.add_argument("--runs", type=int, default=None, help="timed runs (default: tile 10, Triton 3)")
    parser.add_argument("--out", default="bench/results/latest")
    parser.add_argument("--triton-child", help=argparse.SUPPRESS)
    parser.add_argument("--triton-cpu-child", help=argparse.SUPPRESS)
    parser.add_argument("--warm-driver", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.triton_child:
        triton_child(options.triton_child, options.warm_driver)
        return
    if options.triton_cpu_child:
        triton_cpu_child(options.triton_cpu_child)
        return
    if not (options.tile or options.triton or options.triton_cpu):
        parser.error("say --tile, --triton and/or --triton-cpu")
    out = pathlib.Path(options.out)
    if options.tile:
        write(run_tile(options, options.runs or 10), out)
    if options.triton:
        write(run_triton(options, options.runs or 3), out)
    if options.triton_cpu:
        write(run_triton_cpu(options, options.runs or 5), out)


if __name__ == "__main__":
    main()

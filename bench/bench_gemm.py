"""Matmul (GEMM): tile vs Triton 3.6 vs PyTorch (cuBLAS), in one run.

For fp16 and bf16 and each shape (M, N, K) (squares 1024..8192 and two LLM
shapes: a decode-sized M=16, N=K=4096, and an MLP up-projection M=4096,
N=11008, K=4096), with row-major A (M x K), B (K x N) and C (M x N), C in
the input dtype and fp32 accumulation, this runs
  - torch: torch.matmul(a, b, out=c) (cuBLAS);
  - triton: tutorial 03's matmul_kernel (grouped ordering, GROUP_SIZE_M 8)
    with its autotuner restricted to four of the tutorial's CUDA configs
    (TRITON_CONFIGS), keyed on M, N, K as the tutorial does, C stored in the
    input dtype;
  - tile: every kernel of ours that bench/manifest.json lists for workload
    'gemm' and the dtype (block sizes and warps differ; each a row), skipped
    where a shape breaks its divisible_by_16 hints (the hinted kernels
    are Triton's JIT specialization of the same kernel: contiguous strides
    constant 1, the other strides and M, N, K multiples of 16);
checks every output against an fp32 product of the same inputs (absolute
error at most TOLERANCE[dtype] x sqrt(K), the entries' standard deviation
for randn inputs: the output's rounding grows with it), then times each
and reports TFLOP/s = 2 M N K / time, the best tile kernel per shape and the
ratios tile/Triton and tile/torch. Timing and the helpers (checks, skips,
binding our kernels, the tile runtime) are bench_memory.py's.

--quick is the correctness sweep: ragged shapes (only the unhinted
matmul_*_ragged kernels take them), multiples of 16 that are not powers of
two, short timing. Results go to <out>/<name>.md and <out>/<name>.json
(name: gemm, or gemm_quick with --quick).

Usage: python3 bench/bench_gemm.py [--out DIR] [--name NAME] [--quick]
           [--method do_bench|events] [--dtype float16|bfloat16 ...]
"""

import argparse
import datetime
import json
import math
import pathlib
import sys

import torch
import triton
import triton.language as tl

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_memory as bm  # noqa: E402
import tile_kernels  # noqa: E402

DEVICE = "cuda"

# ---------------------------------------------------------------------------
# Triton: 03-matrix-multiplication's kernel, as the tutorial writes it (the
# output is stored in c's dtype instead of always fp16, so bf16 works too).
# ---------------------------------------------------------------------------

# Four of the tutorial's get_cuda_autotune_config() entries: its large-tile
# first choice, the two 128-row ones it tries next, and a small one for the
# thin M=16 shape.
TRITON_CONFIGS = [
    triton.Config({"BLOCK_SIZE_M": 128, "BLOCK_SIZE_N": 256, "BLOCK_SIZE_K": 64, "GROUP_SIZE_M": 8},
                  num_stages=3, num_warps=8),
    triton.Config({"BLOCK_SIZE_M": 128, "BLOCK_SIZE_N": 128, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8},
                  num_stages=4, num_warps=4),
    triton.Config({"BLOCK_SIZE_M": 64, "BLOCK_SIZE_N": 128, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8},
                  num_stages=4, num_warps=4),
    triton.Config({"BLOCK_SIZE_M": 32, "BLOCK_SIZE_N": 64, "BLOCK_SIZE_K": 32, "GROUP_SIZE_M": 8},
                  num_stages=5, num_warps=2),
]


@triton.autotune(configs=TRITON_CONFIGS, key=["M", "N", "K"])
@triton.jit
def triton_matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, stride_am, stride_ak, stride_bk, stride_bn,
                         stride_cm, stride_cn, BLOCK_SIZE_M: tl.constexpr, BLOCK_SIZE_N: tl.constexpr,
                         BLOCK_SIZE_K: tl.constexpr, GROUP_SIZE_M: tl.constexpr):
    pid = tl.program_id(axis=0)
    num_pid_m = tl.cdiv(M, BLOCK_SIZE_M)
    num_pid_n = tl.cdiv(N, BLOCK_SIZE_N)
    num_pid_in_group = GROUP_SIZE_M * num_pid_n
    group_id = pid // num_pid_in_group
    first_pid_m = group_id * GROUP_SIZE_M
    group_size_m = min(num_pid_m - first_pid_m, GROUP_SIZE_M)
    pid_m = first_pid_m + ((pid % num_pid_in_group) % group_size_m)
    pid_n = (pid % num_pid_in_group) // group_size_m
    tl.assume(pid_m >= 0)
    tl.assume(pid_n >= 0)
    tl.assume(stride_am > 0)
    tl.assume(stride_ak > 0)
    tl.assume(stride_bn > 0)
    tl.assume(stride_bk > 0)
    tl.assume(stride_cm > 0)
    tl.assume(stride_cn > 0)
    offs_am = (pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)) % M
    offs_bn = (pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)) % N
    offs_k = tl.arange(0, BLOCK_SIZE_K)
    a_ptrs = a_ptr + (offs_am[:, None] * stride_am + offs_k[None, :] * stride_ak)
    b_ptrs = b_ptr + (offs_k[:, None] * stride_bk + offs_bn[None, :] * stride_bn)
    accumulator = tl.zeros((BLOCK_SIZE_M, BLOCK_SIZE_N), dtype=tl.float32)
    for k in range(0, tl.cdiv(K, BLOCK_SIZE_K)):
        a = tl.load(a_ptrs, mask=offs_k[None, :] < K - k * BLOCK_SIZE_K, other=0.0)
        b = tl.load(b_ptrs, mask=offs_k[:, None] < K - k * BLOCK_SIZE_K, other=0.0)
        accumulator = tl.dot(a, b, accumulator)
        a_ptrs += BLOCK_SIZE_K * stride_ak
        b_ptrs += BLOCK_SIZE_K * stride_bk
    c = accumulator.to(c_ptr.dtype.element_ty)
    offs_cm = pid_m * BLOCK_SIZE_M + tl.arange(0, BLOCK_SIZE_M)
    offs_cn = pid_n * BLOCK_SIZE_N + tl.arange(0, BLOCK_SIZE_N)
    c_ptrs = c_ptr + stride_cm * offs_cm[:, None] + stride_cn * offs_cn[None, :]
    c_mask = (offs_cm[:, None] < M) & (offs_cn[None, :] < N)
    tl.store(c_ptrs, c, mask=c_mask)


def triton_matmul_launcher(a, b, c):
    """The tutorial's matmul(a, b) host code, writing into c."""
    M, K = a.shape
    N = b.shape[1]
    args = (a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1), c.stride(0), c.stride(1))

    def grid(meta):
        return (triton.cdiv(M, meta["BLOCK_SIZE_M"]) * triton.cdiv(N, meta["BLOCK_SIZE_N"]),)

    return lambda: triton_matmul_kernel[grid](*args)


def triton_best_config():
    """The autotuner's pick for the last shape it ran, as text."""
    config = getattr(triton_matmul_kernel, "best_config", None)
    if config is None:
        return "?"
    kwargs = config.kwargs
    return (f"{kwargs['BLOCK_SIZE_M']}x{kwargs['BLOCK_SIZE_N']}x{kwargs['BLOCK_SIZE_K']} "
            f"w{config.num_warps} s{config.num_stages}")


# ---------------------------------------------------------------------------
# Cases.
# ---------------------------------------------------------------------------

# Largest |out - fp32 product| allowed, in units of sqrt(K): the output's
# rounding (fp16: 2^-11, bf16: 2^-8 of values up to ~5 sqrt(K)) plus the
# accumulation order.
TOLERANCE = {torch.float16: 1e-2, torch.bfloat16: 4e-2}


class GemmCase:
    """One dtype and shape: inputs, outputs per provider, the reference."""

    workload = "gemm"

    def __init__(self, shape, dtype):
        self.shape, self.dtype = shape, dtype
        M, N, K = shape
        torch.manual_seed(0)
        a = torch.randn((M, K), device=DEVICE, dtype=dtype)
        b = torch.randn((K, N), device=DEVICE, dtype=dtype)
        out_torch, out_triton, out_tile = (torch.empty((M, N), device=DEVICE, dtype=dtype) for _ in range(3))
        self.reference = torch.matmul(a.float(), b.float())
        self.flops = 2 * M * N * K
        self.providers = {
            "torch": (lambda: torch.matmul(a, b, out=out_torch), out_torch),
            "triton": (triton_matmul_launcher(a, b, out_triton), out_triton),
        }
        # What the manifest's 'args' and 'grid' name.
        self.bindings = dict(a=a, b=b, c=out_tile, M=M, N=N, K=K, stride_am=a.stride(0),
                             stride_bk=b.stride(0), stride_cm=out_tile.stride(0))
        self.tile_output = out_tile
        self.tile_statistics = []
        self.atol = TOLERANCE[dtype] * math.sqrt(K)

    def size_text(self):
        return "x".join(str(s) for s in self.shape)

    def check(self, name, actual):
        return bm.check(name, actual.float(), self.reference, dict(rtol=0, atol=self.atol))


# (M, N, K): DESIGN.md's squares, then the two LLM shapes.
SHAPES = [(1024, 1024, 1024), (2048, 2048, 2048), (4096, 4096, 4096), (8192, 8192, 8192),
          (16, 4096, 4096), (4096, 11008, 4096)]
# Ragged shapes for the unhinted kernels (the hinted ones skip them), then
# multiples of 16 that are not powers of two for the hinted kernels' masks.
QUICK_SHAPES = [(1000, 1000, 1000), (777, 1001, 333), (16, 4096, 4096), (33, 65, 17), (1040, 2064, 1008),
                (512, 512, 512)]
DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}


def tflops(case, milliseconds):
    return case.flops * 1e-12 / (milliseconds * 1e-3)


def run_case(case, tile_entries, measure, rep_ms):
    """Checks and times one case; returns its rows, one per tile kernel."""
    results, notes = {}, {}
    for provider, (launch, output) in case.providers.items():
        launch()
        torch.cuda.synchronize()
        verdict = case.check(f"gemm {case.size_text()} {provider}", output)
        results[provider] = tflops(case, measure(launch, rep_ms)) if verdict == "ok" else None
        notes[provider] = "" if verdict == "ok" else f"{provider} output mismatch"
    notes["triton"] = "; ".join(n for n in (notes["triton"], f"Triton picked {triton_best_config()}") if n)
    rows = []
    for entry, kernel, load_note in tile_entries or [(None, None, "no tile kernel in the manifest")]:
        row_notes = [notes["torch"], notes["triton"]]
        tile_tflops, tile_name = None, entry["name"] if entry else "-"
        if kernel is None:
            row_notes.append(load_note)
        else:
            launch, why = bm.bind_tile_launch(case, entry, kernel)
            if launch is None:
                row_notes.append(why)
            else:
                case.tile_output.fill_(float("nan"))
                launch()
                torch.cuda.synchronize()
                if case.check(f"gemm {case.size_text()} tile {tile_name}", case.tile_output) == "ok":
                    tile_tflops = tflops(case, measure(launch, rep_ms))
                else:
                    row_notes.append("tile output mismatch: not timed")
                launch.release()
        row = {
            "workload": "gemm",
            "size": case.size_text(),
            "dtype": str(case.dtype).replace("torch.", ""),
            "tile_kernel": tile_name,
            "tile_tflops": tile_tflops,
            "triton_tflops": results.get("triton"),
            "torch_tflops": results.get("torch"),
            "tile_over_triton": bm.ratio(tile_tflops, results.get("triton")),
            "tile_over_torch": bm.ratio(tile_tflops, results.get("torch")),
            "notes": "; ".join(n for n in row_notes if n),
        }
        print("  " + format_row(row))
        rows.append(row)
    return rows


def best_rows(rows):
    """Per dtype and shape, the fastest tile kernel that passed (else the first row)."""
    cases = {}
    for row in rows:
        cases.setdefault((row["dtype"], row["size"]), []).append(row)
    best = []
    for case_rows in cases.values():
        timed = [row for row in case_rows if row["tile_tflops"] is not None]
        best.append(max(timed, key=lambda row: row["tile_tflops"]) if timed else case_rows[0])
    return best


def format_row(row):
    cell = bm.cell
    return (f"{row['dtype']:<9} {row['size']:<16} {row['tile_kernel']:<24} {cell(row['tile_tflops'], 1):>6} "
            f"{cell(row['triton_tflops'], 1):>6} {cell(row['torch_tflops'], 1):>6} "
            f"{cell(row['tile_over_triton'], 2):>6} {cell(row['tile_over_torch'], 2):>6}  {row['notes']}")


def markdown(report):
    cell = bm.cell
    header = ("| dtype | M x N x K | tile kernel | tile TFLOP/s | Triton TFLOP/s | torch TFLOP/s | tile/Triton "
              "| tile/torch | notes |")
    rule = "|---|---|---|---:|---:|---:|---:|---:|---|"

    def line(row):
        return (f"| {row['dtype']} | {row['size']} | {row['tile_kernel']} | {cell(row['tile_tflops'], 1)} "
                f"| {cell(row['triton_tflops'], 1)} | {cell(row['torch_tflops'], 1)} "
                f"| {cell(row['tile_over_triton'], 2)} | {cell(row['tile_over_torch'], 2)} | {row['notes']} |")

    lines = [
        f"# GEMM: tile vs Triton vs torch ({report['gpu']})",
        "",
        f"Run {report['date']} by `bench/bench_gemm.py --method {report['method']}"
        f"{' --quick' if report['quick'] else ''}`; GPU {report['gpu']}, torch {report['torch']}, "
        f"Triton {report['triton']}, CUDA driver {report['driver']}. TFLOP/s = 2 M N K / "
        f"{bm.METHODS[report['method']][1]}. Row-major A, B, C; C in the input dtype, fp32 accumulation. "
        "Every timed output was first checked against an fp32 product of the same inputs "
        "(|error| <= tolerance x sqrt(K)).",
        "",
        "## Best tile kernel per shape",
        "",
        header,
        rule,
    ]
    lines += [line(row) for row in report["best"]]
    lines += ["", "## Every tile kernel", "", header, rule]
    lines += [line(row) for row in report["rows"]]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench/results/latest", help="folder for NAME.md and NAME.json")
    parser.add_argument("--name", help="file name of the results, without extension (default gemm or gemm_quick)")
    parser.add_argument("--method", choices=sorted(bm.METHODS), default="do_bench", help="timing method")
    parser.add_argument("--quick", action="store_true", help="ragged and small shapes, short timing")
    parser.add_argument("--dtype", nargs="*", choices=sorted(DTYPES), help="dtypes to run (default: both)")
    parser.add_argument("--manifest", default=str(tile_kernels.REPO_ROOT / "bench" / "manifest.json"))
    options = parser.parse_args()

    shapes = QUICK_SHAPES if options.quick else SHAPES
    dtypes = [DTYPES[name] for name in (options.dtype or ["float16", "bfloat16"])]
    name = options.name or ("gemm_quick" if options.quick else "gemm")
    rep_ms = 20 if options.quick else 100
    gpu = torch.cuda.get_device_name()
    print(f"GPU: {gpu}; torch {torch.__version__}; triton {triton.__version__}")
    torch.cuda.init()
    try:
        runtime = tile_kernels.Runtime()
        info = runtime.device_info()
        driver = f"{info['driver_version'] // 1000}.{info['driver_version'] % 1000 // 10}"
    except (FileNotFoundError, tile_kernels.TileRuntimeError) as error:
        print(f"tile runtime unavailable, tile column empty: {error}")
        runtime, driver = None, "?"
    manifest = json.loads(pathlib.Path(options.manifest).read_text())
    tile = bm.load_tile_kernels(runtime, manifest, [("gemm", None, None)]).get("gemm", [])

    print(f"{'dtype':<9} {'M x N x K':<16} {'tile kernel':<24} {'tile':>6} {'triton':>6} {'torch':>6} "
          f"{'t/trit':>6} {'t/torc':>6}  notes   (TFLOP/s)")
    rows = []
    for dtype in dtypes:
        entries = [item for item in tile if item[0]["dtype"] == str(dtype).replace("torch.", "")]
        for shape in shapes:
            case = GemmCase(shape, dtype)
            rows.extend(run_case(case, entries, bm.METHODS[options.method][0], rep_ms))
            del case
            torch.cuda.empty_cache()

    report = {
        "gpu": gpu,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "torch": torch.__version__,
        "triton": triton.__version__,
        "driver": driver,
        "quick": options.quick,
        "method": options.method,
        "timing": f"{bm.METHODS[options.method][1]}; rep {rep_ms} ms",
        "triton_configs": [str(config) for config in TRITON_CONFIGS],
        "best": best_rows(rows),
        "rows": rows,
    }
    out = pathlib.Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / f"{name}.md").write_text(markdown(report))
    print(f"wrote {out / name}.md and .json")
    if runtime is not None:
        runtime.close()
    return 1 if any("mismatch" in row["notes"].lower() for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

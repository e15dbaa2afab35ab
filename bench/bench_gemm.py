"""Matmul (GEMM): tile vs Triton 3.6 vs PyTorch (cuBLAS), in one run.

For fp16 and bf16 and each shape (M, N, K) (squares 1024..8192 and two LLM
shapes: a decode-sized M=16, N=K=4096, and an MLP up-projection M=4096,
N=11008, K=4096), with row-major A (M x K), B (K x N) and C (M x N), C in
the input dtype and fp32 accumulation, this runs
  - torch: torch.matmul(a, b, out=c) (cuBLAS);
  - triton: tutorial 03's matmul_kernel (grouped ordering, GROUP_SIZE_M 8)
    with its autotuner restricted to four of the tutorial's CUDA configs
    (TRITON_CONFIGS), keyed on M, N, K as the tutorial does, C stored in the
    input dtype; on Hopper its 4- and 8-warp configs use wgmma;
  - triton_mma_v2: the same kernel and configs compiled with Triton's
    DISABLE_MMA_V3, so every dot is mma.sync (mma v2), the instruction our
    kernels use: Triton's sm_80 path on this GPU. Its column counts only
    where the picked kernel's PTX has mma.sync and no wgmma (checked per
    shape), else it says unavailable;
  - tile: every kernel of ours that bench/manifest.json lists for workload
    'gemm' and the dtype (block sizes and warps differ; each a row), skipped
    where a shape breaks its divisible_by_16 hints (the hinted kernels
    are Triton's JIT specialization of the same kernel: contiguous strides
    constant 1, the other strides and M, N, K multiples of 16);
checks every output against an fp32 product of the same inputs (absolute
error at most TOLERANCE[dtype] x sqrt(K), the entries' standard deviation
for randn inputs: the output's rounding grows with it), then times each
and reports TFLOP/s = 2 M N K / time, the best tile kernel per shape and the
ratios tile/Triton, tile/Triton mma v2 and tile/torch. Where the output folder
holds bench_mma_peak.py's mma_peak.json for the same GPU, each row also gives
the tile kernel as a fraction of the mma.sync ceiling of its dtype. Timing and
the helpers (checks, skips, binding our kernels, the tile runtime) are
bench_memory.py's.

--quick is the correctness sweep: ragged shapes (only the unhinted
matmul_*_ragged kernels take them), multiples of 16 that are not powers of
two, short timing. Results go to <out>/<name>.md and <out>/<name>.json
(name: gemm, or gemm_quick with --quick).

Usage: python3 bench/bench_gemm.py [--out DIR] [--name NAME] [--quick]
           [--method do_bench|events] [--dtype float16|bfloat16 ...]
           [--mma-peak PATH]
"""

import argparse
import contextlib
import json
import math
import os
import pathlib
import sys

import torch
import triton

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_memory as bm  # noqa: E402
import tile_kernels  # noqa: E402
from triton_matmul import tutorial_matmul_kernel  # noqa: E402

DEVICE = "cuda"

# ---------------------------------------------------------------------------
# Triton: 03-matrix-multiplication's kernel (bench/triton_matmul.py).
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


def autotuned_matmul():
    """The tutorial's kernel as @triton.autotune(@triton.jit): a JITFunction of its own each call."""
    return triton.autotune(configs=TRITON_CONFIGS, key=["M", "N", "K"])(triton.jit(tutorial_matmul_kernel))


triton_matmul_kernel = autotuned_matmul()
# The same kernel for the triton_mma_v2 column, always run under
# mma_v3_disabled(). It must be a second JITFunction: a JITFunction keeps the
# kernels it compiled in memory keyed on the arguments' specialization and
# the options, not on DISABLE_MMA_V3, so the first one would hand back its
# wgmma kernels. (Triton's on-disk cache key does include the variable: it is
# one of libtriton's get_cache_invalidating_env_vars().)
triton_matmul_kernel_mma_v2 = autotuned_matmul()


@contextlib.contextmanager
def mma_v3_disabled():
    """Sets DISABLE_MMA_V3=1 for what runs inside, then restores it.

    Triton reads it through getenv each time it picks a dot's MMA version
    (supportMMA(dot, 3) returns false while it is set), so a kernel compiled
    inside falls back from wgmma (v3) to mma.sync (v2).
    """
    previous = os.environ.get("DISABLE_MMA_V3")
    os.environ["DISABLE_MMA_V3"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DISABLE_MMA_V3"]
        else:
            os.environ["DISABLE_MMA_V3"] = previous


# provider -> (autotuned kernel, context its compiles and launches run in).
TRITON_PROVIDERS = {
    "triton": (triton_matmul_kernel, contextlib.nullcontext),
    "triton_mma_v2": (triton_matmul_kernel_mma_v2, mma_v3_disabled),
}


def triton_matmul_launcher(kernel, a, b, c):
    """The tutorial's matmul(a, b) host code, writing into c. The launch
    returns the compiled kernel (Triton's launch does), so its PTX can be read."""
    M, K = a.shape
    N = b.shape[1]
    args = (a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1), c.stride(0), c.stride(1))

    def grid(meta):
        return (triton.cdiv(M, meta["BLOCK_SIZE_M"]) * triton.cdiv(N, meta["BLOCK_SIZE_N"]),)

    return lambda: kernel[grid](*args)


def triton_best_config(kernel):
    """The autotuner's pick for the last shape it ran, as text."""
    config = getattr(kernel, "best_config", None)
    if config is None:
        return "?"
    kwargs = config.kwargs
    return (f"{kwargs['BLOCK_SIZE_M']}x{kwargs['BLOCK_SIZE_N']}x{kwargs['BLOCK_SIZE_K']} "
            f"w{config.num_warps} s{config.num_stages}")


def tensor_core_instructions(compiled):
    """Which of mma.sync and wgmma a compiled Triton kernel's PTX holds."""
    ptx = getattr(compiled, "asm", {}).get("ptx", "")
    return [name for name in ("mma.sync", "wgmma") if name in ptx]


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
        out_torch, out_tile = (torch.empty((M, N), device=DEVICE, dtype=dtype) for _ in range(2))
        self.reference = torch.matmul(a.float(), b.float())
        self.flops = 2 * M * N * K
        self.providers = {"torch": (lambda: torch.matmul(a, b, out=out_torch), out_torch)}
        for provider, (kernel, _) in TRITON_PROVIDERS.items():
            output = torch.empty((M, N), device=DEVICE, dtype=dtype)
            self.providers[provider] = (triton_matmul_launcher(kernel, a, b, output), output)
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


def run_provider(case, provider, launch, output, measure, rep_ms):
    """Checks and times one provider; returns (TFLOP/s or None, note)."""
    kernel, context = TRITON_PROVIDERS.get(provider, (None, contextlib.nullcontext))
    with context():
        compiled = launch()  # the first call of a shape autotunes, compiling every config
        torch.cuda.synchronize()
        note = ""
        if kernel is not None:
            found = tensor_core_instructions(compiled)
            note = f"{provider} picked {triton_best_config(kernel)} ({', '.join(found) or 'no mma'} in PTX)"
            if provider == "triton_mma_v2" and found != ["mma.sync"]:
                return None, f"triton_mma_v2 unavailable: its PTX has {found or 'no mma'}, not mma.sync alone"
        if case.check(f"gemm {case.size_text()} {provider}", output) != "ok":
            return None, "; ".join(n for n in (note, f"{provider} output mismatch") if n)
        return tflops(case, measure(launch, rep_ms)), note


def run_case(case, tile_entries, measure, rep_ms, mma_peak):
    """Checks and times one case; returns its rows, one per tile kernel."""
    results, notes = {}, {}
    for provider, (launch, output) in case.providers.items():
        results[provider], notes[provider] = run_provider(case, provider, launch, output, measure, rep_ms)
    peak = mma_peak.get(str(case.dtype).replace("torch.", ""))
    rows = []
    for entry, kernel, load_note in tile_entries or [(None, None, "no tile kernel in the manifest")]:
        row_notes = list(notes.values())
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
            "triton_mma_v2_tflops": results.get("triton_mma_v2"),
            "torch_tflops": results.get("torch"),
            "tile_over_triton": bm.ratio(tile_tflops, results.get("triton")),
            "tile_over_triton_mma_v2": bm.ratio(tile_tflops, results.get("triton_mma_v2")),
            "tile_over_torch": bm.ratio(tile_tflops, results.get("torch")),
            "tile_over_mma_peak": bm.ratio(tile_tflops, peak),
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
            f"{cell(row['triton_tflops'], 1):>6} {cell(row['triton_mma_v2_tflops'], 1):>6} "
            f"{cell(row['torch_tflops'], 1):>6} {cell(row['tile_over_triton'], 2):>6} "
            f"{cell(row['tile_over_triton_mma_v2'], 2):>6} {cell(row['tile_over_torch'], 2):>6} "
            f"{cell(row['tile_over_mma_peak'], 2):>6}  {row['notes']}")


def mma_peak_text(report):
    peak = report["mma_peak"]
    if not peak:
        return "No mma.sync ceiling for this GPU in the folder (run bench/bench_mma_peak.py first), so tile/peak is -."
    figures = ", ".join(f"{dtype} {tflops:.1f}" for dtype, tflops in peak.items())
    return (f"mma.sync ceiling (`bench/bench_mma_peak.py`, {report['mma_peak_source']}): {figures} TFLOP/s; "
            "tile/peak is the tile kernel's TFLOP/s over it.")


def markdown(report):
    cell = bm.cell
    header = ("| dtype | M x N x K | tile kernel | tile TFLOP/s | Triton TFLOP/s | Triton mma v2 TFLOP/s "
              "| torch TFLOP/s | tile/Triton | tile/Triton mma v2 | tile/torch | tile/peak | notes |")
    rule = "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"

    def line(row):
        return (f"| {row['dtype']} | {row['size']} | {row['tile_kernel']} | {cell(row['tile_tflops'], 1)} "
                f"| {cell(row['triton_tflops'], 1)} | {cell(row['triton_mma_v2_tflops'], 1)} "
                f"| {cell(row['torch_tflops'], 1)} | {cell(row['tile_over_triton'], 2)} "
                f"| {cell(row['tile_over_triton_mma_v2'], 2)} | {cell(row['tile_over_torch'], 2)} "
                f"| {cell(row['tile_over_mma_peak'], 2)} | {row['notes']} |")

    lines = [
        f"# GEMM: tile vs Triton vs torch ({report['gpu']})",
        "",
        f"Run {report['date']} by `bench/bench_gemm.py --method {report['method']}"
        f"{' --quick' if report['quick'] else ''}`; GPU {report['gpu']}, torch {report['torch']}, "
        f"Triton {report['triton']}, CUDA driver {report['driver']}. TFLOP/s = 2 M N K / "
        f"{bm.METHODS[report['method']][1]}. Row-major A, B, C; C in the input dtype, fp32 accumulation. "
        "Every timed output was first checked against an fp32 product of the same inputs "
        "(|error| <= tolerance x sqrt(K)). Triton mma v2: the same Triton kernel and configs compiled with "
        "DISABLE_MMA_V3=1 (mma.sync instead of wgmma; the notes say what each picked kernel's PTX holds).",
        "",
        mma_peak_text(report),
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


def load_mma_peak(path, gpu):
    """{dtype: best TFLOP/s} from bench_mma_peak.py's report when it is of this GPU, else {}."""
    if not path.exists():
        print(f"no {path}: the tile/peak column stays empty (run bench/bench_mma_peak.py first)")
        return {}
    report = json.loads(path.read_text())
    if report["gpu"] != gpu:
        print(f"{path} is of {report['gpu']}, not {gpu}: the tile/peak column stays empty")
        return {}
    return {dtype: row["tflops"] for dtype, row in report["best"].items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bm.add_output_arguments(parser, None)  # --name: gemm or gemm_quick
    parser.add_argument("--quick", action="store_true", help="ragged and small shapes, short timing")
    parser.add_argument("--dtype", nargs="*", choices=sorted(DTYPES), help="dtypes to run (default: both)")
    parser.add_argument("--manifest", default=str(tile_kernels.REPO_ROOT / "bench" / "manifest.json"))
    parser.add_argument("--mma-peak", help="bench_mma_peak.py's JSON report (default: OUT/mma_peak.json)")
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
    mma_peak_path = pathlib.Path(options.mma_peak or pathlib.Path(options.out) / "mma_peak.json")
    mma_peak = load_mma_peak(mma_peak_path, gpu)

    print(f"{'dtype':<9} {'M x N x K':<16} {'tile kernel':<24} {'tile':>6} {'triton':>6} {'tri_v2':>6} "
          f"{'torch':>6} {'t/trit':>6} {'t/t_v2':>6} {'t/torc':>6} {'t/peak':>6}  notes   (TFLOP/s)")
    rows = []
    for dtype in dtypes:
        entries = [item for item in tile if item[0]["dtype"] == str(dtype).replace("torch.", "")]
        for shape in shapes:
            case = GemmCase(shape, dtype)
            rows.extend(run_case(case, entries, bm.METHODS[options.method][0], rep_ms, mma_peak))
            del case
            torch.cuda.empty_cache()

    report = {
        **bm.report_header(gpu, driver, options.method, rep_ms),
        "quick": options.quick,
        "triton_configs": [str(config) for config in TRITON_CONFIGS],
        "mma_peak": mma_peak,
        "mma_peak_source": str(mma_peak_path) if mma_peak else None,
        "best": best_rows(rows),
        "rows": rows,
    }
    bm.write_report(options.out, name, report, markdown(report))
    if runtime is not None:
        runtime.close()
    return 1 if any("mismatch" in row["notes"].lower() for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

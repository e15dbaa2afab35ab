"""mma.sync ceiling: the TFLOP/s of m16n8k16 mma.sync alone on this GPU.

Our GEMM kernels compute with mma.sync.aligned.m16n8k16 (the sm_80 path),
not Hopper's wgmma, so the most they can reach is what the tensor cores give
through mma.sync. This measures that: the hand-written kernels of
bench/kernels/mma_peak_{f16,bf16}.ptx (manifest workload 'mma_peak') run,
in every warp, a loop of CHAINS independent
mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16}.{f16,bf16}.f32 on register
operands, with no memory access in the loop, and store the accumulators at
the end. Each is launched through the tile runtime (bench/tile_kernels.py)
with 4, 8 and 16 warps per block and 1 to 4 blocks per SM (grid = SMs x
blocks per SM), its output checked (every accumulator holds its chain's
start plus iterations x the sum one mma adds, so the loop ran exactly the
mma counted), then timed like the other scripts. TFLOP/s = 2 x 16 x 8 x 16 x
mma executed / time; the best launch per dtype is the ceiling, which
bench_gemm.py reads from the same folder to state our GEMM as a fraction of
it. Results go to <out>/<name>.md and <out>/<name>.json (name: mma_peak).

Usage: python3 bench/bench_mma_peak.py [--out DIR] [--name NAME] [--method do_bench|events]
"""

import argparse
import json
import pathlib
import sys

import torch
import triton

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_memory as bm  # noqa: E402
import tile_kernels  # noqa: E402

DEVICE = "cuda"
# Independent accumulator chains per warp in mma_peak_*.ptx, 4 fp32 registers
# per thread each.
CHAINS = 16
FLOPS_PER_MMA = 2 * 16 * 8 * 16
WARPS_PER_BLOCK = (4, 8, 16)
BLOCKS_PER_SM = (1, 2, 3, 4)
# mma per launch (2^29 x 4096 FLOP = 2.2 TFLOP): a few milliseconds at the
# rates expected, so launch overhead and the last wave's tail are small.
MMA_PER_LAUNCH = 1 << 29
# An accumulator ends at chain + iterations x (1 + column) x 5 / 64 <= 15 +
# 0.625 x iterations, a multiple of 2^-6, exact in fp32 below 2^18.
MAX_ITERATIONS = 400_000
PTX_TYPE = {"float16": "f16", "bfloat16": "bf16"}


def instruction(dtype):
    t = PTX_TYPE[dtype]
    return f"mma.sync.aligned.m16n8k16.row.col.f32.{t}.{t}.f32"


def expected_warp_output(iterations):
    """One warp's 32 lanes x (CHAINS x 4) accumulators after the loop, as the
    .ptx header derives them: chain j's register r in lane l holds
    j + iterations x (1 + column) x 5 / 64, column = 2 (l % 4) + r % 2."""
    values = []
    for lane in range(32):
        for chain in range(CHAINS):
            for register in range(4):
                column = 2 * (lane % 4) + register % 2
                values.append(chain + iterations * (1 + column) * 5 / 64)
    return torch.tensor(values, device=DEVICE, dtype=torch.float32).view(32, CHAINS * 4)


def run_launch(kernel, dtype, warps_per_block, blocks_per_sm, multiprocessors, measure, rep_ms):
    """Checks and times one launch shape; returns its row."""
    grid = multiprocessors * blocks_per_sm
    warps = grid * warps_per_block
    iterations = max(1, round(MMA_PER_LAUNCH / (warps * CHAINS)))
    if iterations > MAX_ITERATIONS:
        raise ValueError(f"{iterations} iterations would make the accumulators inexact; lower MMA_PER_LAUNCH")
    mma = warps * CHAINS * iterations
    row = dict(dtype=dtype, warps_per_block=warps_per_block, blocks_per_sm=blocks_per_sm, grid=grid,
               iterations=iterations, mma=mma, ms=None, tflops=None, notes="")
    out = torch.empty(warps * 32 * CHAINS * 4, device=DEVICE, dtype=torch.float32)
    out.fill_(float("nan"))
    try:
        variant = kernel.module.kernel(kernel.name, kernel.param_types, 32 * warps_per_block)
        launch = variant.bind((grid,), [out, iterations])
    except tile_kernels.TileRuntimeError as error:
        row["notes"] = f"launch failed: {error}"
        return row
    try:
        launch()
        torch.cuda.synchronize()
        name = f"mma_peak {dtype} {warps_per_block} warps x {blocks_per_sm} blocks/SM"
        expected = expected_warp_output(iterations).view(1, 32, CHAINS * 4).expand(warps, 32, CHAINS * 4)
        if bm.check(name, out.view(warps, 32, CHAINS * 4), expected, dict(rtol=1e-6, atol=0)) == "ok":
            row["ms"] = measure(launch, rep_ms)
            row["tflops"] = FLOPS_PER_MMA * mma * 1e-12 / (row["ms"] * 1e-3)
        else:
            row["notes"] = "output mismatch: not timed"
    except tile_kernels.TileRuntimeError as error:
        row["notes"] = f"launch failed: {error}"
    finally:
        launch.release()
    return row


def best_per_dtype(rows):
    best = {}
    for row in rows:
        if row["tflops"] is not None and row["tflops"] > best.get(row["dtype"], {}).get("tflops", 0):
            best[row["dtype"]] = row
    return best


def format_row(row):
    cell = bm.cell
    return (f"{row['dtype']:<9} {row['warps_per_block']:>5} {row['blocks_per_sm']:>6} {row['grid']:>5} "
            f"{row['iterations']:>10} {cell(row['ms'], 3):>8} {cell(row['tflops'], 1):>7}  {row['notes']}")


def markdown(report):
    cell = bm.cell
    lines = [
        f"# mma.sync ceiling ({report['gpu']})",
        "",
        f"Run {report['date']} by `bench/bench_mma_peak.py --method {report['method']}`; GPU {report['gpu']} "
        f"({report['multiprocessors']} SMs), torch {report['torch']}, Triton {report['triton']}, CUDA driver "
        f"{report['driver']}. Hand-written PTX (`bench/kernels/mma_peak_{{f16,bf16}}.ptx`, not compiler output): "
        f"each warp runs a loop of {CHAINS} independent m16n8k16 mma.sync on register operands, no memory access "
        "in the loop; grid = SMs x blocks per SM. Every launch's accumulators were checked (they show how many "
        f"mma ran) before it was timed. TFLOP/s = 2 x 16 x 8 x 16 x mma executed / {bm.METHODS[report['method']][1]}.",
        "",
        "## Best per dtype (the ceiling of the mma.sync path)",
        "",
        "| dtype | instruction | warps/block | blocks/SM | TFLOP/s | loaded as |",
        "|---|---|---:|---:|---:|---|",
    ]
    for dtype, row in report["best"].items():
        lines.append(f"| {dtype} | `{instruction(dtype)}` | {row['warps_per_block']} | {row['blocks_per_sm']} "
                     f"| {cell(row['tflops'], 1)} | {report['kernels'].get(dtype, '?')} |")
    lines += ["", "## Every launch", "",
              "| dtype | warps/block | blocks/SM | grid | iterations per warp | mma | ms | TFLOP/s | notes |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in report["rows"]:
        lines.append(f"| {row['dtype']} | {row['warps_per_block']} | {row['blocks_per_sm']} | {row['grid']} "
                     f"| {row['iterations']} | {row['mma']} | {cell(row['ms'], 3)} | {cell(row['tflops'], 1)} "
                     f"| {row['notes']} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bm.add_output_arguments(parser, "mma_peak")
    parser.add_argument("--manifest", default=str(tile_kernels.REPO_ROOT / "bench" / "manifest.json"))
    options = parser.parse_args()

    rep_ms = 100
    gpu = torch.cuda.get_device_name()
    print(f"GPU: {gpu}; torch {torch.__version__}; triton {triton.__version__}")
    torch.cuda.init()
    runtime = tile_kernels.Runtime()
    info = runtime.device_info()
    driver = f"{info['driver_version'] // 1000}.{info['driver_version'] % 1000 // 10}"
    manifest = json.loads(pathlib.Path(options.manifest).read_text())
    entries = [entry for entry in manifest["kernels"] if entry["workload"] == "mma_peak"]
    if not entries:
        raise SystemExit(f"{options.manifest} lists no kernel of workload 'mma_peak'")

    print(f"{'dtype':<9} {'warps':>5} {'blk/SM':>6} {'grid':>5} {'iterations':>10} {'ms':>8} {'TFLOP/s':>7}  notes")
    rows, kernels = [], {}
    for entry in entries:
        kernel, how = tile_kernels.load_manifest_kernel(runtime, entry)
        kernels[entry["dtype"]] = how
        print(f"  {entry['name']}: {how}")
        for warps_per_block in WARPS_PER_BLOCK:
            for blocks_per_sm in BLOCKS_PER_SM:
                row = run_launch(kernel, entry["dtype"], warps_per_block, blocks_per_sm, info["multiprocessors"],
                                 bm.METHODS[options.method][0], rep_ms)
                print("  " + format_row(row))
                rows.append(row)
                torch.cuda.empty_cache()

    report = {
        **bm.report_header(gpu, driver, options.method, rep_ms),
        "multiprocessors": info["multiprocessors"],
        "chains": CHAINS,
        "kernels": kernels,
        "best": best_per_dtype(rows),
        "rows": rows,
    }
    bm.write_report(options.out, options.name, report, markdown(report))
    runtime.close()
    return 1 if any("mismatch" in row["notes"] or "failed" in row["notes"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Memory-bound kernels: tile vs Triton 3.6 vs PyTorch, in one run.

For each workload of DESIGN.md's "Performance to beat" (copy, vector add,
softmax, layer norm forward, RMSNorm forward) and each size, this runs
  - torch: the PyTorch op;
  - triton: the Triton kernel written as its tutorial writes it
    (01-vector-add, 02-fused-softmax, 05-layer-norm; copy and RMSNorm
    written the same way);
  - tile: every kernel of ours that bench/manifest.json lists for the
    workload and bench/kernels/ holds (cubin/PTX + launch metadata), each a
    row of its own;
checks each output against torch's (torch.testing.assert_close, tolerances
fitting the dtype), then times each the same way and prints GB/s and the
ratios tile/Triton and tile/torch. A tile kernel is skipped, with a note,
where it does not fit the case: rows wider than its 'max_cols', rows narrower
than its 'min_cols' (a kernel whose block is the next power of two of wider
rows, as Triton picks it), or an argument of its 'divisible_by_16' list
(hinted tile.divisibility = 16 in the source, as Triton's JIT specializes
them) that breaks the hint: an integer (n, n_cols, a row stride) not a
multiple of 16, a tensor whose address is not 16-byte aligned. Layer norm's
mean and rstd and RMSNorm's rstd are checked too. Results go to
<out>/<name>.md and <out>/<name>.json (name: memory unless --name).

Timing methods (--method):
  do_bench  triton.testing.do_bench: CUDA events around each call, L2
            flushed (256 MB zeroed) before each, median of the calls. The
            flush leaves dirty lines in L2 that the timed kernel writes back,
            which weighs on short kernels.
  events    back-to-back launches with no flush between them, CUDA events
            around a batch of about 100 ms; the median batch of 5, per call.

GB/s counts the bytes the tutorials count: vector add 3n elements, copy 2n,
softmax / layer norm / RMSNorm 2 x rows x cols (read x, write y).

Usage: python3 bench/bench_memory.py [--out DIR] [--name NAME] [--quick]
           [--method do_bench|events] [--only WORKLOAD ...]
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
import triton.testing

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tile_kernels  # noqa: E402

DEVICE = "cuda"

# ---------------------------------------------------------------------------
# Triton kernels, written as the Triton 3.6 tutorials write them.
# ---------------------------------------------------------------------------


@triton.jit
def triton_add_kernel(x_ptr, y_ptr, output_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = tl.load(y_ptr + offsets, mask=mask)
    tl.store(output_ptr + offsets, x + y, mask=mask)


@triton.jit
def triton_copy_kernel(x_ptr, output_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    tl.store(output_ptr + offsets, tl.load(x_ptr + offsets, mask=mask), mask=mask)


@triton.jit
def triton_softmax_kernel(output_ptr, input_ptr, input_row_stride, output_row_stride, n_rows, n_cols,
                          BLOCK_SIZE: tl.constexpr, num_stages: tl.constexpr):
    # Persistent: each program walks rows start, start + programs, ...
    row_start = tl.program_id(0)
    row_step = tl.num_programs(0)
    for row_idx in tl.range(row_start, n_rows, row_step, num_stages=num_stages):
        row_start_ptr = input_ptr + row_idx * input_row_stride
        col_offsets = tl.arange(0, BLOCK_SIZE)
        mask = col_offsets < n_cols
        row = tl.load(row_start_ptr + col_offsets, mask=mask, other=-float("inf"))
        row_minus_max = row - tl.max(row, axis=0)
        numerator = tl.exp(row_minus_max)
        denominator = tl.sum(numerator, axis=0)
        softmax_output = numerator / denominator
        output_row_start_ptr = output_ptr + row_idx * output_row_stride
        tl.store(output_row_start_ptr + col_offsets, softmax_output, mask=mask)


@triton.jit
def triton_layer_norm_fwd(X, Y, W, B, Mean, Rstd, stride, N, eps, BLOCK_SIZE: tl.constexpr):
    row = tl.program_id(0)
    Y += row * stride
    X += row * stride
    _mean = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for off in range(0, N, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        a = tl.load(X + cols, mask=cols < N, other=0.).to(tl.float32)
        _mean += a
    mean = tl.sum(_mean, axis=0) / N
    _var = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for off in range(0, N, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        x = tl.load(X + cols, mask=cols < N, other=0.).to(tl.float32)
        x = tl.where(cols < N, x - mean, 0.)
        _var += x * x
    var = tl.sum(_var, axis=0) / N
    rstd = 1 / tl.sqrt(var + eps)
    tl.store(Mean + row, mean)
    tl.store(Rstd + row, rstd)
    for off in range(0, N, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        mask = cols < N
        w = tl.load(W + cols, mask=mask)
        b = tl.load(B + cols, mask=mask)
        x = tl.load(X + cols, mask=mask, other=0.).to(tl.float32)
        x_hat = (x - mean) * rstd
        y = x_hat * w + b
        tl.store(Y + cols, y, mask=mask)


@triton.jit
def triton_rms_norm_fwd(X, Y, W, Rstd, stride, N, eps, BLOCK_SIZE: tl.constexpr):
    # 05-layer-norm's forward without the mean and the bias.
    row = tl.program_id(0)
    Y += row * stride
    X += row * stride
    _sq = tl.zeros([BLOCK_SIZE], dtype=tl.float32)
    for off in range(0, N, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        x = tl.load(X + cols, mask=cols < N, other=0.).to(tl.float32)
        _sq += x * x
    rstd = 1 / tl.sqrt(tl.sum(_sq, axis=0) / N + eps)
    tl.store(Rstd + row, rstd)
    for off in range(0, N, BLOCK_SIZE):
        cols = off + tl.arange(0, BLOCK_SIZE)
        mask = cols < N
        w = tl.load(W + cols, mask=mask)
        x = tl.load(X + cols, mask=mask, other=0.).to(tl.float32)
        y = x * rstd * w
        tl.store(Y + cols, y, mask=mask)


def triton_elementwise_launcher(kernel, tensors, n):
    grid = (triton.cdiv(n, 1024),)
    return lambda: kernel[grid](*tensors, n, BLOCK_SIZE=1024)


def triton_softmax_launcher(x, y):
    """The tutorial's host code: occupancy from the compiled kernel's registers
    and shared memory, then a persistent grid. Worked out at the first call
    (which compiles), so every later call is the launch alone."""
    n_rows, n_cols = x.shape
    block = triton.next_power_of_2(n_cols)
    num_warps = 8
    props = triton.runtime.driver.active.utils.get_device_properties(x.device.index or 0)
    size_smem = props["max_shared_mem"]
    num_stages = 4 if size_smem > 200000 else 2
    args = (y, x, x.stride(0), y.stride(0), n_rows, n_cols)
    grid = []

    def launch():
        if not grid:
            grid.append(softmax_programs(args, block, num_stages, num_warps, props))
        triton_softmax_kernel[(grid[0], 1, 1)](*args, BLOCK_SIZE=block, num_stages=num_stages, num_warps=num_warps)

    return launch


def softmax_programs(args, block, num_stages, num_warps, props):
    """How many persistent programs 02-fused-softmax launches."""
    n_rows = args[4]
    try:
        compiled = triton_softmax_kernel.warmup(*args, BLOCK_SIZE=block, num_stages=num_stages,
                                                num_warps=num_warps, grid=(1,))
        compiled._init_handles()
        occupancy = props["max_num_regs"] // (compiled.n_regs * props["warpSize"] * num_warps)
        occupancy = min(occupancy, props["max_shared_mem"] // max(compiled.metadata.shared, 1))
        return min(props["multiprocessor_count"] * max(occupancy, 1), n_rows)
    except (AttributeError, KeyError, TypeError) as error:
        # The persistent kernel is right for any grid; one program per row
        # is the tutorial's older launch.
        print(f"  note: softmax occupancy query failed ({error}); one program per row")
        return n_rows


def norm_block_and_warps(x):
    """05-layer-norm's heuristic: rows up to 64 KB in one block, <= 8 warps."""
    max_fused = 65536 // x.element_size()
    block = min(max_fused, triton.next_power_of_2(x.shape[1]))
    if x.shape[1] > block:
        raise ValueError("this layer norm does not support feature dim >= 64KB")
    return block, min(max(block // 256, 1), 8)


# ---------------------------------------------------------------------------
# Workloads: tensors, the three implementations, bytes moved, tolerances.
# ---------------------------------------------------------------------------


class Case:
    """One workload at one size: inputs, outputs per provider, reference."""

    def __init__(self, workload, shape, dtype):
        self.workload, self.shape, self.dtype = workload, shape, dtype
        torch.manual_seed(0)
        self.bindings = {}  # names the manifest's 'args' and 'grid' refer to
        self.providers = {}  # provider -> (launch callable, output tensor)
        self.tile_statistics = []  # (name, tile's fp32 output, reference): checked beside the main output
        self.eps = 1e-5
        getattr(self, "_make_" + workload)()

    def size_text(self):
        if len(self.shape) == 1:
            n = self.shape[0]
            exponent = int(math.log2(n))
            return f"2^{exponent}" if 2 ** exponent == n else str(n)
        return "x".join(str(s) for s in self.shape)

    def _flat(self, count):
        x = torch.randn(self.shape, device=DEVICE, dtype=self.dtype)
        others = [torch.randn(self.shape, device=DEVICE, dtype=self.dtype) for _ in range(count - 1)]
        n = x.numel()
        self.bindings.update(n=n)
        return x, others, n

    def _make_copy(self):
        x, _, n = self._flat(1)
        out_torch, out_triton, out_tile = (torch.empty_like(x) for _ in range(3))
        self.reference = x
        self.bytes = 2 * n * x.element_size()
        self.providers["torch"] = (lambda: out_torch.copy_(x), out_torch)
        self.providers["triton"] = (triton_elementwise_launcher(triton_copy_kernel, (x, out_triton), n), out_triton)
        self.bindings.update(x=x, out=out_tile)
        self.tile_output = out_tile
        self.tolerance = dict(rtol=0, atol=0)

    def _make_vector_add(self):
        x, (y,), n = self._flat(2)
        out_torch, out_triton, out_tile = (torch.empty_like(x) for _ in range(3))
        self.reference = x + y
        self.bytes = 3 * n * x.element_size()
        self.providers["torch"] = (lambda: torch.add(x, y, out=out_torch), out_torch)
        self.providers["triton"] = (triton_elementwise_launcher(triton_add_kernel, (x, y, out_triton), n), out_triton)
        self.bindings.update(x=x, y=y, out=out_tile)
        self.tile_output = out_tile
        self.tolerance = dict(rtol=0, atol=0)

    def _rows(self):
        x = torch.randn(self.shape, device=DEVICE, dtype=self.dtype)
        n_rows, n_cols = self.shape
        self.bytes = 2 * x.numel() * x.element_size()
        self.bindings.update(n_rows=n_rows, n_cols=n_cols, x=x, x_row_stride=x.stride(0), eps=self.eps)
        return x

    def _make_softmax(self):
        x = self._rows()
        out_triton, out_tile = torch.empty_like(x), torch.empty_like(x)
        self.reference = torch.softmax(x, dim=-1)
        self.providers["torch"] = (lambda: torch.softmax(x, dim=-1), None)
        self.providers["triton"] = (triton_softmax_launcher(x, out_triton), out_triton)
        self.bindings.update(out=out_tile, out_row_stride=out_tile.stride(0))
        self.tile_output = out_tile
        # exp is ex2.approx in Triton and (likely) ours; values are ~1/n_cols.
        self.tolerance = dict(rtol=1e-4, atol=1e-6)

    def _make_layer_norm(self):
        x = self._rows()
        x.mul_(0.5).add_(-2.3)
        n_rows, n_cols = self.shape
        weight = torch.rand(n_cols, device=DEVICE, dtype=self.dtype)
        bias = torch.rand(n_cols, device=DEVICE, dtype=self.dtype)
        out_triton, out_tile = torch.empty_like(x), torch.empty_like(x)
        stats = [torch.empty(n_rows, device=DEVICE, dtype=torch.float32) for _ in range(4)]
        self.reference = torch.nn.functional.layer_norm(x, (n_cols,), weight, bias, self.eps)
        self.providers["torch"] = (
            lambda: torch.nn.functional.layer_norm(x, (n_cols,), weight, bias, self.eps), None)
        block, warps = norm_block_and_warps(x)
        grid = (n_rows,)
        triton_args = (x, out_triton, weight, bias, stats[0], stats[1], x.stride(0), n_cols, self.eps)
        self.providers["triton"] = (
            lambda: triton_layer_norm_fwd[grid](*triton_args, BLOCK_SIZE=block, num_warps=warps), out_triton)
        self.bindings.update(out=out_tile, weight=weight, bias=bias, mean=stats[2], rstd=stats[3])
        self.tile_output = out_tile
        self.tolerance = dict(rtol=0, atol=1e-2)  # 05-layer-norm's own check
        x32 = x.float()
        self.tile_statistics = [
            ("mean", stats[2], x32.mean(dim=1)),
            ("rstd", stats[3], torch.rsqrt(x32.var(dim=1, unbiased=False) + self.eps)),
        ]

    def _make_rms_norm(self):
        x = self._rows()
        n_rows, n_cols = self.shape
        weight = torch.rand(n_cols, device=DEVICE, dtype=self.dtype)
        out_triton, out_tile = torch.empty_like(x), torch.empty_like(x)
        rstd = [torch.empty(n_rows, device=DEVICE, dtype=torch.float32) for _ in range(2)]
        self.reference = torch.nn.functional.rms_norm(x, (n_cols,), weight, self.eps)
        self.providers["torch"] = (lambda: torch.nn.functional.rms_norm(x, (n_cols,), weight, self.eps), None)
        block, warps = norm_block_and_warps(x)
        grid = (n_rows,)
        triton_args = (x, out_triton, weight, rstd[0], x.stride(0), n_cols, self.eps)
        self.providers["triton"] = (
            lambda: triton_rms_norm_fwd[grid](*triton_args, BLOCK_SIZE=block, num_warps=warps), out_triton)
        self.bindings.update(out=out_tile, weight=weight, rstd=rstd[1])
        self.tile_output = out_tile
        self.tolerance = dict(rtol=0, atol=1e-2)
        self.tile_statistics = [("rstd", rstd[1], torch.rsqrt(x.float().pow(2).mean(dim=1) + self.eps))]


def run_once(launch, output):
    """Runs `launch` once and returns what it computed: `output`, or the
    launch's return value when it allocates its result (torch ops)."""
    result = launch()
    return output if output is not None else result


# DESIGN.md's sizes first, then sizes our example kernels' row limits allow.
WORKLOADS = [
    ("copy", [(2 ** 28,)], torch.float32),
    ("vector_add", [(2 ** 27,)], torch.float32),
    ("softmax", [(4096, 4096), (4096, 16384), (16384, 1024)], torch.float32),
    ("layer_norm", [(4096, 4096), (8192, 8192), (16384, 2048)], torch.float16),
    ("rms_norm", [(4096, 4096), (8192, 8192), (16384, 2048)], torch.float16),
]
# Correctness sweep: every kernel at a size it fits, ragged sizes for the
# unhinted kernels' masks (1000003, 781, 2001, 4001: not multiples of 16, so
# the div16 kernels skip them), and multiples of 16 that are not powers of two
# for the hinted kernels' masks (1000000, 4000, 16000, 800, 8000, 2000).
QUICK_WORKLOADS = [
    ("copy", [(2 ** 24,), (1000003,), (1000000,)], torch.float32),
    ("vector_add", [(2 ** 24,), (1000003,), (1000000,)], torch.float32),
    ("softmax", [(1024, 4096), (1000, 4000), (256, 16000), (2000, 800), (1823, 781), (512, 4001)], torch.float32),
    ("layer_norm", [(1024, 4096), (512, 8000), (1151, 2000), (1151, 2001)], torch.float16),
    ("rms_norm", [(1024, 4096), (512, 8000), (1151, 2000), (1151, 2001)], torch.float16),
]


# ---------------------------------------------------------------------------
# Our kernels, from the manifest.
# ---------------------------------------------------------------------------


def load_tile_kernels(runtime, manifest, workloads):
    """Returns {workload: [(entry, kernel or None, note)]} for the manifest."""
    wanted = {w for w, _, _ in workloads}
    loaded = {}
    for entry in manifest["kernels"]:
        if entry["workload"] not in wanted:
            continue
        kernel, note = None, ""
        if runtime is None:
            note = "no tile runtime"
        else:
            try:
                kernel, how = tile_kernels.load_manifest_kernel(runtime, entry)
                note = how + (", hand-written PTX" if entry.get("handwritten") else "")
            except FileNotFoundError as error:
                note = f"not built ({pathlib.Path(str(error).split()[0]).name} missing)"
            except tile_kernels.TileRuntimeError as error:
                note = f"load failed: {error}"
        print(f"  tile kernel {entry['name']}: {note}")
        loaded.setdefault(entry["workload"], []).append((entry, kernel, note))
    return loaded


def broken_hints(case, entry):
    """The manifest's divisible_by_16 arguments whose values break the hint."""
    broken = []
    for name in entry.get("divisible_by_16", []):
        value = case.bindings[name]
        if isinstance(value, int):
            if value % 16:
                broken.append(f"{name}={value}")
        elif isinstance(value, float):
            raise ValueError(f"{entry['name']}: divisible_by_16 names the float argument {name}")
        elif value.data_ptr() % 16:
            broken.append(f"{name} at {value.data_ptr():#x}")
    return broken


def bind_tile_launch(case, entry, kernel):
    """Returns (launch, None) or (None, why the kernel cannot run this case)."""
    n_cols = case.bindings.get("n_cols")
    max_cols, min_cols = entry.get("max_cols"), entry.get("min_cols")
    if max_cols is not None and n_cols is not None and n_cols > max_cols:
        return None, f"skipped: kernel handles rows of <= {max_cols} columns"
    if min_cols is not None and n_cols is not None and n_cols < min_cols:
        return None, f"skipped: block {entry['block_size']} is for rows of {min_cols}..{max_cols} columns"
    broken = broken_hints(case, entry)
    if broken:
        return None, f"skipped: compiled for arguments divisible by 16, not {', '.join(broken)}"
    names = dict(case.bindings, BLOCK_SIZE=entry["block_size"], cdiv=triton.cdiv)
    grid = [int(eval(expression, {"__builtins__": {}}, names)) for expression in entry["grid"]]
    args = [case.bindings[name] for name in entry["args"]]
    return kernel.bind(grid, args), None


# ---------------------------------------------------------------------------
# Measuring and reporting.
# ---------------------------------------------------------------------------


def check(name, actual, reference, tolerance):
    try:
        torch.testing.assert_close(actual, reference, **tolerance)
        return "ok"
    except AssertionError as error:
        first = str(error).strip().splitlines()
        print(f"  MISMATCH {name}: " + " | ".join(first[:4]))
        return "MISMATCH"


def gbps(case, milliseconds):
    return case.bytes * 1e-9 / (milliseconds * 1e-3)


def measure_do_bench(launch, rep_ms):
    median, low, high = triton.testing.do_bench(launch, warmup=25, rep=rep_ms, quantiles=[0.5, 0.2, 0.8])
    return median


def measure_events(launch, rep_ms):
    """Milliseconds per call of back-to-back calls, median of 5 batches."""
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)

    def batch(calls):
        start.record()
        for _ in range(calls):
            launch()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / calls

    estimate = batch(5)
    calls = max(1, int(rep_ms / max(estimate, 1e-3)))
    batch(calls)  # warm-up
    return sorted(batch(calls) for _ in range(5))[2]


METHODS = {
    "do_bench": (measure_do_bench, "median time of `triton.testing.do_bench` (CUDA events around each call, "
                                   "L2 flushed before each)"),
    "events": (measure_events, "time per call of back-to-back calls without L2 flush (CUDA events around "
                               "batches of about 100 ms, median of 5 batches)"),
}


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def run_case(case, tile_entries, measure, rep_ms):
    """Checks and times one case; returns its table rows (without the kernels
    whose block does not fit the case, when another does)."""
    results, notes = {}, []
    for provider, (launch, output) in case.providers.items():
        actual = run_once(launch, output)
        torch.cuda.synchronize()
        verdict = check(f"{case.workload} {case.size_text()} {provider}", actual, case.reference, case.tolerance)
        results[provider] = gbps(case, measure(launch, rep_ms)) if verdict == "ok" else None
        if verdict != "ok":
            notes.append(f"{provider} output mismatch")
    rows = []
    for entry, kernel, load_note in tile_entries or [(None, None, "no tile kernel in the manifest")]:
        row_notes = list(notes)
        tile_gbps, tile_name = None, entry["name"] if entry else "-"
        if kernel is None:
            row_notes.append(load_note)
        else:
            launch, why = bind_tile_launch(case, entry, kernel)
            if launch is None:
                row_notes.append(why)
            else:
                case.tile_output.fill_(float("nan"))
                for _, statistic, _ in case.tile_statistics:
                    statistic.fill_(float("nan"))
                launch()
                torch.cuda.synchronize()
                verdict = check(f"{case.workload} {case.size_text()} tile {tile_name}", case.tile_output,
                                case.reference, case.tolerance)
                for what, statistic, reference in case.tile_statistics:
                    if check(f"{case.workload} {case.size_text()} tile {tile_name} {what}", statistic, reference,
                             dict(rtol=1e-3, atol=1e-4)) != "ok":
                        verdict = "MISMATCH"
                if verdict == "ok":
                    tile_gbps = gbps(case, measure(launch, rep_ms))
                else:
                    row_notes.append("tile output mismatch: not timed")
                launch.release()
                if entry.get("handwritten"):
                    row_notes.append("hand-written PTX, not compiler output")
        row = {
            "workload": case.workload,
            "size": case.size_text(),
            "dtype": str(case.dtype).replace("torch.", ""),
            "tile_kernel": tile_name,
            "tile_gbps": tile_gbps,
            "triton_gbps": results.get("triton"),
            "torch_gbps": results.get("torch"),
            "tile_over_triton": ratio(tile_gbps, results.get("triton")),
            "tile_over_torch": ratio(tile_gbps, results.get("torch")),
            "notes": "; ".join(n for n in row_notes if n),
        }
        print("  " + format_row(row))
        rows.append(row)
    # Kernels whose block does not fit the row width were printed above; the
    # report keeps them only when no tile kernel fits the case at all.
    fitting = [row for row in rows if not any(skip in row["notes"] for skip in SIZE_SKIPS)]
    return fitting or rows


SIZE_SKIPS = ("skipped: kernel handles rows of", "skipped: block ")


def cell(value, digits=0):
    return "-" if value is None else f"{value:.{digits}f}"


def format_row(row):
    return (f"{row['workload']:<11} {row['size']:<11} {row['dtype']:<8} {row['tile_kernel']:<23} "
            f"{cell(row['tile_gbps']):>7} {cell(row['triton_gbps']):>7} {cell(row['torch_gbps']):>7} "
            f"{cell(row['tile_over_triton'], 2):>6} {cell(row['tile_over_torch'], 2):>6}  {row['notes']}")


def markdown(report):
    lines = [
        f"# Memory-bound kernels: tile vs Triton vs torch ({report['gpu']})",
        "",
        f"Run {report['date']} by `bench/bench_memory.py --method {report['method']}"
        f"{' --quick' if report['quick'] else ''}`; "
        f"GPU {report['gpu']}, torch {report['torch']}, Triton {report['triton']}, "
        f"CUDA driver {report['driver']}. GB/s = bytes moved (tutorial convention) / "
        f"{METHODS[report['method']][1]}. Every timed output was first checked against torch's.",
        "",
        "| workload | size | dtype | tile kernel | tile GB/s | Triton GB/s | torch GB/s | tile/Triton | tile/torch | notes |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in report["rows"]:
        lines.append(
            f"| {row['workload']} | {row['size']} | {row['dtype']} | {row['tile_kernel']} | {cell(row['tile_gbps'])} "
            f"| {cell(row['triton_gbps'])} | {cell(row['torch_gbps'])} | {cell(row['tile_over_triton'], 2)} "
            f"| {cell(row['tile_over_torch'], 2)} | {row['notes']} |")
    return "\n".join(lines) + "\n"


def add_output_arguments(parser, name):
    """--out, --name (default `name`; None: the script picks) and --method, as every benchmark takes them."""
    parser.add_argument("--out", default="bench/results/latest", help="folder for NAME.md and NAME.json")
    parser.add_argument("--name", default=name, help="file name of the results, without extension")
    parser.add_argument("--method", choices=sorted(METHODS), default="do_bench", help="timing method")


def write_report(out, name, report, markdown_text):
    """Writes `report` as <out>/<name>.json and `markdown_text` as <out>/<name>.md."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / f"{name}.md").write_text(markdown_text)
    print(f"wrote {out / name}.md and .json")


def report_header(gpu, driver, method, rep_ms):
    """The fields every benchmark report starts with: where, when, with what, how timed."""
    return {
        "gpu": gpu,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "torch": torch.__version__,
        "triton": triton.__version__,
        "driver": driver,
        "method": method,
        "timing": f"{METHODS[method][1]}; rep {rep_ms} ms",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_output_arguments(parser, "memory")
    parser.add_argument("--quick", action="store_true", help="small and ragged sizes, short timing")
    parser.add_argument("--only", nargs="*", help="workloads to run (default: all)")
    parser.add_argument("--manifest", default=str(tile_kernels.REPO_ROOT / "bench" / "manifest.json"))
    options = parser.parse_args()

    workloads = QUICK_WORKLOADS if options.quick else WORKLOADS
    if options.only:
        workloads = [w for w in workloads if w[0] in options.only]
    rep_ms = 30 if options.quick else 100
    gpu = torch.cuda.get_device_name()
    print(f"GPU: {gpu}; torch {torch.__version__}; triton {triton.__version__}")
    torch.cuda.init()
    try:
        runtime = tile_kernels.Runtime()
        info = runtime.device_info()
        driver = f"{info['driver_version'] // 1000}.{info['driver_version'] % 1000 // 10}"
        print(f"tile runtime: {runtime.library_path}; device {info['name']}, "
              f"sm_{info['compute_capability'][0]}{info['compute_capability'][1]}, driver CUDA {driver}")
    except (FileNotFoundError, tile_kernels.TileRuntimeError) as error:
        print(f"tile runtime unavailable, tile column empty: {error}")
        runtime, driver = None, "?"
    manifest = json.loads(pathlib.Path(options.manifest).read_text())
    tile = load_tile_kernels(runtime, manifest, workloads)

    print(f"{'workload':<11} {'size':<11} {'dtype':<8} {'tile kernel':<23} {'tile':>7} {'triton':>7} "
          f"{'torch':>7} {'t/trit':>6} {'t/torch':>6}  notes   (GB/s)")
    rows = []
    for workload, shapes, dtype in workloads:
        for shape in shapes:
            case = Case(workload, shape, dtype)
            rows.extend(run_case(case, tile.get(workload), METHODS[options.method][0], rep_ms))
            del case
            torch.cuda.empty_cache()

    report = {
        **report_header(gpu, driver, options.method, rep_ms),
        "quick": options.quick,
        "rows": rows,
    }
    write_report(options.out, options.name, report, markdown(report))
    if runtime is not None:
        runtime.close()
    return 1 if any("mismatch" in row["notes"].lower() for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Dry run of the GPU harness on a machine without a GPU (or without torch).

Runs bench_memory.py's, bench_mma_peak.py's and bench_gemm.py's main() end
to end with torch, CUDA and the tile runtime replaced by stand-ins, so that
what the GPU run depends on is exercised before device time is spent on it:
the manifest and every kernel's launch metadata (bench/kernels/<name>.json)
parsed, each tile kernel looked up and its argument list built through
tile_kernels.py's real Kernel.bind (parameter count and types from the
metadata, i32 range), grids evaluated, the max_cols / min_cols /
divisible_by_16 skips taken, Triton's launchers set up, and the Markdown and
JSON reports written. Nothing is computed or timed: every GB/s is a made-up
constant and every check passes. Also byte-compiles the other bench scripts,
and, with the real Triton before any stand-in, compiles bench_gemm.py's
Triton matmul for cuda:90 on the CPU with and without
bench_gemm.mma_v3_disabled() to check that the first PTX has wgmma and the
second mma.sync alone (what the triton_mma_v2 column relies on).

Needs the triton package (imported for real; only that check compiles, for
cuda:90 on the CPU), not torch; with torch present it is still replaced.

Usage: python3 bench/dry_run.py [--out DIR] [--quick]
Prints each tile kernel's binding (grid, argument types) and the reports.
"""

import argparse
import contextlib
import itertools
import json
import pathlib
import py_compile
import sys
import tempfile
import types

BENCH_DIR = pathlib.Path(__file__).resolve().parent


# ---------------------------------------------------------------------------
# A stand-in torch: tensors know their shape, dtype, strides and a 512-byte
# aligned fake address; every computation returns a tensor of the same shape.
# ---------------------------------------------------------------------------


class FakeDtype:
    def __init__(self, name, size):
        self.name, self.size = name, size

    def __str__(self):
        return f"torch.{self.name}"


FLOAT32, FLOAT16, BFLOAT16 = FakeDtype("float32", 4), FakeDtype("float16", 2), FakeDtype("bfloat16", 2)
_addresses = itertools.count(1)


class FakeTensor:
    def __init__(self, shape, dtype=FLOAT32):
        if isinstance(shape, int):
            shape = (shape,)
        self.shape, self.dtype = tuple(shape), dtype
        self.device = types.SimpleNamespace(type="cuda", index=0)
        self._address = 0x7F0000000000 + 512 * (1 << 20) * next(_addresses)

    def data_ptr(self):
        return self._address

    def stride(self, dim):
        stride = 1
        for size in self.shape[dim + 1:]:
            stride *= size
        return stride

    def numel(self):
        count = 1
        for size in self.shape:
            count *= size
        return count

    def element_size(self):
        return self.dtype.size

    def float(self):
        return FakeTensor(self.shape, FLOAT32)

    def __getattr__(self, name):
        # fill_, mul_, add_, mean, var, pow, ...: the same shape (close enough).
        return lambda *args, **kwargs: self

    def _binary(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __mul__ = __rmul__ = __truediv__ = _binary


def _like(x, *args, **kwargs):
    return FakeTensor(x.shape, x.dtype)


def _new(shape, *args, device=None, dtype=FLOAT32, **kwargs):
    return FakeTensor(shape, dtype)


class FakeEvent:
    def __init__(self, **kwargs):
        pass

    def record(self):
        pass

    def synchronize(self):
        pass

    def elapsed_time(self, other):
        return 1.0


def fake_torch():
    torch = types.ModuleType("torch")
    torch.__version__ = "dry-run"
    torch.float32, torch.float16, torch.bfloat16 = FLOAT32, FLOAT16, BFLOAT16
    torch.manual_seed = lambda seed: None
    torch.randn = torch.rand = torch.empty = torch.zeros = _new
    torch.empty_like = _like
    torch.softmax = lambda x, dim=-1: _like(x)
    torch.tensor = lambda data, device=None, dtype=FLOAT32: FakeTensor((len(data),), dtype)
    torch.rsqrt = lambda x: x
    torch.add = lambda x, y, out=None: out
    torch.matmul = lambda a, b, out=None: out if out is not None else FakeTensor((a.shape[0], b.shape[1]), a.dtype)
    torch.nn = types.SimpleNamespace(functional=types.SimpleNamespace(
        layer_norm=lambda x, *args, **kwargs: _like(x), rms_norm=lambda x, *args, **kwargs: _like(x)))
    torch.testing = types.SimpleNamespace(assert_close=lambda actual, expected, **kwargs: None)
    torch.version = types.SimpleNamespace(cuda="dry-run")
    stream = types.SimpleNamespace(cuda_stream=0)
    torch.cuda = types.SimpleNamespace(
        get_device_name=lambda: "dry run (no GPU)", init=lambda: None, is_initialized=lambda: True,
        current_stream=lambda: stream, synchronize=lambda: None, empty_cache=lambda: None, Event=FakeEvent)
    return torch


# ---------------------------------------------------------------------------
# A stand-in tile runtime: tile_kernels' real Kernel.bind runs on it.
# ---------------------------------------------------------------------------


def fake_runtime_class(tile_kernels, log):
    class FakeLaunchFunction:
        def __call__(self, *args):
            return 0

    class FakeRuntime(tile_kernels.Runtime):
        def __init__(self, *args, **kwargs):
            self.library_path = "(dry run)"
            self._handle = tile_kernels._Handle()
            self._lib = types.SimpleNamespace(tileKernelLaunch=FakeLaunchFunction())
            self._current = None

        def call(self, name, *args):
            if name == "tileKernelArgsAddPointer" and args[1] % 16:
                log.append(f"    note: pointer {args[1]:#x} is not 16-byte aligned")
            if name.startswith("tileKernelArgsAdd"):
                self._current.append(name.replace("tileKernelArgsAdd", "").lower())
            elif name == "tileKernelArgsCreate":
                self._current = []
                log.append(self._current)

        def device_info(self):
            return {"name": "dry run", "compute_capability": (9, 0), "multiprocessors": 132,
                    "driver_version": 13000}

        def load_module(self, cubin_path=None, ptx_path=None):
            path = cubin_path or ptx_path
            if not pathlib.Path(path).exists():
                raise FileNotFoundError(f"{path} is missing")
            return tile_kernels.Module(self, tile_kernels._Handle(), path)

        def close(self):
            pass

    return FakeRuntime


class FakeTritonKernel:
    """triton_*_kernel[grid](...) and .warmup(...) without compiling; for an
    autotuned kernel, its first config stands for the autotuner's pick. A
    launch returns a compiled kernel whose PTX is `ptx`."""

    def __init__(self, real, ptx=""):
        self.arg_names = real.arg_names
        configs = getattr(real, "configs", None)
        self.best_config = configs[0] if configs else None
        self.tuned = set(configs[0].kwargs) if configs else set()
        self.compiled = types.SimpleNamespace(asm={"ptx": ptx})

    def __getitem__(self, grid):
        def launch(*args, **kwargs):
            names = [name for name in self.arg_names if name not in kwargs and name not in self.tuned]
            if len(args) != len(names):
                raise TypeError(f"Triton kernel takes {names}, got {len(args)} arguments")
            if callable(grid):
                grid(self.best_config.kwargs)
            return self.compiled
        return launch

    def warmup(self, *args, **kwargs):
        return types.SimpleNamespace(_init_handles=lambda: None, n_regs=32,
                                     metadata=types.SimpleNamespace(shared=1024))


def check_triton_mma_v2(bench_gemm):
    """Compiles the GEMM column's Triton kernel for cuda:90 (no GPU needed)
    with and without DISABLE_MMA_V3; returns the problems found."""
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    kernel = bench_gemm.triton_matmul_kernel_mma_v2.fn
    names = kernel.arg_names
    config = bench_gemm.TRITON_CONFIGS[1]  # 128x128x32, 4 warps: wgmma unless disabled
    signature = dict({name: "*fp16" for name in names[:3]}, **{name: "i32" for name in names[3:12]},
                     **{name: "constexpr" for name in config.kwargs})
    constants = {(names.index(name),): value for name, value in config.kwargs.items()}
    problems = []
    for context, wanted in ((contextlib.nullcontext, ["wgmma"]),
                            (bench_gemm.mma_v3_disabled, ["mma.sync"])):
        with context():
            compiled = triton.compile(ASTSource(kernel, signature, constants), target=GPUTarget("cuda", 90, 32),
                                      options={"num_warps": config.num_warps, "num_stages": config.num_stages})
        found = bench_gemm.tensor_core_instructions(compiled)
        print(f"Triton matmul for cuda:90 under {context.__name__}: {', '.join(found) or 'no mma'} in PTX")
        if found != wanted:
            problems.append(f"under {context.__name__} the PTX has {found}, expected {wanted}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="folder for the reports (default: a temporary one)")
    parser.add_argument("--quick", action="store_true", help="the --quick sizes only")
    options = parser.parse_args()

    for script in sorted(BENCH_DIR.glob("*.py")):
        py_compile.compile(str(script), doraise=True)
    print(f"byte-compiled {len(list(BENCH_DIR.glob('*.py')))} bench scripts")

    sys.modules["torch"] = fake_torch()
    import triton
    sys.path.insert(0, str(BENCH_DIR))
    import tile_kernels
    import bench_memory as bm
    import bench_gemm
    import bench_mma_peak

    problems = check_triton_mma_v2(bench_gemm)

    props = {"max_shared_mem": 232448, "max_num_regs": 65536, "warpSize": 32, "multiprocessor_count": 132}
    triton.runtime.driver = types.SimpleNamespace(active=types.SimpleNamespace(
        utils=types.SimpleNamespace(get_device_properties=lambda index: props)))
    triton.testing.do_bench = lambda launch, **kwargs: (launch(), [1.0, 1.0, 1.0])[1]
    for name in ("triton_add_kernel", "triton_copy_kernel", "triton_softmax_kernel", "triton_layer_norm_fwd",
                 "triton_rms_norm_fwd"):
        setattr(bm, name, FakeTritonKernel(getattr(bm, name)))
    for provider, (kernel, context) in bench_gemm.TRITON_PROVIDERS.items():
        ptx = "mma.sync.aligned (dry run)" if provider == "triton_mma_v2" else "wgmma.mma_async (dry run)"
        bench_gemm.TRITON_PROVIDERS[provider] = (FakeTritonKernel(kernel, ptx), context)
    log = []
    tile_kernels.Runtime = fake_runtime_class(tile_kernels, log)
    original_bind = bm.bind_tile_launch

    def bind(case, entry, kernel):
        launch, why = original_bind(case, entry, kernel)
        if launch is not None:
            grid = (launch.grid.x, launch.grid.y, launch.grid.z)
            print(f"    bound {entry['name']} for {case.workload} {case.size_text()}: grid {grid}, "
                  f"block {launch.block.x}, shared {kernel.shared_bytes} B, args {log[-1]}")
            launch.release = lambda: None
        return launch, why

    bm.bind_tile_launch = bind

    out = pathlib.Path(options.out or tempfile.mkdtemp(prefix="bench-dry-run-"))
    status = 1 if problems else 0
    sys.argv = ["bench_mma_peak.py", "--out", str(out)]
    status |= bench_mma_peak.main() or 0
    for quick in ((True,) if options.quick else (True, False)):
        sys.argv = ["bench_memory.py", "--out", str(out), "--name", "dry_quick" if quick else "dry"] + \
            (["--quick"] if quick else [])
        status |= bm.main() or 0
        sys.argv = ["bench_gemm.py", "--out", str(out), "--name", "dry_gemm_quick" if quick else "dry_gemm"] + \
            (["--quick"] if quick else [])
        status |= bench_gemm.main() or 0
    for line in log:
        if isinstance(line, str):
            print(line)
    report = json.loads((out / "dry.json").read_text()) if not options.quick else None
    if report:
        ran = [row["tile_kernel"] for row in report["rows"] if row["tile_gbps"] is not None]
        print(f"full run: {len(report['rows'])} rows, tile kernels timed: {', '.join(ran)}")
        gemm = json.loads((out / "dry_gemm.json").read_text())
        ran = sorted({row["tile_kernel"] for row in gemm["rows"] if row["tile_tflops"] is not None})
        print(f"full GEMM run: {len(gemm['rows'])} rows, tile kernels timed: {', '.join(ran)}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"reports in {out}; status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())

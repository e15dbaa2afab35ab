"""Launch overhead: an empty kernel launched again and again.

Measures, on the default stream, for LAUNCHES launches after a warm-up:
  - host us/launch: the time the launching call takes on the CPU, averaged
    (what a caller pays per launch while the GPU keeps up);
  - wall us/launch: from the first launch until the GPU finished the last,
    averaged (bounded below by the GPU's own per-launch time);
for
  - tile, C: tileKernelLaunch in a C loop, as test/runtime/runtime_gpu_test.c
    prints it (pass its binary with --c-test; it also prints the GPU time
    per launch from CUDA events);
  - tile, Python: one ctypes call of tileKernelLaunch per launch, the
    argument list built once (bench/tile_kernels.py's BoundLaunch), on the
    hand-written empty kernel of bench/kernels/empty.ptx;
  - Triton: `empty_kernel[(1,)](x)` from Python, its JIT launcher included;
  - torch: a one-element in-place add (a real, tiny kernel; torch has no
    empty-kernel launch).
Results go to <out>/launch.md and <out>/launch.json.

Usage: python3 bench/bench_launch.py [--out DIR] [--c-test PATH]
"""

import argparse
import datetime
import json
import pathlib
import re
import subprocess
import sys
import time

import torch
import triton

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tile_kernels  # noqa: E402

LAUNCHES = 10000
WARMUP = 200


@triton.jit
def triton_empty_kernel(x_ptr):
    pass


def time_launches(launch):
    """Returns (host us per launch, wall us per launch until the GPU is done)."""
    for _ in range(WARMUP):
        launch()
    torch.cuda.synchronize()
    begin = time.perf_counter()
    for _ in range(LAUNCHES):
        launch()
    submitted = time.perf_counter()
    torch.cuda.synchronize()
    finished = time.perf_counter()
    return 1e6 * (submitted - begin) / LAUNCHES, 1e6 * (finished - begin) / LAUNCHES


def c_loop_figures(binary):
    """Runs runtime_gpu_test and returns its launch-overhead lines as numbers."""
    completed = subprocess.run([binary], capture_output=True, text=True, timeout=120)
    figures = {}
    for key, label in (("host", "host time per tileKernelLaunch call"),
                       ("gpu", "GPU time per launch"),
                       ("wall", "wall time per launch until done")):
        match = re.search(re.escape(label) + r"[^:]*:\s*([0-9.]+) us", completed.stdout)
        figures[key] = float(match.group(1)) if match else None
    figures["verdict"] = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""
    if completed.returncode != 0:
        figures["verdict"] = f"exit {completed.returncode}: {completed.stderr.strip()[-300:]}"
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench/results/latest")
    parser.add_argument("--c-test", help="path of a built test/runtime/runtime_gpu_test")
    options = parser.parse_args()

    torch.cuda.init()
    gpu = torch.cuda.get_device_name()
    rows = []

    if options.c_test:
        figures = c_loop_figures(options.c_test)
        print(f"tile, C loop (runtime_gpu_test): {figures}")
        rows.append({"who": "tile, C loop of tileKernelLaunch", "host_us": figures["host"],
                     "wall_us": figures["wall"], "notes": f"GPU time per launch {figures['gpu']} us (events); "
                     f"{figures['verdict']}"})

    runtime = tile_kernels.Runtime()
    module = runtime.load_module(ptx_path=str(tile_kernels.REPO_ROOT / "bench" / "kernels" / "empty.ptx"))
    empty = module.kernel("empty_kernel", ["ptr"], 128)
    scratch = torch.zeros(1, device="cuda")
    launch = empty.bind((1,), [scratch])
    host, wall = time_launches(launch)
    launch.release()
    rows.append({"who": "tile, Python ctypes tileKernelLaunch", "host_us": host, "wall_us": wall,
                 "notes": "hand-written empty PTX kernel, arguments built once"})

    host, wall = time_launches(lambda: triton_empty_kernel[(1,)](scratch))
    rows.append({"who": "Triton, Python JIT launch", "host_us": host, "wall_us": wall,
                 "notes": f"triton {triton.__version__}, empty @triton.jit kernel"})

    host, wall = time_launches(lambda: scratch.add_(1.0))
    rows.append({"who": "torch, Python scratch.add_(1) (1 element)", "host_us": host, "wall_us": wall,
                 "notes": f"torch {torch.__version__}"})
    runtime.close()

    for row in rows:
        print(f"  {row['who']:<44} host {row['host_us'] or float('nan'):6.2f} us/launch   "
              f"wall {row['wall_us'] or float('nan'):6.2f} us/launch   {row['notes']}")
    report = {"gpu": gpu, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "launches": LAUNCHES, "rows": rows}
    out = pathlib.Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "launch.json").write_text(json.dumps(report, indent=1) + "\n")
    lines = [f"# Launch overhead ({gpu})", "",
             f"Run {report['date']} by `bench/bench_launch.py`: {LAUNCHES} launches of an empty (or one-element) "
             "kernel on the default stream after a warm-up. host = CPU time of the launching call; wall = first "
             "launch until the GPU finished the last, per launch.", "",
             "| who | host us/launch | wall us/launch | notes |", "|---|---:|---:|---|"]
    for row in rows:
        host = "-" if row["host_us"] is None else f"{row['host_us']:.2f}"
        wall = "-" if row["wall_us"] is None else f"{row['wall_us']:.2f}"
        lines.append(f"| {row['who']} | {host} | {wall} | {row['notes']} |")
    (out / "launch.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {out / 'launch.md'} and {out / 'launch.json'}")


if __name__ == "__main__":
    main()

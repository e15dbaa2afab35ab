"""Checks that tile kernels launched from Python run on torch's current stream.

tile_kernels.py wraps torch's current stream with tileStreamWrap when a
launch is bound. This runs our vector add on a side stream (not the default
one) right after torch fills its inputs on that stream, without any
synchronization in between, and compares the result with torch's sum,
computed on that stream after the launch. (Whether a launch on the legacy
default stream would also have been ordered depends on how torch made its
stream, so a pass shows the wrapped launch is right, not that wrapping was
needed.) Then it checks that a launch bound on the default stream still
works. Prints PASS or FAIL lines; exits 1 on any failure. Last run: PASS on
both, NVIDIA H200, 2026-11-26.

Usage (GPU machine): python3 bench/check_streams.py
"""

import json
import pathlib
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import tile_kernels  # noqa: E402

BLOCK_SIZE = 1024
N = 1 << 24  # large enough that the fill is still running when we launch


def vector_add_entry():
    manifest = json.loads((tile_kernels.REPO_ROOT / "bench" / "manifest.json").read_text())
    return next(entry for entry in manifest["kernels"] if entry["name"] == "vector_add")


def check(kernel, stream_name):
    x = torch.empty(N, device="cuda", dtype=torch.float32)
    y = torch.empty(N, device="cuda", dtype=torch.float32)
    out = torch.empty(N, device="cuda", dtype=torch.float32)
    torch.cuda.synchronize()
    x.fill_(1.5)
    y.copy_(torch.arange(N, device="cuda", dtype=torch.float32))
    launch = kernel.bind(((N + BLOCK_SIZE - 1) // BLOCK_SIZE,), [x, y, out, N])
    launch()
    want = x + y
    torch.cuda.synchronize()
    launch.release()
    ok = torch.equal(out, want)
    print(f"{'PASS' if ok else 'FAIL'} vector add on {stream_name}: "
          f"{(out != want).sum().item()} of {N} elements differ")
    return ok


def main():
    torch.cuda.init()
    runtime = tile_kernels.Runtime()
    kernel, how = tile_kernels.load_manifest_kernel(runtime, vector_add_entry())
    print(f"vector_add: {how}")
    side = torch.cuda.Stream()
    with torch.cuda.stream(side):
        ok = check(kernel, f"a side stream ({side.cuda_stream:#x})")
    ok = check(kernel, "the default stream") and ok
    runtime.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

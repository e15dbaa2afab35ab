"""Builds bench/kernels/<name>.{ptx,cubin,json} for every manifest kernel.

Runs on the CPU machine, where tile-compile (and the libMLIR/libLLVM it
needs) and ptxas are; bench/run_on_device.sh then only loads the results.
  - a kernel whose source is .mlir: tile-compile SOURCE -o NAME.ptx
    --cubin NAME.cubin --metadata NAME.json --num-warps N --target T;
    skipped, with a note, while tile-compile is not built;
  - a hand-written .ptx kernel: ptxas assembles bench/kernels/NAME.ptx
    into NAME.cubin for the manifest's target; NAME.json is hand-written.

Usage: python3 bench/build_kernels.py [--tile-compile PATH] [--ptxas PATH]
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
KERNELS_DIR = BENCH_DIR / "kernels"


def ptxas_arch(target):
    """cuda:90a -> sm_90a."""
    if not target.startswith("cuda:"):
        raise SystemExit(f"manifest target {target!r} is not cuda:NN")
    return "sm_" + target.split(":", 1)[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tile-compile", default=os.environ.get(
        "TILE_COMPILE", str(REPO_ROOT / "build" / "tools" / "tile-compile" / "tile-compile")))
    parser.add_argument("--ptxas", default=shutil.which("ptxas") or "/usr/local/cuda/bin/ptxas")
    options = parser.parse_args()

    manifest = json.loads((BENCH_DIR / "manifest.json").read_text())
    target = manifest["target"]
    failures = 0
    for entry in manifest["kernels"]:
        name, source = entry["name"], REPO_ROOT / entry["source"]
        out = {ext: KERNELS_DIR / f"{name}.{ext}" for ext in ("ptx", "cubin", "json")}
        if source.suffix == ".ptx":
            if source.resolve() != out["ptx"].resolve():
                shutil.copyfile(source, out["ptx"])
            command = [options.ptxas, f"-arch={ptxas_arch(target)}", str(out["ptx"]), "-o", str(out["cubin"])]
        elif not pathlib.Path(options.tile_compile).exists():
            print(f"{name}: skipped, {options.tile_compile} is not built")
            continue
        else:
            command = [options.tile_compile, str(source), "-o", str(out["ptx"]), "--cubin", str(out["cubin"]),
                       "--metadata", str(out["json"]), "--num-warps", str(entry["num_warps"]), "--target", target]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            failures += 1
            print(f"{name}: FAILED: {' '.join(command)}\n{completed.stderr}")
            continue
        if not out["json"].exists():
            failures += 1
            print(f"{name}: {out['json']} is missing (hand-written kernels need their metadata written by hand)")
            continue
        print(f"{name}: built {out['cubin'].relative_to(REPO_ROOT)} ({out['cubin'].stat().st_size} bytes)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

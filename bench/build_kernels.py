"""Builds bench/kernels/<name>.{ptx,cubin,json} for every manifest kernel.

Runs on the CPU machine, where tile-compile (and the libMLIR/libLLVM it
needs) and ptxas are; bench/run_on_device.sh then only loads the results.
  - a kernel whose source is .mlir: tile-compile SOURCE -o NAME.ptx
    --cubin NAME.cubin --metadata NAME.json --num-warps N --target T;
    skipped, with a note, while tile-compile is not built;
  - a hand-written .ptx kernel: ptxas assembles bench/kernels/NAME.ptx
    into NAME.cubin for the manifest's target; NAME.json is hand-written.

Then checks what the harness will assume: the metadata names the kernel,
has one parameter per manifest 'args' entry and 32 x num_warps threads;
the manifest's 'divisible_by_16' names exactly the arguments that the .mlir
signature hints with tile.divisibility = 16 (bench_memory.py skips a case
whose values break them, so a stale list would time a kernel on inputs it
was not compiled for). Last, per kernel: the global loads and stores of the
PTX by width (ld.global.v4.b32: 128-bit) and ptxas -v's registers, spills
and shared memory, printed and written to bench/kernels/summary.md.

Usage: python3 bench/build_kernels.py [--tile-compile PATH] [--ptxas PATH] [--only NAME ...]
"""

import argparse
import collections
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
KERNELS_DIR = BENCH_DIR / "kernels"
# Where tile-compile is looked for after $TILE_COMPILE: CMake puts it in bin/.
TILE_COMPILE_CANDIDATES = (
    REPO_ROOT / "build" / "bin" / "tile-compile",
    REPO_ROOT / "build" / "tools" / "tile-compile" / "tile-compile",
)


def default_tile_compile():
    if os.environ.get("TILE_COMPILE"):
        return os.environ["TILE_COMPILE"]
    for candidate in TILE_COMPILE_CANDIDATES:
        if candidate.exists():
            return str(candidate)
    return str(TILE_COMPILE_CANDIDATES[0])


def split_top_level(text):
    """Splits at commas outside (), <>, {} and []."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "(<{[":
            depth += 1
        elif char in ")>}]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        parts.append("".join(current))
    return [part.strip() for part in parts]


def mlir_signature(source, kernel):
    """[(argument name, hinted divisible by 16)] of func.func @kernel in source."""
    text = re.sub(r"//[^\n]*", "", source.read_text())
    match = re.search(r"func\.func\s+@" + re.escape(kernel) + r"\s*\(", text)
    if match is None:
        raise ValueError(f"{source}: no func.func @{kernel}")
    depth, index = 1, match.end()
    while depth:
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        index += 1
    arguments = []
    for part in split_top_level(text[match.end():index - 1]):
        name = part.split(":", 1)[0].strip()
        arguments.append((name, re.search(r"tile\.divisibility\s*=\s*16\b", part) is not None))
    return arguments


def check_entry(entry, source, metadata_path):
    """Problems between the manifest entry, its metadata and its .mlir source."""
    problems = []
    metadata = json.loads(metadata_path.read_text())
    kernel = next((k for k in metadata.get("kernels", []) if k["name"] == entry["kernel"]), None)
    if kernel is None:
        return [f"{metadata_path.name} has no kernel {entry['kernel']}"]
    types = [p["type"] for p in kernel["params"]]
    if len(types) != len(entry["args"]):
        problems.append(f"metadata has {len(types)} parameters ({', '.join(types)}), "
                        f"manifest args {len(entry['args'])} ({', '.join(entry['args'])})")
    threads = kernel.get("threads_per_block")
    if threads is not None and threads != 32 * entry["num_warps"]:
        problems.append(f"metadata threads_per_block {threads} != 32 x num_warps {entry['num_warps']}")
    if source.suffix == ".mlir":
        signature = mlir_signature(source, entry["kernel"])
        if len(signature) != len(entry["args"]):
            problems.append(f"{source.name} has {len(signature)} arguments, manifest args {len(entry['args'])}")
        else:
            hinted = [arg for arg, (_, hint) in zip(entry["args"], signature) if hint]
            listed = entry.get("divisible_by_16", [])
            if sorted(hinted) != sorted(listed):
                problems.append(f"{source.name} hints {hinted} divisible by 16, manifest divisible_by_16 is {listed}")
    return problems


def access_widths(ptx_text):
    """Counts of global loads and stores by access: 'ld.v4.b32': 4, ..."""
    counts = collections.Counter()
    for op, vector, bits in re.findall(r"\b(ld|st)\.global(?:\.[a-z]+)*?(\.v[248])?\.([bfsu]\d+)\b", ptx_text):
        counts[f"{op}{vector or ''}.{bits}"] += 1
    return dict(sorted(counts.items()))


def ptxas_info(ptxas, arch, ptx_path):
    """Registers, spill bytes and shared bytes per ptxas -v (for the whole image)."""
    completed = subprocess.run([ptxas, f"-arch={arch}", "-v", str(ptx_path), "-o", os.devnull],
                               capture_output=True, text=True)
    text = completed.stderr + completed.stdout
    info = {}
    for key, pattern in (("registers", r"Used (\d+) registers"), ("spill_stores", r"(\d+) bytes spill stores"),
                         ("spill_loads", r"(\d+) bytes spill loads"), ("stack", r"(\d+) bytes stack frame"),
                         ("smem", r"(\d+) bytes smem")):
        match = re.search(pattern, text)
        info[key] = int(match.group(1)) if match else None
    if completed.returncode != 0:
        info["error"] = text.strip()[-300:]
    return info


def ptxas_arch(target):
    """cuda:90a -> sm_90a."""
    if not target.startswith("cuda:"):
        raise SystemExit(f"manifest target {target!r} is not cuda:NN")
    return "sm_" + target.split(":", 1)[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tile-compile", default=default_tile_compile())
    parser.add_argument("--ptxas", default=shutil.which("ptxas") or "/usr/local/cuda/bin/ptxas")
    parser.add_argument("--only", nargs="*", help="manifest kernel names to build (default: all)")
    options = parser.parse_args()

    manifest = json.loads((BENCH_DIR / "manifest.json").read_text())
    target = manifest["target"]
    failures = 0
    summary = []
    for entry in manifest["kernels"]:
        if options.only and entry["name"] not in options.only:
            continue
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
                       "--metadata", str(out["json"]), "--num-warps", str(entry["num_warps"]), "--target", target,
                       "--num-stages", str(entry.get("num_stages", 3))]
            if "max_registers" in entry:
                command += ["--max-registers", str(entry["max_registers"])]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            failures += 1
            print(f"{name}: FAILED: {' '.join(command)}\n{completed.stderr}")
            continue
        if not out["json"].exists():
            failures += 1
            print(f"{name}: {out['json']} is missing (hand-written kernels need their metadata written by hand)")
            continue
        problems = check_entry(entry, source, out["json"])
        for problem in problems:
            print(f"{name}: MANIFEST MISMATCH: {problem}")
        failures += bool(problems)
        info = ptxas_info(options.ptxas, ptxas_arch(target), out["ptx"])
        widths = access_widths(out["ptx"].read_text())
        kernel_meta = next(k for k in json.loads(out["json"].read_text())["kernels"] if k["name"] == entry["kernel"])
        info["shared_bytes"] = kernel_meta.get("shared_bytes", 0)
        summary.append((entry, widths, info))
        print(f"{name}: built {out['cubin'].relative_to(REPO_ROOT)} ({out['cubin'].stat().st_size} bytes); "
              f"{info['registers']} registers, spills {info['spill_stores']}/{info['spill_loads']} bytes; "
              f"global accesses {widths}")
    if summary and not options.only:
        write_summary(summary, target, options.tile_compile)
    return 1 if failures else 0


def write_summary(summary, target, tile_compile):
    lines = [
        "# bench/kernels: what build_kernels.py built",
        "",
        f"Written by `python3 bench/build_kernels.py` for {target}. Accesses: the PTX's global loads (ld) and",
        "stores (st) by width, `.v4.b32` being 128-bit (4 fp32 or 8 fp16 values); each count is one instruction",
        "of the kernel's text, which every thread runs once (the matmuls' A and B loads once per K step). Block:",
        "elements per program (matmuls: BLOCK_M x BLOCK_N x BLOCK_K). Registers, spills and",
        "stack from `ptxas -v` on the PTX; shared bytes from the launch metadata (dynamic shared memory of the",
        "launch). `div16`: arguments hinted `tile.divisibility = 16`.",
        "",
        "| kernel | source | warps | block | div16 | global accesses | registers | spill st/ld B | stack B | shared B |",
        "|---|---|---:|---:|---|---|---:|---|---:|---:|",
    ]
    for entry, widths, info in summary:
        accesses = ", ".join(f"{count}x {kind}" for kind, count in widths.items())
        lines.append(f"| {entry['name']} | `{entry['source']}` | {entry['num_warps']} | {entry['block_size']} "
                     f"| {', '.join(entry.get('divisible_by_16', [])) or '-'} | {accesses} | {info['registers']} "
                     f"| {info['spill_stores']}/{info['spill_loads']} | {info['stack']} | {info['shared_bytes']} |")
    (KERNELS_DIR / "summary.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {(KERNELS_DIR / 'summary.md').relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    sys.exit(main())

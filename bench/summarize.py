"""One page of a bench run against DESIGN.md's "Performance to beat" goals.

Reads what bench/run_on_device.sh left in a results folder (memory.json,
memory_quick.json, memory_events.json, launch.json, compile_*.json,
mma_peak.json, gemm.json; any may be missing) and writes summary.md and
summary.json there:
  - GB/s: per workload and size, the best tile kernel that passed its check,
    against Triton and torch of the same run; goal tile >= 0.9 x Triton
    (torch where Triton has no figure);
  - correctness: every tile row of every memory report that ran, mismatched
    or was skipped, and why;
  - launch: tile from Python (goal < 5 us host per launch) and Triton's;
  - cold compile: tile-compile of vector add (goal < 100 ms, on the CPU
    machine) and Triton's;
  - GEMM: bench_gemm.py's best tile kernel per shape against Triton (wgmma),
    Triton on mma.sync, torch and the mma.sync ceiling of bench_mma_peak.py.

Usage: python3 bench/summarize.py DIR
"""

import json
import pathlib
import sys

GOAL_RATIO = 0.9


def load(folder, name):
    path = folder / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def fmt(value, digits=0):
    return "-" if value is None else f"{value:.{digits}f}"


def memory_section(report, title):
    lines = [f"## {title}", "", f"{report['gpu']}, {report['timing']}.", "",
             "| workload | size | best tile kernel | tile GB/s | Triton GB/s | torch GB/s | tile/Triton | "
             "goal (>= 0.9 x Triton) |", "|---|---|---|---:|---:|---:|---:|---|"]
    cases = {}
    for row in report["rows"]:
        cases.setdefault((row["workload"], row["size"], row["dtype"]), []).append(row)
    summary = []
    for (workload, size, dtype), rows in cases.items():
        # Hand-written PTX (the harness check) is not our compiler's output.
        timed = [row for row in rows if row["tile_gbps"] is not None and "hand-written" not in row["notes"]]
        best = max(timed, key=lambda row: row["tile_gbps"]) if timed else rows[0]
        reference = best["triton_gbps"] or best["torch_gbps"]
        if best["tile_gbps"] is None or reference is None:
            verdict = "not measured"
        else:
            verdict = "met" if best["tile_gbps"] >= GOAL_RATIO * reference else "MISSED"
        summary.append(dict(workload=workload, size=size, dtype=dtype, tile_kernel=best["tile_kernel"],
                            tile_gbps=best["tile_gbps"], triton_gbps=best["triton_gbps"],
                            torch_gbps=best["torch_gbps"], tile_over_triton=best["tile_over_triton"],
                            goal=verdict))
        lines.append(f"| {workload} {dtype} | {size} | {best['tile_kernel'] if timed else '-'} "
                     f"| {fmt(best['tile_gbps'])} | {fmt(best['triton_gbps'])} | {fmt(best['torch_gbps'])} "
                     f"| {fmt(best['tile_over_triton'], 2)} | {verdict} |")
    return lines + [""], summary


def correctness_section(reports):
    lines = ["## Correctness of the tile kernels (every memory report of the run)", "",
             "| report | checked and timed | mismatches | skipped (why) |", "|---|---:|---|---|"]
    verdicts = {}
    for name, report in reports:
        ok = sum(1 for row in report["rows"] if row["tile_gbps"] is not None)
        bad = [f"{row['tile_kernel']} {row['size']}" for row in report["rows"]
               if "tile output mismatch" in row["notes"]]
        skipped = {}
        for row in report["rows"]:
            if row["tile_gbps"] is None and "mismatch" not in row["notes"]:
                reason = row["notes"].split(";")[0].split(", not ")[0] or "?"
                skipped[reason] = skipped.get(reason, 0) + 1
        verdicts[name] = dict(timed=ok, mismatches=bad, skipped=skipped)
        lines.append(f"| {name} | {ok} | {', '.join(bad) or 'none'} | "
                     f"{'; '.join(f'{count}x {reason}' for reason, count in skipped.items()) or '-'} |")
    return lines + [""], verdicts


def launch_section(report):
    lines = [f"## Launch overhead ({report['gpu']}; goal: tile < 5 us per launch)", "",
             "| who | host us/launch | wall us/launch |", "|---|---:|---:|"]
    for row in report["rows"]:
        lines.append(f"| {row['who']} | {fmt(row['host_us'], 2)} | {fmt(row['wall_us'], 2)} |")
    return lines + [""]


def compile_section(reports):
    lines = ["## Cold compile (goal: tile-compile of vector add < 100 ms; Triton about 1 s)", ""]
    for report in reports:
        lines.append(f"- {report['part']}: {report.get('date', '?')}, {report['machine']}")
    lines += ["", "| part | kernel | mode | min ms | median ms |", "|---|---|---|---:|---:|"]
    for report in reports:
        for row in report["rows"]:
            lines.append(f"| {report['part']} | {row['kernel']} "
                         f"| {row.get('mode', 'tile-compile process')} | {row.get('min_ms', '-')} "
                         f"| {row.get('median_ms', row.get('error', '-'))} |")
    return lines + [""]


def gemm_section(report, peak):
    lines = [f"## GEMM TFLOP/s ({report['gpu']}, {report['timing']})", ""]
    if peak:
        lines += ["mma.sync ceiling (bench_mma_peak.py): " + ", ".join(
            f"{dtype} {fmt(row['tflops'], 1)} TFLOP/s ({row['warps_per_block']} warps x {row['blocks_per_sm']} "
            "blocks per SM)" for dtype, row in peak["best"].items()) + ".", ""]
    lines += ["| dtype | M x N x K | best tile kernel | tile | Triton | Triton mma v2 | torch | tile/Triton "
              "| tile/Triton mma v2 | tile/torch | tile/mma.sync peak |",
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in report["best"]:
        # Reports from before the mma v2 column lack its keys.
        lines.append(f"| {row['dtype']} | {row['size']} | {row['tile_kernel']} | {fmt(row['tile_tflops'], 1)} "
                     f"| {fmt(row['triton_tflops'], 1)} | {fmt(row.get('triton_mma_v2_tflops'), 1)} "
                     f"| {fmt(row['torch_tflops'], 1)} | {fmt(row['tile_over_triton'], 2)} "
                     f"| {fmt(row.get('tile_over_triton_mma_v2'), 2)} | {fmt(row['tile_over_torch'], 2)} "
                     f"| {fmt(row.get('tile_over_mma_peak'), 2)} |")
    return lines + [""]


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.split("\n\n")[-1].strip())
    folder = pathlib.Path(sys.argv[1])
    lines = [f"# Bench summary: {folder.name}", "",
             "Written by `bench/summarize.py` from the reports in this folder; each report has the details.", ""]
    result = {}
    memory_reports = []
    for name, title in (("memory", "GB/s, do_bench (L2 flushed before each call)"),
                        ("memory_events", "GB/s, back-to-back calls (no L2 flush)")):
        report = load(folder, name)
        if report:
            section, result[name] = memory_section(report, title)
            lines += section
    for name in ("memory_quick", "memory", "memory_events"):
        report = load(folder, name)
        if report:
            memory_reports.append((name, report))
    if memory_reports:
        section, result["correctness"] = correctness_section(memory_reports)
        lines += section
    launch = load(folder, "launch")
    if launch:
        lines += launch_section(launch)
        result["launch"] = launch["rows"]
    compiles = [report for report in (load(folder, f"compile_{part}") for part in ("tile", "triton_cpu", "triton"))
                if report]
    if compiles:
        lines += compile_section(compiles)
    peak = load(folder, "mma_peak")
    if peak:
        result["mma_peak"] = peak["best"]
    gemm = load(folder, "gemm")
    if gemm:
        lines += gemm_section(gemm, peak)
        result["gemm"] = gemm["best"]
    (folder / "summary.md").write_text("\n".join(lines))
    (folder / "summary.json").write_text(json.dumps(result, indent=1) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmarks aicc against onnxruntime on the e2e networks, ResNet-50 and
BERT-base (sequence 128, batch 1).

  build/venv/bin/python bench/run_bench.py [--quick] [--models a,b] [--threads 1,2]
                                            [--doc docs/performance.md]

For each model: export it once (cached in build/bench/models/NAME/, random
weights, seeded; see test/e2e/models/export_models.py), compile it with
build/bin/aicc (wall time and the child's peak RSS from wait4), then time aicc
and onnxruntime in alternating rounds inside this one process run, so that
both see the same background load (the machine is shared):

  round i:  aicc-run M.so -i input.npy --bench K --warmup-ms W --threads T
                                                                -> 1 sample (that round's median)
            K x session.run(...) on the same input             -> K per-call samples

Both engines are timed warm: each aicc-run process calls the model for W ms
(--warmup-ms, default 100) before its K timed runs, because a fresh process
runs a microsecond model about 2x slower for its first few hundred calls;
the onnxruntime session, which lives through all rounds, is called for the
same W ms once before the first.

Rounds repeat until aicc has --samples samples (default 30) or --max-seconds
per (model, threads) is spent (at least --min-rounds rounds); the counts that
were actually taken are reported. The comparison uses the median of the
per-round medians for both engines (same statistic on both sides); the ORT
per-call median is kept in the JSON too.

aicc GFLOP/s = 2 * MACs / aicc median, with MACs counted from the ONNX graph
(Conv: N*M*OH*OW*(C/group)*KH*KW; Gemm/MatMul: M*N*K; nothing else counted),
against the single-core fp32 FMA peak measured by bench/peak/fma_peak.c.

Writes build/bench/results.json and, with --doc, a Markdown report.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "build" / "bench"
AICC = ROOT / "build" / "bin" / "aicc"
AICC_RUN = ROOT / "build" / "bin" / "aicc-run"
PEAK_SRC = ROOT / "bench" / "peak" / "fma_peak.c"

sys.path.insert(0, str(ROOT / "test" / "e2e" / "models"))
import export_models  # noqa: E402  (the e2e exporter; ResNet-50 is added below)

export_models.MODELS.setdefault(
    "resnet50",
    (lambda: __import__("torchvision").models.resnet50(weights=None), (1, 3, 224, 224)))
# BERT-base: the e2e BERT encoder at full size (random weights, seeded),
# exported with dynamic batch and sequence axes and compiled with both pinned
# to 1x128 (-input-shape), inputs input_ids and attention_mask.
export_models.SEQ_MODELS.setdefault(
    "bert_base",
    export_models.SeqModel(
        lambda: export_models.Bert(vocab=30522, hidden=768, heads=12, layers=12,
                                   intermediate=3072, max_pos=512),
        ("input_ids", "attention_mask"), 30522, 17, (1, 128), ((1, 128),)))

DEFAULT_MODELS = ["resnet50", "bert_base", "resnet18", "mobilenet_v2", "mlp"]


# ----------------------------------------------------------------------------
# Model preparation


class Bench(NamedTuple):
    """What one benchmarked model runs on: the ONNX file, its inputs (graph
    order) and the -input-shape pins its dynamic dims need."""
    onnx: Path
    inputs: list[Path]
    pins: list[str]


def ensure_exported(name: str) -> Bench:
    d = BENCH_DIR / "models" / name
    spec = export_models.SEQ_MODELS.get(name)
    if spec is None:
        inputs, pins = [d / "input.npy"], []
    else:
        (b, s), = spec.shapes
        c = d / export_models.case_dir(name, b, s)
        inputs = [c / f"input_{i}.npy" for i in range(len(spec.inputs))]
        pins = [f"-input-shape={n}:{b}x{s}" for n in spec.inputs]
    if not (d / "model.onnx").exists() or not all(i.exists() for i in inputs):
        import torch
        torch.set_num_threads(1)
        if spec is None:
            export_models.export_one(name, BENCH_DIR / "models")
        else:
            export_models.export_seq(name, BENCH_DIR / "models")
    return Bench(d / "model.onnx", inputs, pins)


# Runs argv[1:] and prints "<exit code> <child ru_maxrss KiB> <seconds>". It runs
# in a fresh small interpreter because Linux carries a process's RSS high-water
# mark across fork+exec: aicc forked straight from this process (torch loaded,
# hundreds of MiB) would report our peak, not its own.
_RUSAGE_HELPER = (
    "import os, sys, time\n"
    "t = time.perf_counter()\n"
    "pid = os.spawnv(os.P_NOWAIT, sys.argv[1], sys.argv[1:])\n"
    "_, st, ru = os.wait4(pid, 0)\n"
    "print(os.waitstatus_to_exitcode(st), ru.ru_maxrss, time.perf_counter() - t)\n")


def compile_model(onnx_path: Path, so_path: Path, pins: list[str]) -> dict:
    """Runs aicc as a child: wall time and its peak RSS (ru_maxrss from wait4)."""
    cmd = [str(AICC), str(onnx_path), *pins, "-o", str(so_path)]
    out = subprocess.run([sys.executable, "-I", "-S", "-c", _RUSAGE_HELPER] + cmd,
                         check=True, capture_output=True, text=True).stdout.split()
    code, maxrss_kib, seconds = int(out[0]), int(out[1]), float(out[2])
    if code != 0:
        raise SystemExit(f"run_bench: aicc failed ({code}): {shlex.join(cmd)}")
    return {"cmd": shlex.join(cmd), "seconds": seconds, "peak_rss_mib": maxrss_kib / 1024.0}


# ----------------------------------------------------------------------------
# FLOP counting


def count_macs(onnx_path: Path, inputs: list[Path]) -> dict:
    """MACs of Conv, Gemm and MatMul nodes, from shape-inferred static shapes.
    Dynamic input dims are set from the inputs; ONNX's own inference loses
    them in exported shape subgraphs (Shape -> ... -> Reshape), so those
    models go through onnxruntime's symbolic shape inference."""
    import onnx
    from onnx import shape_inference

    model = onnx.load(str(onnx_path))
    dynamic = False
    for vi, path in zip(model.graph.input, inputs):
        for dim, n in zip(vi.type.tensor_type.shape.dim, np.load(path).shape):
            dynamic |= not dim.HasField("dim_value")
            dim.Clear()
            dim.dim_value = n
    if dynamic:
        from onnxruntime.tools.symbolic_shape_infer import SymbolicShapeInference
        model = SymbolicShapeInference.infer_shapes(model, auto_merge=True)
    else:
        model = shape_inference.infer_shapes(model)
    g = model.graph
    shapes = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        dims = vi.type.tensor_type.shape.dim
        shapes[vi.name] = [d.dim_value for d in dims]
    for init in g.initializer:
        shapes[init.name] = list(init.dims)

    def attr(node, name, default):
        for a in node.attribute:
            if a.name == name:
                return onnx.helper.get_attribute_value(a)
        return default

    per_op = {"Conv": 0, "Gemm": 0, "MatMul": 0}
    for node in g.node:
        if node.op_type == "Conv":
            out = shapes[node.output[0]]          # N, M, OH, OW
            w = shapes[node.input[1]]             # M, C/group, KH, KW
            per_op["Conv"] += int(np.prod(out)) * int(np.prod(w[1:]))
        elif node.op_type == "Gemm":
            a = shapes[node.input[0]]
            k = a[0] if attr(node, "transA", 0) else a[1]
            out = shapes[node.output[0]]          # M, N
            per_op["Gemm"] += int(np.prod(out)) * k
        elif node.op_type == "MatMul":
            a = shapes[node.input[0]]
            out = shapes[node.output[0]]
            per_op["MatMul"] += int(np.prod(out)) * a[-1]
    return {"macs": sum(per_op.values()), "per_op": per_op}


# ----------------------------------------------------------------------------
# Peak


def measure_peak(repeats: int = 5) -> dict:
    exe = BENCH_DIR / "fma_peak"
    cc = os.environ.get("CC", "cc")
    cmd = [cc, "-O3", "-march=native", str(PEAK_SRC), "-o", str(exe)]
    subprocess.run(cmd, check=True)
    best, line = 0.0, ""
    for _ in range(repeats):  # best of a few: the machine is shared
        out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
        fields = dict(f.split("=", 1) for f in out.split())
        if float(fields["peak_gflops"]) > best:
            best, line = float(fields["peak_gflops"]), out.strip()
    return {"gflops_1core": best, "line": line, "compile": shlex.join(cmd)}


# ----------------------------------------------------------------------------
# Timing


def aicc_round(so: Path, inputs: list[Path], k: int, threads: int, warmup_ms: float) -> float:
    cmd = [str(AICC_RUN), str(so), *(a for i in inputs for a in ("-i", str(i))), "--bench", str(k),
           "--warmup-ms", str(warmup_ms), "--threads", str(threads)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("latency_ms"):
            fields = dict(f.split("=", 1) for f in line.split()[1:])
            return float(fields["median"])
    raise SystemExit(f"run_bench: no latency line from {shlex.join(cmd)}:\n{out}")


def make_ort_session(onnx_path: Path, threads: int):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])


def bench_pair(m: Bench, so: Path, threads: int, args) -> dict:
    sess = make_ort_session(m.onnx, threads)
    feed = {i.name: np.load(p) for i, p in zip(sess.get_inputs(), m.inputs)}
    # Warm-up for --warmup-ms (aicc-run does its own per round).
    t_warm = time.perf_counter()
    sess.run(None, feed)
    while (time.perf_counter() - t_warm) * 1e3 < args.warmup_ms:
        sess.run(None, feed)

    aicc_samples, ort_calls, ort_round_medians = [], [], []
    t_start = time.perf_counter()
    while len(aicc_samples) < args.samples:
        aicc_samples.append(aicc_round(so, m.inputs, args.round_runs, threads,
                                        args.warmup_ms))
        calls = []
        for _ in range(args.round_runs):
            t0 = time.perf_counter()
            sess.run(None, feed)
            calls.append((time.perf_counter() - t0) * 1e3)
        ort_calls += calls
        ort_round_medians.append(statistics.median(calls))
        spent = time.perf_counter() - t_start
        if (args.max_seconds and spent > args.max_seconds
                and len(aicc_samples) >= args.min_rounds):
            break
    aicc_med = statistics.median(aicc_samples)
    ort_med = statistics.median(ort_round_medians)
    return {
        "threads": threads,
        "rounds": len(aicc_samples),
        "runs_per_round": args.round_runs,
        "aicc_round_medians_ms": aicc_samples,
        "ort_calls_ms": ort_calls,
        "aicc_median_ms": aicc_med,
        "ort_median_ms": ort_med,
        "ort_per_call_median_ms": statistics.median(ort_calls),
        "ratio_aicc_over_ort": aicc_med / ort_med,
        "seconds": time.perf_counter() - t_start,
    }


# ----------------------------------------------------------------------------
# Report


def machine_info() -> dict:
    model_name, cores = platform.processor(), os.cpu_count()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        kv = dict(l.split(":", 1) for l in out.splitlines() if ":" in l)
        model_name = kv.get("Model name", model_name).strip()
        flags = kv.get("Flags", "").split()
        cores = int(kv.get("CPU(s)", cores))
        isa = "AVX-512" if "avx512f" in flags else ("AVX2+FMA" if "fma" in flags else "SSE")
        family = f"family {kv.get('CPU family', '?').strip()} model {kv.get('Model', '?').strip()}"
    except (OSError, ValueError):
        isa, family = "?", "?"
    return {"model_name": model_name, "cpus": cores, "isa": isa, "family": family,
            "kernel": platform.release()}


def fmt_row(r: dict) -> list:
    def g(v, f="{:.1f}"):
        return "-" if v is None else f.format(v)
    return [r["model"], str(r["threads"]), f'{r["rounds"]}x{r["runs_per_round"]}',
            g(r["aicc_median_ms"], "{:.3f}"), g(r["ort_median_ms"], "{:.3f}"),
            g(r["ratio_aicc_over_ort"], "{:.1f}x"), g(r["aicc_gflops"], "{:.2f}"),
            g(r["aicc_pct_peak"], "{:.1f}%"), g(r["ort_gflops"], "{:.1f}"),
            g(r["compile_s"]), g(r["compile_rss_mib"], "{:.0f}")]


HEADER = ["model", "threads", "rounds x K", "aicc ms", "ORT ms", "aicc/ORT",
          "aicc GFLOP/s", "aicc % 1-core peak", "ORT GFLOP/s", "compile s",
          "compile RSS MiB"]


def markdown_table(rows: list) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(fmt_row(r)) + " |" for r in rows]
    return "\n".join(lines)


def text_table(rows: list) -> str:
    cells = [HEADER] + [fmt_row(r) for r in rows]
    w = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    return "\n".join("  ".join(c[i].rjust(w[i]) for i in range(len(c))) for c in cells)


BEGIN, END = "<!-- run_bench:begin -->", "<!-- run_bench:end -->"


def render_block(res: dict, table: str) -> str:
    m, pk = res["machine"], res["peak"]
    la, lb = res["loadavg_before"], res["loadavg_after"]
    threads = sorted({r["threads"] for r in res["rows"]})
    counts = ", ".join(sorted({f'{r["model"]} {r["rounds"]}x{r["runs_per_round"]}'
                               for r in res["rows"]}))
    return f"""{BEGIN}
<!-- generated by bench/run_bench.py; edit the prose outside these markers -->
- date: {res["date"]}, aicc at git {res["git"]}, onnxruntime {res["onnxruntime"]}
- machine: {m["model_name"]} ({m["family"]}), {m["cpus"]} CPUs, {m["isa"]}, Linux {m["kernel"]};
  shared with other builds: load average {la[0]:.1f} before, {lb[0]:.1f} after
- command: `{res["command"]}`
- threads: {", ".join(map(str, threads))} (ORT intra-op threads; aicc-run `--threads`: the
  context's thread pool, docs/runtime.md)
- samples (rounds x runs per round, per thread count): {counts}
- peak: {pk["gflops_1core"]:.1f} GFLOP/s fp32 on one core, measured by `bench/peak/fma_peak.c`
  (`{pk["line"]}`)

{table}
{END}"""


def write_doc(path: Path, block: str) -> None:
    """Replaces the generated block in `path`, keeping the prose around it."""
    text = path.read_text() if path.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        raise SystemExit(f"run_bench: {path} has no {BEGIN} ... {END} block")
    a, b = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:a] + block + text[b:])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=",".join(DEFAULT_MODELS))
    p.add_argument("--threads", default="1,2")
    p.add_argument("--samples", type=int, default=30,
                   help="aicc rounds (samples) per model and thread count (default 30)")
    p.add_argument("--round-runs", type=int, default=5,
                   help="K: aicc-run --bench K and K ORT calls per round (default 5)")
    p.add_argument("--max-seconds", type=float, default=0,
                   help="stop a (model, threads) pair after this many seconds, once it has "
                        "--min-rounds rounds; 0 = no limit (the counts taken are reported)")
    p.add_argument("--min-rounds", type=int, default=3)
    p.add_argument("--warmup-ms", type=float, default=100,
                   help="warm-up per aicc-run process and once for the onnxruntime "
                        "session (default 100 ms)")
    p.add_argument("--quick", action="store_true",
                   help="--samples 5 --round-runs 3 --max-seconds 45 (a few minutes in all)")
    p.add_argument("--doc", type=Path, help="write the Markdown report here")
    p.add_argument("--json", type=Path, default=BENCH_DIR / "results.json")
    p.add_argument("--bin", type=Path, default=ROOT / "build" / "bin",
                   help="directory holding aicc and aicc-run (default build/bin; a copy keeps a "
                        "run steady while the shared build directory is rebuilt)")
    args = p.parse_args(argv)
    global AICC, AICC_RUN
    AICC, AICC_RUN = args.bin.resolve() / "aicc", args.bin.resolve() / "aicc-run"
    if args.quick:
        args.samples, args.round_runs, args.max_seconds = 5, 3, args.max_seconds or 45
    models = [m for m in args.models.split(",") if m]
    threads = [int(t) for t in args.threads.split(",") if t]
    known = sorted(export_models.MODELS) + sorted(export_models.SEQ_MODELS)
    for m in models:
        if m not in known:
            p.error(f"unknown model {m!r}; known: {', '.join(known)}")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    command = "build/venv/bin/python bench/run_bench.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    started = datetime.datetime.now()
    load_before = os.getloadavg()
    peak = measure_peak()
    print(f"peak: {peak['line']}", flush=True)

    rows = []
    for m in models:
        bm = ensure_exported(m)
        so = BENCH_DIR / f"{m}.so"
        comp = compile_model(bm.onnx, so, bm.pins)
        macs = count_macs(bm.onnx, bm.inputs)
        print(f"{m}: compiled in {comp['seconds']:.1f} s, peak RSS {comp['peak_rss_mib']:.0f} MiB, "
              f"{macs['macs'] / 1e6:.1f} MMAC", flush=True)
        for t in threads:
            r = bench_pair(bm, so, t, args)
            flops = 2.0 * macs["macs"]
            r.update({
                "model": m,
                "macs": macs["macs"], "macs_per_op": macs["per_op"],
                "aicc_gflops": flops / (r["aicc_median_ms"] * 1e6) if flops else None,
                "ort_gflops": flops / (r["ort_median_ms"] * 1e6) if flops else None,
                "compile_s": comp["seconds"], "compile_rss_mib": comp["peak_rss_mib"],
                "compile_cmd": comp["cmd"],
            })
            r["aicc_pct_peak"] = (100.0 * r["aicc_gflops"] / peak["gflops_1core"]
                                  if r["aicc_gflops"] else None)
            rows.append(r)
            print(f"  threads={t}: aicc {r['aicc_median_ms']:.3f} ms, ORT {r['ort_median_ms']:.3f} ms "
                  f"({r['rounds']} rounds x {r['runs_per_round']}, {r['seconds']:.0f} s)", flush=True)

    result = {
        "date": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": machine_info(),
        "peak": peak,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "onnxruntime": __import__("onnxruntime").__version__,
        "git": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip(),
        "rows": rows,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1))
    print()
    print(text_table(rows))
    print(f"\nresults: {args.json}")
    if args.doc:
        write_doc(args.doc, render_block(result, markdown_table(rows)))
        print(f"report: {args.doc} (between the {BEGIN} / {END} markers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

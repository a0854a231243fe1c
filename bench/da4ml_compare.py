#!/usr/bin/env python3
"""aicc's -target=fixed weight specialisation against da4ml's CMVM solver on
the integer weight matrices of the fixed-function test models.

  build/venv/bin/python bench/da4ml_compare.py [--work-dir DIR] [--aicc PATH]
      [--aicc-opt PATH] [--synth] [--synth-timeout S] [--neurons-per-block N]

Models (test/e2e/fixed/models.py, quantize_static QDQ int8, per-channel
7-bit weights, calibrated on the digit samples, as `make check-fixed`): the
MLP 64-32-16-10 and the digit CNN (conv 8x1x3x3 as a 9 -> 8 matrix per
output position, dense 128 -> 10). For each layer's int8 weight matrix
(read from the QDQ ONNX file), with the input as aicc centres it (x - zero
point, an integer interval of 256 values):

- da4ml: `da4ml.cmvm.solve(kernel, qintervals=...)` with its defaults
  (method0 'wmc', no depth constraint): adders (ops with opcode 0/1, i.e.
  a +- b << s), adder depth (the solution's latency with unit adder cost),
  and its LUT estimate (the same solve with adder_size=1, da4ml's converter
  default). The solution is checked against x @ kernel on random inputs.
- aicc: `aicc M.onnx -emit=mlir`, then
  `aicc-opt --pass-pipeline='builtin.module(aicc-graph-pipeline,
  aicc-fixed-pipeline,aicc-fixed-software-pipeline{share-products=B})'
  --mlir-print-debuginfo --mlir-print-unique-ssa-ids` (what `aicc -target=fixed -o M.so` runs before
  the CPU code generation), B false and true. Every op keeps the location
  of its layer's aicc.gemm/matmul/conv; per layer, the i32 ops of the dot
  products are counted: adders (addi/subi of two variables), constant
  adds (x - zero point, bias, 0 - x), shifts (shli) and the multiplies
  left (muli by a constant with more than 3 CSD digits, also given as the
  adders of their CSD form); the depth counts adder levels (a kept
  multiply as the log2 of its digits). Requantization (i64, compares,
  selects) is left out.

With --synth, one layer (the MLP's fc3, 16 -> 10) through yosys
`synth_ice40` (as scripts/fixed-synth.py): da4ml's Verilog (VerilogModel,
its combinational stage 0, which holds 192 of the 197 adders; stage 1 has 5) and the dot-product part of
aicc's Verilog for that layer (`-target=fixed -emit=verilog`: its x, g and
acc wires, with the centred inputs as 8-bit unsigned values 0..255 (input
zero point -128, as da4ml's qintervals) and without the bias, i.e. the same
function), each as a module without registers. aicc's Verilog is the
emitter's own specialisation (CSD, adder trees),
with its own digit-pair sharing across the layer's outputs (DigitSharing.h,
the algorithm of aicc-fixed-share-products), not the aicc-fixed-* passes,
which only the software form runs. Every layer's Verilog adders (report.json)
are a column of the table too.

Prints one table and the commands. A benchmark, not a test: a few minutes
(yosys most of it).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test/e2e/fixed"))
import models  # noqa: E402

SHAPES = {"mlp": (1, 64), "digits_cnn": (1, 1, 8, 8)}
PIPELINE = ("builtin.module(aicc-graph-pipeline,aicc-fixed-pipeline,"
            "aicc-fixed-software-pipeline{{share-products={share}}})")
# --neurons-per-block N: the software pipeline's passes spelled out
# (lib/Target/Fixed/FixedPipeline.cpp), with N dense neurons per basic block
# (aicc-fixed-share-products shares within a block; the default is 16).
PIPELINE_NPB = ("builtin.module(aicc-graph-pipeline,aicc-fixed-pipeline,"
                "aicc-specialize-fixed-layers{{neurons-per-block={npb}}},"
                "func.func({share}aicc-fixed-strength-reduce,cse))")


@dataclass
class Layer:
    model: str
    node: str
    op: str
    kernel: np.ndarray          # n_in x n_out integers (x @ kernel)
    in_zp: int
    note: str = ""
    da: dict = field(default_factory=dict)
    aicc: dict = field(default_factory=dict)   # "csd" / "shared" -> counts
    rtl: dict = field(default_factory=dict)    # the layer's entry in report.json


def onnx_layers(model_path: Path, name: str) -> list[Layer]:
    """The int8 weight matrix and input zero point of every Gemm/MatMul/Conv
    of a QDQ model, in graph order."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(model_path))
    inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    layers = []
    for n in m.graph.node:
        if n.op_type not in ("Gemm", "MatMul", "Conv"):
            continue
        wdq, xdq = producer[n.input[1]], producer[n.input[0]]
        w = inits[wdq.input[0]].astype(np.int64)
        zp = int(inits[xdq.input[2]].reshape(-1)[0]) if len(xdq.input) > 2 else 0
        note = ""
        if n.op_type == "Conv":
            kernel = w.reshape(w.shape[0], -1).T            # (ci*kh*kw) x co
            note = "per output position"
        elif n.op_type == "Gemm" and any(a.name == "transB" and a.i for a in n.attribute):
            kernel = w.T
        else:
            kernel = w
        layers.append(Layer(name, n.name, n.op_type, kernel, zp, note))
    return layers


# ---------------------------------------------------------------- da4ml side

def da4ml_solve(layer: Layer) -> dict:
    from da4ml.cmvm import solve
    k = np.ascontiguousarray(layer.kernel.astype(np.float32))
    lo, hi = -128 - layer.in_zp, 127 - layer.in_zp
    qint = [(float(lo), float(hi), 1.0)] * k.shape[0]
    t0 = time.perf_counter()
    sol = solve(k, qintervals=qint)
    seconds = time.perf_counter() - t0
    adders = sum(op.opcode in (0, 1) for s in sol.solutions for op in s.ops)
    other = sum(op.opcode not in (-1, 0, 1) for s in sol.solutions for op in s.ops)
    depth = sol.latency[1]
    luts = solve(k, qintervals=qint, adder_size=1).cost
    rng = np.random.default_rng(0)
    x = rng.integers(lo, hi + 1, (4, k.shape[0]))
    for row in x:
        got = np.asarray(sol(row.astype(np.float64)), dtype=np.float64)
        if not np.array_equal(got, (row @ layer.kernel).astype(np.float64)):
            raise RuntimeError(f"da4ml's solution for {layer.node} is not x @ kernel")
    return {"adders": adders, "depth": depth, "lut_estimate": luts, "other_ops": other,
            "seconds": seconds, "solution": sol}


# ----------------------------------------------------------------- aicc side

OP_RE = re.compile(r"^\s*(%[\w.#-]+) = arith\.(\w+) (.*?) : ([\w<>x]+)(?: to (\w+))?"
                   r" loc\((#loc\d*)\)\s*$")
LOC_RE = re.compile(r'^(#loc\d*) = loc\("([^"]*)":(\d+):\d+\)')


def csd_digits(c: int) -> int:
    """Non-zero digits of c's canonical signed-digit (NAF) form."""
    c, n = abs(c), 0
    while c:
        if c & 1:
            n += 1
            c -= 2 - (c & 3)   # digit +1 if c mod 4 == 1, -1 if 3
        c >>= 1
    return n


def count_aicc_ops(ir: str, layer_lines: dict[int, int]) -> dict[int, dict]:
    """Per layer (index by the line of its op in the input .mlir): the i32
    dot-product ops of the specialised IR."""
    locs = {}
    for line in ir.splitlines():
        m = LOC_RE.match(line)
        if m:
            locs[m.group(1)] = int(m.group(3))
    consts: dict[str, int] = {}
    depth: dict[str, float] = {}
    requant: set[str] = set()
    out = {i: {"adders": 0, "const_adds": 0, "shifts": 0, "muls": 0, "mul_adders": 0,
               "depth": 0.0} for i in layer_lines.values()}
    for line in ir.splitlines():
        m = OP_RE.match(line)
        if not m:
            continue
        res, op, rest, ty, to_ty, loc = m.groups()
        if op == "constant":
            v = re.match(r"(-?\d+)$", rest.strip())
            if v:
                consts[res] = int(v.group(1))
            continue
        operands = re.findall(r"%[\w.#-]+", rest)
        if (ty in ("i64", "i128", "i1") or to_ty in ("i64", "i128", "i1") or op in ("select", "cmpi")
                or any(o in requant for o in operands)):
            requant.add(res)
            continue
        layer = layer_lines.get(locs.get(loc, -1))
        if layer is None or ty != "i32":
            continue
        c = out[layer]
        d_in = max((depth.get(o, 0.0) for o in operands if o not in consts), default=0.0)
        variables = [o for o in operands if o not in consts]
        if op in ("addi", "subi"):
            if len(variables) == 2:
                c["adders"] += 1
                d_in += 1
            else:
                c["const_adds"] += 1
        elif op == "shli":
            c["shifts"] += 1
        elif op == "muli":
            k = next((consts[o] for o in operands if o in consts), None)
            c["muls"] += 1
            if k is not None:
                digits = csd_digits(k)
                c["mul_adders"] += max(digits - 1, 0)
                d_in += float(np.ceil(np.log2(max(digits, 1))))
        depth[res] = d_in
        c["depth"] = max(c["depth"], d_in)
    return out


def aicc_counts(args, model: Path, work: Path, layers: list[Layer]) -> None:
    mlir = work / "model.mlir"
    run([args.aicc, model, "-emit=mlir", "-o", mlir])
    lines = mlir.read_text().splitlines()
    op_lines = [i + 1 for i, l in enumerate(lines)
                if re.search(r"= aicc\.(gemm|matmul|conv) ", l)]
    if len(op_lines) != len(layers):
        raise RuntimeError(f"{model}: {len(op_lines)} aicc layer ops, {len(layers)} ONNX layers")
    layer_lines = {ln: i for i, ln in enumerate(op_lines)}
    for share, key in (("false", "csd"), ("true", "shared")):
        out = work / f"fixed-{key}.mlir"
        pipeline = (PIPELINE.format(share=share) if not args.neurons_per_block else
                    PIPELINE_NPB.format(npb=args.neurons_per_block,
                                        share="aicc-fixed-share-products," if share == "true"
                                        else ""))
        run([args.aicc_opt, mlir, f"--pass-pipeline={pipeline}",
             "--mlir-print-debuginfo", "--mlir-print-unique-ssa-ids", "-o", out])
        for i, c in count_aicc_ops(out.read_text(), layer_lines).items():
            layers[i].aicc[key] = c


def rtl_counts(args, model: Path, work: Path, layers: list[Layer]) -> None:
    """The Verilog emitter's counts per layer (`aicc -target=fixed
    -emit=verilog`, report.json): adders of the dot products (shared digit
    pairs included) and the pairs shared; a convolution's over all its output
    positions."""
    rtl = work / "rtl_counts"
    run([args.aicc, model, "-target=fixed", "-emit=verilog", "-o", rtl])
    report = json.loads((rtl / "report.json").read_text())
    contractions = [l for l in report["layers"] if l["kind"] in ("dense", "conv")]
    if len(contractions) != len(layers):
        raise RuntimeError(f"{model}: {len(contractions)} layers in report.json, {len(layers)} "
                           f"ONNX layers")
    for layer, entry in zip(layers, contractions):
        layer.rtl = entry


# -------------------------------------------------------------------- yosys

def yosys_stat(files: list[Path], top: str, work: Path, timeout: float) -> dict:
    spec = importlib.util.spec_from_file_location("fixed_synth", ROOT / "scripts/fixed-synth.py")
    fs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fs)
    stat = work / f"yosys-{top}.json"
    script = (" ".join(f"read_verilog {f};" for f in files) +
              f" synth_ice40 -top {top}; tee -q -o {stat} stat -json")
    t0 = time.monotonic()
    r = subprocess.run(["nice", "yosys", "-q", "-p", script], capture_output=True, text=True,
                       timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"yosys ({top}): {r.stdout[-1000:]}{r.stderr[-1000:]}")
    design = json.loads(stat.read_text())["design"]
    return {"cells": design["num_cells"], **fs.summarise(design.get("num_cells_by_type", {})),
            "seconds": round(time.monotonic() - t0, 1)}


def csd_terms(c: int) -> list[tuple[int, int]]:
    """(sign, shift) of c's canonical signed digits."""
    terms, k = [], 0
    while c:
        if c & 1:
            d = 2 - (c & 3)
            terms.append((d, k))
            c -= d
        c >>= 1
        k += 1
    return terms


def expand_multiplies(expr: str) -> str:
    """`v * W'sdC` as the shift-adds of C's CSD digits (the same value
    modulo 2^W), for the variant without constant multiplies."""
    def rep(m):
        v, c = m.group(1), int(m.group(3))
        parts = [("-" if d < 0 else "+") + (f" ({v} <<< {k})" if k else f" {v}")
                 for d, k in reversed(csd_terms(c))]
        return "(" + " ".join(parts).lstrip("+ ") + ")"
    return re.sub(r"(\w+) \* (\d+)'sd(\d+)", rep, expr)


def aicc_cmvm_module(model_v: str, module: str, n_in: int, n_out: int,
                     expand: bool = False, name: str = "aicc_cmvm") -> str:
    """The dot-product wires of one layer module of aicc's model.v (x<i>:
    the centred inputs, t<n>: the adders, acc<n>: the dot
    products) as a combinational module taking the centred inputs (8-bit
    unsigned: input zero point -128) and returning the accumulators without
    the bias; with
    expand, its constant multiplies as CSD shift-adds."""
    body = re.search(rf"^module {module}\(.*?^endmodule", model_v, re.S | re.M).group(0)
    wires, width = [], 0
    for line in body.splitlines():
        m = re.match(r"\s*wire signed \[(\d+):0\] (x|g|t|acc)([\d_]+) = (.*);", line)
        if not m:
            continue
        hi, kind, idx, expr = m.groups()
        if kind == "x":
            i = int(idx)
            expr = f"{{1'b0, in_data[{8 * i + 7}:{8 * i}]}}"
        elif kind == "acc":
            width = max(width, int(hi) + 1)
            expr = re.sub(r"^-?\d+'sd\d+ \+ ", "", expr)       # the bias
            expr = re.sub(r"^-?\d+'sd\d+ - ", "-", expr)
        if expand:
            expr = expand_multiplies(expr)
        wires.append(f"  wire signed [{hi}:0] {kind}{idx} = {expr};")
    outs = [f"  assign out_data[{width * (n + 1) - 1}:{width * n}] = acc{n};"
            for n in range(n_out)]
    return "\n".join([f"module {name}(input wire [{8 * n_in - 1}:0] in_data,",
                      f"    output wire [{width * n_out - 1}:0] out_data);",
                      *wires, *outs, "endmodule", ""])


def check_cmvm_module(v: Path, top: str, kernel: np.ndarray, vectors: int = 12) -> None:
    """yosys `eval` of the extracted module (before synthesis) on random
    centred inputs and the extremes: every output must be x @ kernel."""
    n_in, n_out = kernel.shape
    text = v.read_text()
    width = (int(re.search(r"output wire \[(\d+):0\]", text).group(1)) + 1) // n_out
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (vectors, n_in))
    x[0], x[1] = 0, 255
    cmds = [f"read_verilog {v}", f"hierarchy -top {top}", "proc", "flatten"]
    for row in x:
        bits = "".join(f"{int(e):08b}" for e in reversed(row))
        cmds.append(f"eval -set in_data {8 * n_in}'b{bits} -show out_data")
    r = subprocess.run(["yosys", "-p", "; ".join(cmds)], capture_output=True, text=True)
    got = re.findall(r"\\out_data = \d+'([01]+)", r.stdout)
    if len(got) != vectors:
        raise RuntimeError(f"yosys eval of {v}: {r.stdout[-800:]}{r.stderr[-400:]}")
    for row, b in zip(x, got):
        val = int(b, 2)
        out = [(val >> (width * j)) & ((1 << width) - 1) for j in range(n_out)]
        out = [o - (1 << width) if o >> (width - 1) else o for o in out]
        if out != list(row @ kernel):
            raise RuntimeError(f"{v}: not x @ kernel for x = {list(row)}")


def synth_layer(args, model: Path, layer: Layer, index: int, work: Path) -> dict:
    from da4ml.codegen import VerilogModel
    res = {}
    da_dir = work / "da4ml_rtl"
    shutil.rmtree(da_dir, ignore_errors=True)
    VerilogModel(layer.da["solution"], "cmvm", da_dir).write()
    # Its static modules, but lookup_table.v (a $readmemh of a placeholder file; unused).
    files = [da_dir / "src/cmvm_stage0.v", *sorted(f for f in (da_dir / "src/static").glob("*.v")
                                                   if f.name != "lookup_table.v")]
    res["da4ml"] = yosys_stat(files, "cmvm_stage0", work, args.synth_timeout)
    rtl = work / "aicc_rtl"
    run([args.aicc, model, "-target=fixed", "-emit=verilog", "-o", rtl])
    module = re.findall(rf"^module (layer{index}_\w+)\(", (rtl / "model.v").read_text(), re.M)[0]
    n_in, n_out = layer.kernel.shape
    model_v = (rtl / "model.v").read_text()
    for key, expand in (("aicc", False), ("aicc, multiplies as CSD", True)):
        top = "aicc_cmvm_csd" if expand else "aicc_cmvm"
        v = work / f"{top}.v"
        v.write_text(aicc_cmvm_module(model_v, module, n_in, n_out, expand, top))
        if layer.in_zp != -128:
            raise RuntimeError(f"{layer.node}: input zero point {layer.in_zp}, not -128")
        check_cmvm_module(v, top, layer.kernel)
        res[key] = yosys_stat([v], top, work, args.synth_timeout)
        res[key]["multiplies"] = len(re.findall(r"\w+ \* \d+'sd\d+", v.read_text()))
    return res


# --------------------------------------------------------------------- main

def run(cmd) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {r.stderr.strip()[-800:]}")
    return r


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/da4ml-compare")
    p.add_argument("--aicc", type=Path, default=ROOT / "build/bin/aicc")
    p.add_argument("--aicc-opt", type=Path, default=ROOT / "build/bin/aicc-opt")
    p.add_argument("--synth", action="store_true",
                   help="yosys synth_ice40 of the MLP's fc3 from both (about 1-3 minutes)")
    p.add_argument("--synth-timeout", type=float, default=900)
    p.add_argument("--neurons-per-block", type=int, default=0,
                   help="run the software pipeline's passes with this many dense neurons "
                        "per basic block (default: the pipeline's 16)")
    args = p.parse_args()
    try:
        import da4ml  # noqa: F401
        from da4ml.cmvm import solve  # noqa: F401
        have_da4ml = True
    except ImportError as e:
        have_da4ml = False
        print(f"error: da4ml cannot be imported ({e}); install it with "
              f"`build/venv/bin/pip install --no-deps da4ml quantizers` (see "
              f"docs/fixed-function.md, 'Against da4ml'). Printing aicc's side only.",
              file=sys.stderr)
    logging.getLogger().setLevel(logging.ERROR)
    images, _ = models.load_samples()
    all_layers, synth = [], None
    for name, shape in SHAPES.items():
        work = args.work_dir / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        src = work / "float.onnx"
        if name == "mlp":
            models.make_mlp(src)
        else:
            shutil.copy(models.DIGITS, src)
        model = work / "model.onnx"
        models.quantize(src, model, shape, images)
        layers = onnx_layers(model, name)
        aicc_counts(args, model, work, layers)
        rtl_counts(args, model, work, layers)
        if have_da4ml:
            for layer in layers:
                layer.da = da4ml_solve(layer)
        if args.synth and have_da4ml and name == "mlp":
            synth = (layers[2], synth_layer(args, model, layers[2], 2, work))
        all_layers += layers

    hdr = (f"{'layer':<17} {'shape':>8} {'nz w':>5} | {'da4ml add':>9} {'depth':>5} "
           f"{'LUT est':>7} {'s':>5} | {'aicc add':>8} {'+mul':>5} {'depth':>5} "
           f"{'shl':>4} {'mul':>4} {'c-add':>5} | {'shared add':>10} {'+mul':>5} {'depth':>5} "
           f"{'shl':>4} {'mul':>4} | {'RTL add':>7} {'pairs':>5}")
    print(hdr)
    print("-" * len(hdr))
    for l in all_layers:
        n_in, n_out = l.kernel.shape
        da = l.da
        c, s = l.aicc["csd"], l.aicc["shared"]
        da_cols = (f"{da['adders']:>9} {da['depth']:>5.0f} {da['lut_estimate']:>7.0f} "
                   f"{da['seconds']:>5.1f}" if da else f"{'n/a':>9} {'':>5} {'':>7} {'':>5}")
        print(f"{l.model + ' ' + l.node:<17} {f'{n_in}x{n_out}':>8} "
              f"{int(np.count_nonzero(l.kernel)):>5} | {da_cols} | "
              f"{c['adders']:>8} {c['mul_adders']:>5} {c['depth']:>5.0f} {c['shifts']:>4} "
              f"{c['muls']:>4} {c['const_adds']:>5} | {s['adders']:>10} {s['mul_adders']:>5} "
              f"{s['depth']:>5.0f} {s['shifts']:>4} {s['muls']:>4} | "
              f"{l.rtl.get('adders', 0):>7} {l.rtl.get('shared_pairs', 0):>5}"
              + (f"  ({l.note}; RTL: all positions)" if l.note else ""))
    print("\nda4ml add: adders of da4ml.cmvm.solve's adder graph; depth: adder levels; LUT est: "
          "its cost with adder_size=1.\naicc add: addi/subi of two variables in the "
          "specialised i32 IR, CSD only (share-products=false) and with "
          "aicc-fixed-share-products;\n+mul: adders the kept multiplies would be as CSD; "
          "c-add: constant adds (x - zero point per input per block, bias, 0 - x); "
          "requantization not counted.\nRTL add: the Verilog emitter's dot-product adders "
          "(report.json 'adders': shared digit pairs and adder trees, without the bias add); "
          "pairs: digit pairs it shared across the layer's outputs.")
    if synth:
        layer, res = synth
        print(f"\nyosys synth_ice40, {layer.model} {layer.node} ({layer.kernel.shape[0]} -> "
              f"{layer.kernel.shape[1]}), dot products only, combinational:")
        for k, v in res.items():
            print(f"  {k:<24} LUTs {v['luts']:>6} carry {v['carry_cells']:>5} "
                  f"cells {v['cells']:>6} ({v['seconds']} s)"
                  + (f", {v['multiplies']} constant multiplies" if "multiplies" in v else ""))
    print("\ncommands: aicc M.onnx -emit=mlir -o M.mlir; aicc-opt M.mlir --pass-pipeline='"
          + PIPELINE.format(share="false|true") + "' --mlir-print-debuginfo "
          "--mlir-print-unique-ssa-ids; "
          "da4ml.cmvm.solve(kernel, qintervals=[(-128-zp, 127-zp, 1)]*n_in)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

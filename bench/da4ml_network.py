#!/usr/bin/env python3
"""The quantized digit classifier as hardware, built by da4ml and by aicc, through
the same yosys script.

  build/venv/bin/python bench/da4ml_network.py [--model digits_cnn|mlp]
      [--reuse 1,4] [--work-dir DIR] [--stages N] [--skip-da4ml] [--skip-aicc]

Both designs start from the same QDQ int8 model (test/e2e/fixed/models.py:
quantize_static, per-channel weights, calibrated on the 32 digit samples, as
`make check-fixed`):

- aicc: `aicc model.onnx -target=fixed -emit=verilog -reuse=N -o DIR`; its
  latency and II from report.json; accuracy from `aicc-run DIR -i x.npy` on the
  32 samples (the design is bit-exact with -target=cpu, `make check-fixed`).
- da4ml (0.6, `da4ml.trace`): the same integer network traced layer by layer:
  x - zero point, every dot product (a Conv as one CMVM per output position,
  its padding a centred 0) solved by da4ml's CMVM solver, + the int32 bias,
  then requantization as (acc * M + 2^(S-1)) >> S with M = round(scale 2^S)
  (16-bit M), + zero point, saturated to int8; max pooling as np.maximum.
  It has no rounding corrections (aicc's exact ties, docs/fixed-function.md),
  so it may differ from onnxruntime on an exact .5: the script counts the
  int8 outputs that differ from onnxruntime's. Pipelined with
  `to_pipeline(latency_cutoff = latency / stages)` (default: one stage per
  layer with weights, as aicc's one register per layer), Verilog by
  `VerilogModel`.

yosys (0.23): `read_verilog FILES; synth_ice40 -top TOP; stat -json`, the
script of scripts/fixed-synth.py --flow ice40, for both. Prints one table row
per design: LUTs, carry cells, DSPs, flip-flops, cells, latency (cycles), II,
accuracy on the 32 samples, yosys seconds. A benchmark, not a test: minutes.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test/e2e/fixed"))
import models  # noqa: E402

SHAPES = {"mlp": (1, 64), "digits_cnn": (1, 1, 8, 8)}
spec = importlib.util.spec_from_file_location("fixed_synth", ROOT / "scripts/fixed-synth.py")
fixed_synth = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixed_synth)


# ------------------------------------------------------------ the QDQ model

def read_qdq(path: Path) -> tuple[dict, list[dict]]:
    """The input quantization and the layers (dense, conv, max_pool, reshape)
    of a quantize_static QDQ model, in graph order, as integers and scales."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(path))
    inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    consumers: dict[str, list] = {}
    for n in m.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def qparams(node):
        return float(inits[node.input[1]].reshape(-1)[0]), int(inits[node.input[2]].reshape(-1)[0])

    inq = next(n for n in m.graph.node if n.op_type == "QuantizeLinear"
               and n.input[0] == m.graph.input[0].name)
    layers = []
    for n in m.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "Relu":
            raise RuntimeError("a Relu outside a QuantizeLinear; not handled by this bench")
        if n.op_type in ("Gemm", "MatMul", "Conv"):
            wdq, xdq = producer[n.input[1]], producer[n.input[0]]
            w = inits[wdq.input[0]].astype(np.int64)
            ws = inits[wdq.input[1]].astype(np.float32).reshape(-1)
            b = (inits[producer[n.input[2]].input[0]].astype(np.int64)
                 if len(n.input) > 2 else None)
            out_q = next(c for c in consumers[n.output[0]] if c.op_type == "QuantizeLinear")
            s_in, zp_in = qparams(xdq)
            s_out, zp_out = qparams(out_q)
            if n.op_type == "Gemm" and attrs.get("transB", 0):
                w = w.T
            layers.append({"kind": "conv" if n.op_type == "Conv" else "dense", "w": w, "b": b,
                           "scale": np.float32(s_in) * ws / np.float32(s_out),
                           "zp_in": zp_in, "zp_out": zp_out, "attrs": attrs})
        elif n.op_type == "MaxPool":
            layers.append({"kind": "max_pool", "attrs": attrs})
    return {"scale": qparams(inq)[0], "zp": qparams(inq)[1]}, layers


# --------------------------------------------------------------- da4ml side

def requantize(acc, scale: np.ndarray, zp: int, channel_axis: int):
    """(acc * M + 2^(S-1)) >> S + zp, saturated to int8; M has 16 bits."""
    shape = [1] * acc.ndim
    shape[channel_axis] = -1
    s = np.array([int(15 - np.floor(np.log2(float(c)))) for c in scale])
    m = np.round(scale.astype(np.float64) * 2.0 ** s).astype(np.int64)
    y = acc * m.reshape(shape) + (2.0 ** (s - 1)).reshape(shape)
    y = (y * (2.0 ** -s).reshape(shape)).quantize(k=1, i=40, f=0, round_mode="TRN")
    return (y + zp).quantize(k=1, i=7, f=0, overflow_mode="SAT")


def conv_patches(x, w_shape, attrs):
    """im2col of a (C, H, W) array of variables: (positions, C*kh*kw), a
    padding tap the constant 0 (the centred zero point)."""
    c, h, wd = x.shape
    kh, kw = w_shape[2], w_shape[3]
    st = attrs.get("strides", [1, 1])
    pd = attrs.get("pads", [0, 0, 0, 0])
    dl = attrs.get("dilations", [1, 1])
    oh = (h + pd[0] + pd[2] - dl[0] * (kh - 1) - 1) // st[0] + 1
    ow = (wd + pd[1] + pd[3] - dl[1] * (kw - 1) - 1) // st[1] + 1
    rows = []
    for oy in range(oh):
        for ox in range(ow):
            row = []
            for ci in range(c):
                for ky in range(kh):
                    for kx in range(kw):
                        iy, ix = oy * st[0] - pd[0] + ky * dl[0], ox * st[1] - pd[1] + kx * dl[1]
                        inside = 0 <= iy < h and 0 <= ix < wd
                        row.append(x[ci, iy, ix] if inside else 0.0)
            rows.append(row)
    return rows, oh, ow


def trace_network(inq: dict, layers: list[dict], in_shape: tuple[int, ...]):
    from da4ml.trace import FixedVariableArray, FixedVariableArrayInput, comb_trace
    inp = FixedVariableArrayInput(int(np.prod(in_shape)))
    q = inp.quantize(k=1, i=7, f=0)
    x, zp = q, inq["zp"]
    feat = x.reshape(*in_shape[1:]) if len(in_shape) == 4 else x
    for l in layers:
        if l["kind"] == "max_pool":
            k, st = l["attrs"]["kernel_shape"], l["attrs"].get("strides", [1, 1])
            c, h, wd = feat.shape
            oh, ow = (h - k[0]) // st[0] + 1, (wd - k[1]) // st[1] + 1
            out = None
            for ky in range(k[0]):
                for kx in range(k[1]):
                    v = feat[:, ky:ky + st[0] * (oh - 1) + 1:st[0], kx:kx + st[1] * (ow - 1) + 1:st[1]]
                    out = v if out is None else np.maximum(out, v)
            feat = out
            continue
        centred = feat - l["zp_in"]
        if l["kind"] == "conv":
            w = l["w"]
            rows, oh, ow = conv_patches(centred._vars, w.shape, l["attrs"])
            patches = FixedVariableArray(np.array(rows, dtype=object), centred.solver_options,
                                         hwconf=centred.hwconf)
            acc = patches @ w.reshape(w.shape[0], -1).T        # (positions, channels)
            if l["b"] is not None:
                acc = acc + l["b"].astype(np.float64)
            y = requantize(acc, l["scale"], l["zp_out"], 1)
            feat = y.T.reshape(w.shape[0], oh, ow)
        else:
            acc = centred.ravel() @ l["w"]
            if l["b"] is not None:
                acc = acc + l["b"].astype(np.float64)
            feat = requantize(acc, l["scale"], l["zp_out"], 0)
    return comb_trace(inp, feat.ravel())


def da4ml_design(args, inq, layers, in_shape, images_q, work: Path) -> dict:
    from da4ml.codegen import VerilogModel
    from da4ml.trace import to_pipeline
    t0 = time.monotonic()
    comb = trace_network(inq, layers, in_shape)
    # CombLogic.__call__ (Python), not .predict: da4ml 0.6's compiled predict
    # wraps values wider than 32 bits (acc * M here).
    out = np.array([comb(x) for x in images_q.reshape(len(images_q), -1).astype(np.float64)])
    stages = args.stages or sum(l["kind"] != "max_pool" for l in layers)
    lat = max(comb.latency)
    pipe = to_pipeline(comb, lat / stages + 1e-9, verbose=False)
    d = work / "da4ml_rtl"
    shutil.rmtree(d, ignore_errors=True)
    VerilogModel(pipe, "net", d).write()
    trace_s = time.monotonic() - t0
    files = [d / "src/net.v", *sorted((d / "src").glob("net_stage*.v")),
             *sorted(f for f in (d / "src/static").glob("*.v") if f.name != "lookup_table.v")]
    syn = yosys(files, "net", work)
    return {"outputs": out, "latency": len(pipe.solutions), "ii": 1, "trace_s": trace_s,
            "adders": sum(op.opcode in (0, 1) for s in pipe.solutions for op in s.ops), **syn}


# ---------------------------------------------------------------- aicc side

def aicc_design(args, model: Path, reuse: int, images_q, work: Path) -> dict:
    d = work / f"aicc_rtl_reuse{reuse}"
    shutil.rmtree(d, ignore_errors=True)
    run([args.aicc, model, "-target=fixed", "-emit=verilog", f"-reuse={reuse}", "-o", d])
    report = json.loads((d / "report.json").read_text())
    x = work / "images_q.npy"
    np.save(x, images_q)
    outs = d / "outs"
    run([args.aicc_run, d, "-i", x, "--output-dir", outs])
    outputs = [np.load(f) for f in sorted(outs.glob("output_*.npy"))]
    logits = next(o for o in outputs if o.dtype == np.int8)
    syn = yosys([d / "model.v"], "top", work)
    return {"outputs": logits.reshape(len(images_q), -1), "latency": report["latency_cycles"],
            "ii": report["initiation_interval"],
            "adders": sum(l.get("adders", 0) + l.get("requantize_adders", 0)
                          for l in report["layers"]), **syn}


# -------------------------------------------------------------------- common

def yosys(files: list[Path], top: str, work: Path) -> dict:
    stat = work / f"yosys-{top}-{time.monotonic_ns()}.json"
    script = (" ".join(f"read_verilog {f};" for f in files) +
              f" {fixed_synth.FLOWS['ice40'].replace('-top top', '-top ' + top)};"
              f" tee -q -o {stat} stat -json")
    t0 = time.monotonic()
    r = subprocess.run(["nice", "-n", "10", "yosys", "-q", "-p", script], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(f"yosys ({top}): {r.stdout[-1500:]}{r.stderr[-1500:]}")
    design = json.loads(stat.read_text())["design"]
    return {"cells": design["num_cells"], **fixed_synth.summarise(design["num_cells_by_type"]),
            "yosys_s": round(time.monotonic() - t0, 1)}


def run(cmd) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {r.stderr.strip()[-800:]}")
    return r


def ort_int8(model: Path, images: np.ndarray, shape) -> np.ndarray:
    """onnxruntime's int8 logits (the last QuantizeLinear's output)."""
    import onnx
    import onnxruntime as ort
    m = onnx.load(str(model))
    q = [n for n in m.graph.node if n.op_type == "QuantizeLinear"][-1]
    m.graph.output.append(onnx.helper.make_tensor_value_info(q.output[0], onnx.TensorProto.INT8,
                                                             None))
    s = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.stack([s.run([q.output[0]], {m.graph.input[0].name:
                                           img.reshape(shape).astype(np.float32)})[0].reshape(-1)
                     for img in images])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=sorted(SHAPES), default="digits_cnn")
    p.add_argument("--reuse", default="1,4", help="aicc -reuse values (comma-separated)")
    p.add_argument("--stages", type=int, default=0, help="da4ml pipeline stages")
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/da4ml-network")
    p.add_argument("--aicc", type=Path, default=ROOT / "build/bin/aicc")
    p.add_argument("--aicc-run", type=Path, default=ROOT / "build/bin/aicc-run")
    p.add_argument("--skip-da4ml", action="store_true")
    p.add_argument("--skip-aicc", action="store_true")
    args = p.parse_args()
    logging.getLogger().setLevel(logging.ERROR)
    work = args.work_dir / args.model
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    images, labels = models.load_samples()
    shape = SHAPES[args.model]
    src = work / "float.onnx"
    if args.model == "mlp":
        models.make_mlp(src)
    else:
        shutil.copy(models.DIGITS, src)
    model = work / "model.onnx"
    models.quantize(src, model, shape, images)
    inq, layers = read_qdq(model)
    # QuantizeLinear: f32 division, round half to even, saturate.
    images_q = np.clip(np.rint(images.astype(np.float32) / np.float32(inq["scale"])) + inq["zp"],
                       -128, 127).astype(np.int8).reshape(len(images), *shape[1:])
    ref = ort_int8(model, images, shape)
    rows = []
    if not args.skip_aicc:
        for reuse in [int(r) for r in args.reuse.split(",")]:
            rows.append((f"aicc -reuse={reuse}", aicc_design(args, model, reuse, images_q, work)))
    if not args.skip_da4ml:
        rows.append(("da4ml", da4ml_design(args, inq, layers, shape, images_q, work)))
    print(f"{args.model}: {len(images)} samples; yosys synth_ice40 (scripts/fixed-synth.py's "
          f"flow), same script for all")
    hdr = (f"{'design':<14} {'LUTs':>7} {'carry':>6} {'DSPs':>5} {'FFs':>6} {'cells':>7} "
           f"{'latency':>7} {'II':>3} {'adders':>6} {'accuracy':>8} {'!=ort':>6} {'yosys s':>8}")
    print(hdr + "\n" + "-" * len(hdr))
    for name, r in rows:
        pred = np.asarray(r["outputs"]).reshape(len(images), -1)
        acc = float(np.mean(np.argmax(pred, axis=1) == labels))
        diff = int(np.sum(pred.astype(np.int64) != ref.astype(np.int64)))
        print(f"{name:<14} {r['luts']:>7} {r['carry_cells']:>6} {r['dsps']:>5} "
              f"{r['flip_flops']:>6} {r['cells']:>7} {r['latency']:>7} {r['ii']:>3} "
              f"{r['adders']:>6} {acc:>8.3f} {diff:>6} {r['yosys_s']:>8}")
    print(f"\nlatency: cycles from input to output; !=ort: int8 outputs (of {ref.size}) that "
          "differ from onnxruntime's; adders: aicc's report.json (dot products + requantizers), "
          "da4ml's adder ops")
    return 0


if __name__ == "__main__":
    sys.exit(main())

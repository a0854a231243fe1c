#!/usr/bin/env python3
"""Sparse kernels and pruning, end to end.

  build/venv/bin/python test/e2e/models/run_sparse.py [--only NAME]... \
      [--aicc PATH] [--aicc-opt PATH] [--aicc-run PATH] [--work-dir DIR]

Products (small ONNX models built here, weights magnitude-pruned in numpy):
each is compiled with -sparsity=off (dense kernels), -sparsity=auto (the
default: sparse kernels where the measured threshold says so) and
-sparsity=always (the sparse kernel for every product it can take), run on
the same random input, and the three outputs must agree within fp32
tolerance, and with a float64 numpy reference. The cases cover partial row
tiles and column panels, leading dims folded into the rows, Gemm with transB
and a bias, ReLU, 2:4 weights, all-zero columns, and a 1x1 convolution. aicc-opt checks that
aicc-form-sparse-kernels forms one aicc.sparse_matmul per product of the
model (so -sparsity=always really ran the sparse kernel).

digits (examples/digits): the classifier compiled with -prune=2:4 and
-prune=unstructured:0.5/0.7/0.9 must give the same predictions (logits within
1e-4) as onnxruntime on the model whose weights were pruned the same way in
numpy, on the 450 held-out images of train.py's split; the accuracies are
printed (the table in docs/quantization.md: one-shot pruning without
fine-tuning costs this small network 6.7 points at 50% and 20 at 2:4).

digits_2_4 (examples/digits/digits_2_4.onnx, fine-tuned with the 2:4 mask
fixed by examples/digits/finetune.py): already 2:4 by aicc's rule, the same predictions
as onnxruntime with dense and sparse kernels, and within 2 points of the
dense classifier's accuracy.

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import run_ptq  # noqa: E402  (digits_data, run_all, compile_model)

def prune(w: np.ndarray, spec: str) -> np.ndarray:
    """Magnitude pruning of a [K, N] weight, as aicc -prune does it."""
    w = w.copy()
    if ":" in spec:
        n, m = (int(v) for v in spec.split(":"))
        k = w.shape[0] - w.shape[0] % m
        g = w[:k].reshape(k // m, m, -1)
        order = np.argsort(-np.abs(g), axis=1, kind="stable")
        keep = np.zeros_like(g, dtype=bool)
        np.put_along_axis(keep, order[:, :n, :], True, axis=1)
        w[:k] = np.where(keep, g, 0).reshape(k, -1)
        return w
    flat = w.reshape(-1)
    flat[np.argsort(np.abs(flat), kind="stable")[:int(float(spec) * w.size)]] = 0
    return w


# name -> (input shape, layers: (kind, K, N, pruning, bias, relu))
CASES = {
    "matmul_bias_relu": ((3, 7, 50), [("matmul", 50, 37, "0.9", True, True)]),
    "gemm_trans_b": ((70, 33), [("gemm_t", 33, 19, "0.8", True, False)]),
    "ff_2of4": ((128, 96), [("matmul", 96, 80, "2:4", True, True),
                            ("matmul", 80, 24, "2:4", True, False)]),
    "empty_columns": ((16, 40), [("matmul", 40, 12, "zero_cols", False, False)]),
    "conv_1x1": ((1, 24, 9, 11), [("conv1x1", 24, 20, "0.9", True, True)]),
}


def build(name: str, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Writes the model; returns a random input and the float64 reference."""
    in_shape, layers = CASES[name]
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    x = rng.standard_normal(in_shape).astype(np.float32)
    ref = x.astype(np.float64)
    nodes, inits, cur = [], [], "input"
    for i, (kind, k, n, spec, bias, relu) in enumerate(layers):
        w = rng.standard_normal((k, n)).astype(np.float32)
        if spec == "zero_cols":
            w = prune(w, "0.9")
            w[:, [0, 5, 11]] = 0
        else:
            w = prune(w, spec)
        b = rng.standard_normal(n).astype(np.float32)
        out = "out" if i == len(layers) - 1 else f"y{i}"
        pre = f"p{i}" if relu else out
        if kind == "conv1x1":
            ref = np.einsum("kn,bkhw->bnhw", w.astype(np.float64), ref)
            ref = ref + (b[None, :, None, None] if bias else 0)
        else:
            ref = ref @ w.astype(np.float64) + (b if bias else 0)
        if relu:
            ref = np.maximum(ref, 0)
        if kind == "conv1x1":
            wc = np.ascontiguousarray(w.T).reshape(n, k, 1, 1)
            inits += [numpy_helper.from_array(wc, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("Conv", [cur, f"w{i}", f"b{i}"], [pre],
                                          kernel_shape=[1, 1], name=f"conv{i}"))
        elif kind == "gemm_t":
            inits += [numpy_helper.from_array(np.ascontiguousarray(w.T), f"w{i}"),
                      numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("Gemm", [cur, f"w{i}", f"b{i}"], [pre], transB=1,
                                          name=f"gemm{i}"))
        else:
            inits.append(numpy_helper.from_array(w, f"w{i}"))
            mm = f"m{i}" if bias else pre
            nodes.append(helper.make_node("MatMul", [cur, f"w{i}"], [mm], name=f"fc{i}"))
            if bias:
                inits.append(numpy_helper.from_array(b, f"b{i}"))
                nodes.append(helper.make_node("Add", [mm, f"b{i}"], [pre], name=f"bias{i}"))
        if relu:
            nodes.append(helper.make_node("Relu", [pre], [out], name=f"relu{i}"))
        cur = out
    out_shape = ((in_shape[0], layers[-1][2], *in_shape[2:]) if layers[-1][0] == "conv1x1"
                 else (*in_shape[:-1], layers[-1][2]))
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, out_shape)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return x, ref


def sparse_kernels_formed(args, model: Path, work: Path) -> int:
    """aicc.sparse_matmul ops that aicc-form-sparse-kernels forms with no threshold."""
    mlir = work / "graph.mlir"
    subprocess.run([args.aicc, str(model), "-emit=mlir-opt", "-o", str(mlir)], check=True)
    out = subprocess.run([args.aicc_opt, str(mlir),
                          "--aicc-form-sparse-kernels=min-zero-fraction=0 min-rows=1"],
                         check=True, capture_output=True, text=True).stdout
    return out.count("aicc.sparse_matmul")


def run_product(name: str, args) -> bool:
    work = args.work_dir / "sparse" / name
    work.mkdir(parents=True, exist_ok=True)
    model = work / "model.onnx"
    x, ref = build(name, model)
    layers = len(CASES[name][1])
    formed = sparse_kernels_formed(args, model, work)
    if formed != layers:
        print(f"FAIL {name}: aicc-form-sparse-kernels formed {formed} kernels, expected {layers}")
        return False
    outs = {}
    for mode in ("off", "auto", "always"):
        so = work / f"{mode}.so"
        if run_ptq.compile_model(args, model, so, [f"-sparsity={mode}"]) is None:
            return False
        outs[mode] = run_ptq.run_all(args, so, [x], work)[0].astype(np.float64)
    if (work / "off.so").read_bytes() == (work / "always.so").read_bytes():
        print(f"FAIL {name}: -sparsity=always built the same library as -sparsity=off")
        return False
    scale = max(float(np.abs(ref).max()), 1.0)
    ok = True
    for mode, y in outs.items():
        err_ref = float(np.abs(y - ref).max()) / scale
        err_off = float(np.abs(y - outs["off"]).max()) / scale
        print(f"{name} -sparsity={mode}: max |error| / max |ref| {err_ref:.2e} against numpy, "
              f"{err_off:.2e} against -sparsity=off")
        if y.shape != ref.shape or err_ref > 1e-5 or err_off > 1e-5:
            ok = False
    print(f"{'PASS' if ok else 'FAIL'} {name}")
    return ok


def pruned_digits(spec: str, path: Path) -> None:
    """examples/digits with its weights pruned in numpy (conv along (C, KH, KW),
    Gemm's transposed B along K), the reference for aicc -prune=SPEC."""
    model = onnx.load(str(ROOT / "examples/digits/digits.onnx"))
    for init in model.graph.initializer:
        w = numpy_helper.to_array(init)
        if w.ndim == 4:
            p = prune(np.ascontiguousarray(w.reshape(w.shape[0], -1).T), spec).T.reshape(w.shape)
        elif w.ndim == 2:
            p = prune(np.ascontiguousarray(w.T), spec).T
        else:
            continue
        init.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(p, dtype=np.float32),
                                              init.name))
    onnx.save(model, str(path))


def ort_outputs(model: Path, inputs: list[np.ndarray]) -> list[np.ndarray]:
    import onnxruntime as ort
    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    return [sess.run(None, {name: x})[0] for x in inputs]


def run_digits(args) -> bool:
    """aicc -prune=SPEC on the classifier against onnxruntime on the same
    weights pruned in numpy: the same predictions, logits within 1e-4; the
    accuracies (held-out split) are printed for docs/quantization.md."""
    work = args.work_dir / "sparse" / "digits"
    work.mkdir(parents=True, exist_ok=True)
    model = ROOT / "examples/digits/digits.onnx"
    _, test, labels = run_ptq.digits_data()
    inputs = [t[None] for t in test]
    ok = True
    for spec in ("none", "2:4", "unstructured:0.5", "unstructured:0.7", "unstructured:0.9"):
        name = spec.replace(":", "_")
        so, ref_model = work / f"{name}.so", work / f"{name}.onnx"
        pruned_digits(spec.removeprefix("unstructured:") if spec != "none" else "0", ref_model)
        extra = [] if spec == "none" else [f"-prune={spec}"]
        report = run_ptq.compile_model(args, model, so, extra)
        if report is None:
            return False
        if extra and "/fc/Gemm (gemm): 1280, 0.000 -> " not in report:
            print(f"FAIL digits {spec}: no report line for the Gemm:\n{report}")
            return False
        outs = run_ptq.run_all(args, so, inputs, work)
        refs = ort_outputs(ref_model, inputs)
        pred = [int(np.argmax(o)) for o in outs]
        ref_pred = [int(np.argmax(r)) for r in refs]
        err = max(float(np.abs(o - r).max()) for o, r in zip(outs, refs))
        acc = 100.0 * float(np.mean([p == l for p, l in zip(pred, labels)]))
        print(f"digits -prune={spec}: accuracy {acc:.2f}% on {len(labels)} held-out images; "
              f"max |logit - onnxruntime on numpy-pruned weights| {err:.2e}")
        if pred != ref_pred or err > 1e-4:
            print(f"FAIL digits {spec}: differs from onnxruntime on the numpy-pruned model")
            ok = False
    print(f"{'PASS' if ok else 'FAIL'} digits")
    return ok


def run_digits_2_4(args) -> bool:
    """examples/digits/digits_2_4.onnx (finetune.py --scheme 2:4: pruned to 2:4, then
    trained on with the mask fixed): its weights already are 2:4 by aicc's
    rule (-prune=2:4 reports no change), aicc's predictions equal
    onnxruntime's (logits within 1e-4) with dense and with sparse kernels,
    and its held-out accuracy is within 2 points of the dense digits.onnx."""
    work = args.work_dir / "sparse" / "digits_2_4"
    work.mkdir(parents=True, exist_ok=True)
    dense_model = ROOT / "examples/digits/digits.onnx"
    model = ROOT / "examples/digits/digits_2_4.onnx"
    _, test, labels = run_ptq.digits_data()
    inputs = [t[None] for t in test]
    refs = ort_outputs(model, inputs)
    ref_pred = [int(np.argmax(r)) for r in refs]
    dense_so = work / "dense.so"
    if run_ptq.compile_model(args, dense_model, dense_so, []) is None:
        return False
    dense_pred = [int(np.argmax(o)) for o in run_ptq.run_all(args, dense_so, inputs, work)]
    dense_acc = 100.0 * float(np.mean([p == l for p, l in zip(dense_pred, labels)]))
    ok = True
    for extra in (["-prune=2:4"], ["-sparsity=always"]):
        so = work / "m.so"
        report = run_ptq.compile_model(args, model, so, extra)
        if report is None:
            return False
        if extra[0].startswith("-prune") and (
                "/conv/Conv (conv): 72, 0.444 -> 0.444" not in report or
                "/fc/Gemm (gemm): 1280, 0.500 -> 0.500" not in report):
            print(f"FAIL digits_2_4: the weights are not 2:4 by aicc's rule:\n{report}")
            ok = False
        outs = run_ptq.run_all(args, so, inputs, work)
        pred = [int(np.argmax(o)) for o in outs]
        err = max(float(np.abs(o - r).max()) for o, r in zip(outs, refs))
        acc = 100.0 * float(np.mean([p == l for p, l in zip(pred, labels)]))
        print(f"digits_2_4 {' '.join(extra)}: accuracy {acc:.2f}% on {len(labels)} held-out "
              f"images (dense digits.onnx {dense_acc:.2f}%, {acc - dense_acc:+.2f} points); "
              f"max |logit - onnxruntime| {err:.2e}")
        if pred != ref_pred or err > 1e-4:
            print(f"FAIL digits_2_4 {' '.join(extra)}: differs from onnxruntime")
            ok = False
        if acc < dense_acc - 2.0:
            print(f"FAIL digits_2_4: more than 2 points below the dense model")
            ok = False
    print(f"{'PASS' if ok else 'FAIL'} digits_2_4")
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [*CASES, "digits", "digits_2_4"]
    p.add_argument("--only", action="append", choices=names)
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-opt", default=str(ROOT / "build/bin/aicc-opt"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work")
    args = p.parse_args(argv)
    runners = {"digits": run_digits, "digits_2_4": run_digits_2_4}
    results = [runners[n](args) if n in runners else run_product(n, args)
               for n in args.only or names]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

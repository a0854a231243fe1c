#!/usr/bin/env python3
"""Integer contraction kernels against aicc's reference lowering, bit for bit.

  build/venv/bin/python test/e2e/models/run_integer_kernels.py [--only NAME]... \
      [--aicc PATH] [--aicc-opt PATH] [--aicc-run PATH] [--work-dir DIR]

Each case is a small MLIR function: aicc.conv_integer or aicc.matmul_integer
with constant 8-bit weights, optionally followed by an aicc.add of a
constant i32 bias and an aicc.requantize, the shapes that
aicc-fold-qdq produces. It is compiled twice from the same file: at -O0
(the integer ops lower to linalg loops, the reference) and at -O2
(aicc-form-integer-kernels turns them into aicc.packed_matmul_integer,
vectorised pmaddwd-shaped code). Both run on the same random input and
must agree exactly. The cases cover what the packing and the kernel must
get right: odd channel counts and odd K (the last channel pair is half
empty), zero points other than 0 on both sides, uint8 activations and
weights, per-tensor and per-channel scales, ReLU, strides, dilations,
padding, 1x1 convolutions, partial column tiles and row panels, batch > 1,
depthwise convolutions, int32 results (no requantize) and weights at the
ends of their range. The script also checks that -O2 formed the kernel,
and compares both with a numpy model of the same integer arithmetic.

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]


def mlir_type(dtype: str) -> str:
    return {"int8": "i8", "uint8": "ui8", "int32": "i32"}[dtype]


def dense(values: np.ndarray, shape, elem: str) -> str:
    dims = "x".join(str(d) for d in shape)
    nested = str(np.asarray(values, dtype=np.int64).reshape(shape).tolist())
    return f"dense<{nested}> : tensor<{dims}x{elem}>"


def rng_ints(rng, dtype: str, shape) -> np.ndarray:
    lo, hi = (0, 256) if dtype == "uint8" else (-128, 128)
    return rng.integers(lo, hi, size=shape, dtype=np.int64)


def conv_case(name, rng, n, c, m, h, w, k, stride=1, dil=1, pad=0, group=1,
              xt="int8", wt="int8", za=0, zw=0, bias=True, requant="channel",
              relu=False, out="int8", w7=False, outlier=None):
    """MLIR text and the input (dtype xt) for conv_integer [+ add] [+ requantize].
    w7: weights centred in [-64, 64] (reduce_range), both ends present: the
    u8s8 (vpmaddubsw) kernels on AVX2 targets."""
    kh, kw = (k, k) if isinstance(k, int) else k
    oh = (h + 2 * pad - dil * (kh - 1) - 1) // stride + 1
    ow = (w + 2 * pad - dil * (kw - 1) - 1) // stride + 1
    wshape = (m, c // group, kh, kw)
    if w7:
        wv = rng.integers(zw - 64, zw + 65, size=wshape, dtype=np.int64)
        wv.reshape(-1)[:2] = (zw - 64, zw + 64)
        if outlier is not None:  # one centred weight outside [-64, 64]
            wv.reshape(-1)[2] = zw + outlier
    else:
        wv = rng_ints(rng, wt, wshape)
        wv.reshape(-1)[:2] = (0, 255) if wt == "uint8" else (-128, 127)
    xe, we = mlir_type(xt), mlir_type(wt)
    res = f"tensor<{n}x{m}x{oh}x{ow}xi32>"
    lines = [f"func.func @main(%x: tensor<{n}x{c}x{h}x{w}x{xe}>) -> "
             f"tensor<{n}x{m}x{oh}x{ow}x{mlir_type(out) if requant else 'i32'}> {{",
             f"  %w = arith.constant {dense(wv, wshape, we)}",
             f"  %acc = aicc.conv_integer %x, %w {{strides = array<i64: {stride}, {stride}>, "
             f"dilations = array<i64: {dil}, {dil}>, pads = array<i64: {pad}, {pad}, {pad}, {pad}>, "
             f"group = {group} : i64, input_zero_point = {za} : i64, weight_zero_point = {zw} : i64}}"
             f" : (tensor<{n}x{c}x{h}x{w}x{xe}>, tensor<{'x'.join(map(str, wshape))}x{we}>) -> {res}"]
    def reference(x):
        xp = np.pad(x.astype(np.int64) - za, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
        acc = np.zeros((n, m, oh, ow), np.int64)
        cg, mg = c // group, m // group
        for i in range(kh):
            for j in range(kw):
                win = xp[:, :, i * dil:i * dil + (oh - 1) * stride + 1:stride,
                         j * dil:j * dil + (ow - 1) * stride + 1:stride]
                for g in range(group):
                    acc[:, g * mg:(g + 1) * mg] += np.einsum(
                        "nchw,mc->nmhw", win[:, g * cg:(g + 1) * cg],
                        wv[g * mg:(g + 1) * mg, :, i, j] - zw)
        return acc
    return finish(name, rng, lines, "%acc", res, m, 1, (m, 1, 1), bias, requant,
                  relu, out, (n, c, h, w), xt, reference)


def matmul_case(name, rng, rows, kk, nn, xt="int8", wt="int8", za=0, zw=0, bias=True,
                requant="channel", relu=False, out="int8"):
    wv = rng_ints(rng, wt, (kk, nn))
    xe, we = mlir_type(xt), mlir_type(wt)
    res = f"tensor<{rows}x{nn}xi32>"
    lines = [f"func.func @main(%x: tensor<{rows}x{kk}x{xe}>) -> "
             f"tensor<{rows}x{nn}x{mlir_type(out) if requant else 'i32'}> {{",
             f"  %w = arith.constant {dense(wv, (kk, nn), we)}",
             f"  %acc = aicc.matmul_integer %x, %w {{lhs_zero_point = {za} : i64, "
             f"rhs_zero_point = {zw} : i64}} : (tensor<{rows}x{kk}x{xe}>, "
             f"tensor<{kk}x{nn}x{we}>) -> {res}"]
    def reference(x):
        return (x.astype(np.int64) - za) @ (wv - zw)
    return finish(name, rng, lines, "%acc", res, nn, 1, (nn,), bias, requant, relu, out,
                  (rows, kk), xt, reference)


def finish(name, rng, lines, acc, res, channels, axis, bias_shape, bias, requant, relu,
           out, xshape, xt, reference):
    """Completes the function; returns (name, MLIR text, input, expected output),
    the expected one computed with numpy as aicc.requantize defines it (f32
    product, round half to even, zero point, saturation)."""
    bv = None
    if bias:
        bv = rng.integers(-5000, 5000, size=bias_shape)
        lines.append(f"  %b = arith.constant {dense(bv, bias_shape, 'i32')}")
        lines.append(f"  %s = aicc.add {acc}, %b : ({res}, tensor<{'x'.join(map(str, bias_shape))}xi32>) -> {res}")
        acc = "%s"
    if requant:
        count = channels if requant == "channel" else 1
        scales = rng.uniform(1e-3, 2e-2, size=count).astype(np.float32)
        zp = int(rng.integers(0, 256) if out == "uint8" else rng.integers(-128, 128))
        rel = ", relu" if relu else ""
        axis_attr = axis if requant == "channel" else 0
        outt = res.replace("xi32>", f"x{mlir_type(out)}>")
        lines.append(f"  %q = aicc.requantize {acc} {{scale = array<f32: "
                     f"{', '.join(repr(float(s)) for s in scales)}>, axis = {axis_attr} : i64, "
                     f"zero_point = {zp} : i64{rel}}} : {res} -> {outt}")
        lines.append(f"  return %q : {outt}")
    else:
        lines.append(f"  return {acc} : {res}")
    lines.append("}")
    x = rng_ints(rng, xt, xshape).astype(xt)
    acc_v = reference(x)
    if bias:
        acc_v = acc_v + bv.reshape(bias_shape)
    acc_v = acc_v.astype(np.int32)
    if not requant:
        return name, "\n".join(lines) + "\n", x, acc_v
    sc = scales.reshape((-1,) + (1,) * (acc_v.ndim - 1 - axis)) if requant == "channel" else scales
    f = (acc_v.astype(np.float32) * sc.astype(np.float32)).astype(np.float32)
    lo, hi = (0, 255) if out == "uint8" else (-128, 127)
    q = np.clip(np.rint(f) + np.float32(zp), zp if relu else lo, hi)
    return name, "\n".join(lines) + "\n", x, q.astype(out)


def build_cases():
    rng = np.random.default_rng(7)
    cases = [
        conv_case("conv3x3_pad_relu", rng, 2, 3, 10, 13, 13, 3, pad=1, za=11, relu=True),
        conv_case("conv_odd_c_stride2", rng, 1, 7, 14, 13, 11, 3, stride=2, pad=1, za=-128),
        conv_case("conv5x5_dil2", rng, 2, 10, 10, 13, 13, 5, dil=2, pad=4, za=17),
        conv_case("conv_stride3_dil2", rng, 2, 3, 8, 13, 13, 5, stride=3, dil=2, pad=3, za=1),
        conv_case("conv1x1_flat", rng, 2, 10, 20, 13, 13, 1, za=-27, requant="tensor"),
        conv_case("conv1x1_stride2", rng, 2, 20, 9, 13, 13, 1, stride=2, za=-5),
        # uint8 inputs only where no padding is needed (aicc.pad cannot pad ui8 yet).
        conv_case("conv1x1_uint8_x_w", rng, 1, 5, 6, 8, 8, 1, xt="uint8", wt="uint8",
                  za=128, zw=3, out="uint8"),
        conv_case("conv_zw_nonzero_int32", rng, 1, 4, 3, 6, 30, (1, 3), za=-9, zw=-7,
                  bias=False, requant=None),
        conv_case("conv_c1_wide", rng, 1, 1, 17, 5, 40, 3, pad=1, za=2, relu=True),
        conv_case("depthwise3x3", rng, 2, 20, 20, 13, 13, 3, pad=1, group=20, za=-128),
        conv_case("depthwise_stride2_zw", rng, 1, 6, 6, 11, 11, 3, stride=2, pad=1, group=6,
                  za=100 - 128, zw=-3, requant="tensor", relu=True),
        matmul_case("matmul_odd_k", rng, 2, 441, 37, za=-5),
        matmul_case("matmul_k37_nobias", rng, 2, 37, 11, za=-128, bias=False),
        matmul_case("matmul_uint8", rng, 3, 64, 40, xt="uint8", wt="uint8", za=130, zw=128,
                    out="uint8", requant="tensor"),
        matmul_case("matmul_row1_wide_int32", rng, 1, 784, 256, za=3, zw=-1, requant=None),
        matmul_case("matmul_k1", rng, 5, 1, 9, za=7, relu=True),
        # 7-bit weights: channel quads for vpmaddubsw (full quads, and 1, 2
        # and 3 channels left over), int8 inputs shifted by 128 (extreme
        # zero points, padding), uint8 inputs, a weight zero point.
        conv_case("u8s8_conv3x3_c3_pad_relu", rng, 2, 3, 10, 13, 13, 3, pad=1, za=11,
                  relu=True, w7=True),
        conv_case("u8s8_conv3x3_c8_stride2", rng, 1, 8, 14, 13, 11, 3, stride=2, pad=1,
                  za=-128, w7=True),
        conv_case("u8s8_conv5x5_c10_dil2", rng, 2, 10, 10, 13, 13, 5, dil=2, pad=4, za=127,
                  w7=True),
        conv_case("u8s8_conv1x1_c13_flat", rng, 2, 13, 20, 13, 13, 1, za=-27,
                  requant="tensor", w7=True),
        conv_case("u8s8_conv7x7_c3_stride2", rng, 1, 3, 16, 23, 23, 7, stride=2, pad=3,
                  za=-3, w7=True),
        conv_case("u8s8_conv1x1_uint8_x", rng, 1, 9, 6, 8, 8, 1, xt="uint8", za=200, zw=-20,
                  out="uint8", w7=True),
        conv_case("u8s8_conv_zw_int32", rng, 1, 64, 3, 6, 30, (1, 3), za=-9, zw=-7,
                  bias=False, requant=None, w7=True),
        # One weight past the range: the layer keeps the pair packing.
        conv_case("w7_outlier_conv3x3_c8", rng, 1, 8, 6, 9, 9, 3, pad=1, za=5, w7=True,
                  outlier=-65),
    ]
    return cases


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {r.stderr.strip()[:600]}")
    return r.stdout


def run_case(name, text, x, expected, args) -> bool:
    work = args.work_dir / name
    work.mkdir(parents=True, exist_ok=True)
    src = work / "case.mlir"
    src.write_text(text)
    np.save(work / "input.npy", x)
    try:
        formed = run([args.aicc_opt, str(src), "--aicc-form-integer-kernels"])
        if "aicc.packed_matmul_integer" not in formed:
            print(f"FAIL {name}: aicc-form-integer-kernels formed no kernel")
            return False
        quads = "aicc_packed_u8s8_weight" in run(
            [args.aicc_opt, str(src), "--aicc-form-integer-kernels=u8s8=true"])
        if quads != name.startswith("u8s8_"):
            print(f"FAIL {name}: u8s8 packing {'chosen' if quads else 'not chosen'}")
            return False
        outs = {}
        for level in ("-O2", "-O0"):
            so = work / f"model{level}.so"
            if level == "-O0" and xt_is_unsigned_conv(text):
                continue  # see KNOWN_O0_GAP
            run([args.aicc, str(src), level, "-o", str(so)])
            out = work / f"out{level}"
            out.mkdir(exist_ok=True)
            run([args.aicc_run, str(so), "-i", str(work / "input.npy"), "--output-dir",
                 str(out), "--threads", "2"])
            outs[level] = np.load(out / "output_0.npy")
    except RuntimeError as e:
        print(f"FAIL {name}: {e}")
        return False
    got = outs["-O2"]
    ok, notes = True, []
    for label, ref in (("numpy", expected), ("-O0", outs.get("-O0"))):
        if ref is None:
            notes.append(f"{label}: skipped")
            continue
        diff = int(np.abs(ref.astype(np.int64) - got.astype(np.int64)).max())
        ok = ok and ref.dtype == got.dtype and np.array_equal(ref, got)
        notes.append(f"{label} max diff {diff}")
    print(f"{'PASS' if ok else 'FAIL'} {name}: {got.dtype}{list(got.shape)}, {', '.join(notes)}")
    return ok


# The -O0 reference (linalg lowering) cannot compile a conv_integer whose
# operands are uint8 (a ui8 arith.constant and an unbufferized
# tensor.bitcast); those cases compare with numpy only.
KNOWN_O0_GAP = "conv_integer with uint8 operands at -O0"


def xt_is_unsigned_conv(text: str) -> bool:
    return "aicc.conv_integer" in text and "xui8>" in text


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append")
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-opt", default=str(ROOT / "build/bin/aicc-opt"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/models-work/integer-kernels")
    args = p.parse_args(argv)
    results = [run_case(n, t, x, e, args) for n, t, x, e in build_cases()
               if not args.only or n in args.only]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

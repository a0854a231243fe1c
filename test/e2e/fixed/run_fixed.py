#!/usr/bin/env python3
"""-target=fixed hardware against -target=cpu, bit for bit.

  build/venv/bin/python test/e2e/fixed/run_fixed.py [--only NAME]... \\
      [--aicc PATH] [--aicc-run PATH] [--work-dir DIR]

For each model (models.py: a 3-layer MLP and the bundled digit CNN, both
quantized with quantize_static to QDQ int8 and calibrated on digit samples),
aicc compiles it twice: -target=cpu (a .so; the last QuantizeLinear's int8
tensor is a second graph output) and -target=fixed -emit=verilog. Every
digit image is quantized with the input scale and zero point from
report.json (f32 division, round half to even, as QuantizeLinear), streamed
through the Verilated design by `aicc-run DIR` (which builds the simulator
on first use), and the int8 outputs must equal the CPU target's for every
image. The latency the simulation measures must equal report.json's, and
`aicc-run DIR --compare` on a test data set (float image in, the CPU
target's outputs) must pass with zero tolerance.

A third case, `ties`, is one dense layer written in the aicc dialect whose
requantization scales need rounding corrections; 20000 random input vectors
stream through the design and must match -target=cpu on the same rows.

Every case is also compiled as specialised software (`-target=fixed -o
fixed.so`: weights as immediates) and run through `aicc-run` on the same
inputs; its outputs must equal -target=cpu's bit for bit, and its data
sections (llvm-readelf -S: .rodata*, .data*) must hold no weights: smaller
than 1% of the model's weight bytes plus DESCRIPTOR_ALLOWANCE for the ABI
descriptor (names and shapes); the -target=cpu .so's figure is printed beside
it.

The last line is `N passed, N failed`; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import models  # noqa: E402

SHAPES = {"mlp": (1, 64), "digits_cnn": (1, 1, 8, 8), "ties": (1, 3)}
# NAME_reuseN: the same model built with -reuse=N (time-multiplexed lanes,
# II = N); its software form is the base case's, so it is not repeated.
CASES = dict(SHAPES, mlp_reuse4=SHAPES["mlp"], digits_cnn_reuse4=SHAPES["digits_cnn"],
             ties_reuse2=SHAPES["ties"], digits_ternary=SHAPES["digits_cnn"])
# digits_ternary: the digit CNN trained with ternary weights
# (examples/digits/digits_ternary.onnx), its weights ternarised as it was
# trained (models.ternarize_absmean), quantized, then stored as {-1, 0, +1}
# times a per-channel scale (models.unit_ternary); the design must hold no
# constant product other than sums (no shifts, CSD or multiplies), and its
# accuracy on the samples must be within one image of the float model's.


def stalls_ok(name: str, rtl: Path, q: np.ndarray, hw: np.ndarray, work: Path) -> bool:
    """The same vectors through the simulator with pseudo-random gaps on both
    sides (Vtop --random-stalls: the source offers and the sink takes only
    on some cycles): the handshake must lose, repeat or reorder nothing."""
    q.astype(np.int8).tofile(work / "q.bin")
    r = run([rtl / "obj_dir" / "Vtop", work / "q.bin", work / "stall.bin", "--random-stalls"])
    out = np.fromfile(work / "stall.bin", dtype=np.int8) if r.returncode == 0 else None
    ok = out is not None and np.array_equal(out, hw.reshape(-1).astype(np.int8))
    print(f"{name}: random stalls on both sides: "
          f"{'outputs identical' if ok else 'FAILED ' + r.stderr.strip()[-200:]} "
          f"({r.stderr.strip().split(' cycles=')[-1] if r.returncode == 0 else ''})")
    return ok


def split_case(name: str) -> tuple[str, int]:
    """'mlp_reuse4' -> ('mlp', 4); 'mlp' -> ('mlp', 1)."""
    base, _, n = name.partition("_reuse")
    return base, int(n) if n else 1


def timing_ok(name: str, stderr: str, report: dict, reuse: int, vectors: int) -> bool:
    """The harness's measured latency and initiation interval (the largest
    gap between accepted inputs) against report.json, which must carry the
    reuse factor; prints them."""
    fields = dict(f.split("=", 1) for f in stderr.split() if "=" in f)
    latency = int(fields.get("latency_cycles", -1))
    interval = int(fields.get("initiation_interval", -1))
    cycles = int(fields.get("cycles", -1))
    ii = report["initiation_interval"]
    expect_ii = min(reuse, max(layer["cycles"] for layer in report["layers"]))
    # Inputs always offered, output always ready: the first is accepted in
    # the last phase (cycle II-1), one every II cycles after it, and the
    # harness stops the cycle after the last output appears, L cycles later.
    expect_cycles = (ii - 1) + (vectors - 1) * ii + report["latency_cycles"] + 1
    ok = (latency == report["latency_cycles"] and interval in (ii, -1) and ii == expect_ii
          and report["reuse"] == reuse and cycles == expect_cycles)
    print(f"{name}: reuse {reuse}: latency {latency} cycles (report.json: "
          f"{report['latency_cycles']}), II {interval} (report.json: {ii}), {vectors} vectors "
          f"in {cycles} cycles (expected {expect_cycles}){'' if ok else ' MISMATCH'}")
    return ok

# A dense layer whose scales (0.3, 0.125) put many f32 products exactly on
# .5, so the design needs rounding corrections (docs/fixed-function.md);
# random inputs reach them. N rows: 1 for the design, many for the CPU.
TIES_MLIR = """
func.func @main(%x: tensor<Nx3xf32> {aicc.name = "x"})
    -> (tensor<Nx2xf32> {aicc.name = "y"}, tensor<Nx2xi8> {aicc.name = "y_q"}) {
  %s = arith.constant dense<0.5> : tensor<f32>
  %z = arith.constant dense<-1> : tensor<i8>
  %sy = arith.constant dense<0.25> : tensor<f32>
  %zy = arith.constant dense<-5> : tensor<i8>
  %w = arith.constant dense<[[1, 0], [-2, 4], [3, 1]]> : tensor<3x2xi8>
  %b = arith.constant dense<[7, -9]> : tensor<2xi32>
  %q = aicc.quantize_linear %x, %s, %z {axis = 0 : i64} : (tensor<Nx3xf32>, tensor<f32>, tensor<i8>) -> tensor<Nx3xi8>
  %acc = aicc.matmul_integer %q, %w {lhs_zero_point = -1 : i64, rhs_zero_point = 0 : i64} : (tensor<Nx3xi8>, tensor<3x2xi8>) -> tensor<Nx2xi32>
  %ab = aicc.add %acc, %b : (tensor<Nx2xi32>, tensor<2xi32>) -> tensor<Nx2xi32>
  %y = aicc.requantize %ab {scale = array<f32: 0.3, 0.125>, axis = 1 : i64, zero_point = -5 : i64, relu} : tensor<Nx2xi32> -> tensor<Nx2xi8>
  %f = aicc.dequantize_linear %y, %sy, %zy {axis = 0 : i64} : (tensor<Nx2xi8>, tensor<f32>, tensor<i8>) -> tensor<Nx2xf32>
  return %f, %y : tensor<Nx2xf32>, tensor<Nx2xi8>
}
"""
TIES_ROWS = 20000


def run_ties(args, name: str = "ties", reuse: int = 1) -> bool:
    """The rounding-correction case: one CPU run over all rows, one stream of
    vectors through the design; every int8 output equal."""
    work = args.work_dir / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "one.mlir").write_text(TIES_MLIR.replace("N", "1"))
    (work / "all.mlir").write_text(TIES_MLIR.replace("N", str(TIES_ROWS)))
    q = np.random.default_rng(0).integers(-128, 128, (TIES_ROWS, 3)).astype(np.int8)
    np.save(work / "q.npy", q)
    # (q - zp) * 0.5 quantizes back to q exactly.
    np.save(work / "x.npy", ((q.astype(np.float32) + 1) * np.float32(0.5)))
    for cmd in ([args.aicc, work / "all.mlir", "-o", work / "all.so"],
                [args.aicc, work / "one.mlir", "-target=fixed", "-emit=verilog",
                 f"-reuse={reuse}", "-o", work / "rtl"],
                [args.aicc_run, work / "all.so", "-i", work / "x.npy", "--output-dir",
                 work / "cpu", "--threads", "1"],
                [args.aicc_run, work / "rtl", "-i", work / "q.npy", "--output-dir",
                 work / "hw"]):
        r = run(cmd)
        if r.returncode != 0:
            print(f"FAIL {name}: {Path(cmd[0]).name}: {r.stderr.strip()[-400:]}")
            return False
    hw_stderr = r.stderr
    cpu = np.load(work / "cpu" / "output_1.npy").reshape(TIES_ROWS, 2)
    hw = np.load(work / "hw" / "output_1.npy").reshape(TIES_ROWS, 2)
    report = json.loads((work / "rtl" / "report.json").read_text())
    corrections = report["layers"][0]["rounding_corrections"]
    diff = int((cpu != hw).sum())
    timing = timing_ok(name, hw_stderr, report, reuse, TIES_ROWS)
    timing = stalls_ok(name, work / "rtl", q, hw, work) and timing
    if reuse > 1:
        ok = diff == 0 and corrections > 0 and timing
        print(f"{name}: {TIES_ROWS} vectors, {corrections} rounding corrections in the design, "
              f"{diff} of {cpu.size} int8 outputs differ from -target=cpu")
        print(f"{'PASS' if ok else 'FAIL'} {name}")
        return ok
    # The software form on all rows at once (its dense layer loops over rows).
    so_ok, so_msg = check_fixed_so(args, work / "all.mlir", work, 6 + 8, work / "all.so")
    r = run([args.aicc_run, work / "fixed.so", "-i", work / "x.npy", "--output-dir",
             work / "sw", "--threads", "1"])
    sw_diff = -1
    if so_ok and r.returncode == 0:
        sw = [np.load(work / "sw" / f"output_{i}.npy") for i in (0, 1)]
        ref = [np.load(work / "cpu" / f"output_{i}.npy") for i in (0, 1)]
        sw_diff = sum(int((a != b).sum()) for a, b in zip(sw, ref))
    ok = diff == 0 and corrections > 0 and sw_diff == 0 and timing
    print(f"ties: {TIES_ROWS} vectors, {corrections} rounding corrections in the design, "
          f"{diff} of {cpu.size} int8 outputs differ from -target=cpu; fixed.so: "
          f"{sw_diff} outputs differ ({so_msg})")
    print(f"{'PASS' if ok else 'FAIL'} ties")
    return ok


def data_section_bytes(so: Path) -> int:
    """Bytes of a shared library's data sections (.rodata*, .data*), from
    llvm-readelf -S."""
    r = run(["llvm-readelf-22", "-S", "-W", so])
    total = 0
    for line in r.stdout.splitlines():
        parts = line.replace("[ ", "[").split()
        if len(parts) > 5 and parts[1].startswith((".rodata", ".data")):
            total += int(parts[5], 16)
    return total


# What the ABI descriptor alone takes in the data sections (names, shapes,
# tensor records, pointers): about 100-300 bytes for these models.
DESCRIPTOR_ALLOWANCE = 512


def check_fixed_so(args, src: Path, work: Path, weight_bytes: int, cpu_so: Path):
    """Compiles the specialised software form; returns (ok, message)."""
    so = work / "fixed.so"
    r = run([args.aicc, src, "-target=fixed", "-o", so])
    if r.returncode != 0:
        return False, f"aicc -target=fixed -o fixed.so: {r.stderr.strip()[:400]}"
    data = data_section_bytes(so)
    ok = data < weight_bytes // 100 + DESCRIPTOR_ALLOWANCE
    return ok, (f"data sections {data} bytes (-target=cpu: {data_section_bytes(cpu_so)}) "
                f"for {weight_bytes} weight bytes{'' if ok else ' (TOO LARGE: weights in the data?)'}")


def weight_bytes_of(model: Path) -> int:
    """Bytes of the model's integer initializers (weights and biases)."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(str(model))
    return sum(numpy_helper.to_array(t).nbytes for t in m.graph.initializer
               if numpy_helper.to_array(t).dtype.kind in "iu" and
               numpy_helper.to_array(t).size > 1)


def run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True)


def cpu_outputs(args, so: Path, x: np.ndarray, shape, work: Path, out: str = "cpu"):
    """A .so's int8 output (output_1) and float output (output_0) for each
    image (the CPU target's, or the specialised software's)."""
    outs, outs_f = [], []
    for i, img in enumerate(x):
        np.save(work / "x.npy", img.reshape(shape))
        r = run([args.aicc_run, so, "-i", work / "x.npy", "--output-dir", work / out,
                 "--threads", "1"])
        if r.returncode != 0:
            raise RuntimeError(f"aicc-run {so.name} (image {i}): {r.stderr.strip()[:300]}")
        outs.append(np.load(work / out / "output_1.npy").reshape(-1))
        outs_f.append(np.load(work / out / "output_0.npy").reshape(-1))
    return np.stack(outs), np.stack(outs_f)


def run_case(name: str, args) -> bool:
    base, reuse = split_case(name)
    if base == "ties":
        return run_ties(args, name, reuse)
    shape = CASES[name]
    work = args.work_dir / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    images, labels = models.load_samples()
    src = work / "float.onnx"
    if base == "mlp":
        models.make_mlp(src)
    elif base == "digits_ternary":
        models.ternarize_absmean(models.DIGITS.parent / "digits_ternary.onnx", src)
    else:
        shutil.copy(models.DIGITS, src)
    model = work / "model.onnx"
    models.quantize(src, model, shape, images)
    if base == "digits_ternary" and models.unit_ternary(model) != 2:
        print(f"FAIL {name}: expected 2 ternary layers")
        return False

    so, rtl = work / "model.so", work / "rtl"
    for cmd in ([args.aicc, model, "-o", so],
                [args.aicc, model, "-target=fixed", "-emit=verilog", f"-reuse={reuse}", "-o",
                 rtl]):
        r = run(cmd)
        if r.returncode != 0:
            print(f"FAIL {name}: {' '.join(map(str, cmd[1:]))}: {r.stderr.strip()[:400]}")
            return False
    report = json.loads((rtl / "report.json").read_text())
    scale = np.float32(report["input"]["scale"])
    zp = report["input"]["zero_point"]
    q = np.clip(np.rint(images.astype(np.float32) / scale) + zp, -128, 127).astype(np.int8)
    np.save(work / "q.npy", q.reshape((len(q),) + shape[1:]))

    r = run([args.aicc_run, rtl, "-i", work / "q.npy", "--output-dir", work / "hw"])
    if r.returncode != 0:
        print(f"FAIL {name}: aicc-run {rtl.name}: {r.stderr.strip()[-600:]}")
        return False
    # The design returns what the model returns: output_0 dequantized, output_1 int8.
    hw = np.load(work / "hw" / "output_1.npy").reshape(len(q), -1)
    hw_f = np.load(work / "hw" / "output_0.npy").reshape(len(q), -1)
    cpu, cpu_f = cpu_outputs(args, so, images, shape, work)
    diff = int((hw.astype(np.int32) != cpu.astype(np.int32)).sum())
    same_f = hw_f.dtype == np.float32 and np.array_equal(hw_f, cpu_f)
    timing = timing_ok(name, r.stderr, report, reuse, len(q))
    timing = stalls_ok(name, rtl, q, hw, work) and timing
    # --compare with an ONNX-style test data set: float input 0, both outputs.
    tds = work / "test_data_set_0"
    tds.mkdir()
    np.save(tds / "input_0.npy", images[0].reshape(shape))
    np.save(tds / "output_0.npy", cpu_f[0].reshape(1, -1))
    np.save(tds / "output_1.npy", cpu[0].reshape(1, -1))
    r = run([args.aicc_run, rtl, "--compare", tds, "--rtol", "0", "--atol", "0"])
    if r.returncode != 0:
        print(f"{name}: aicc-run --compare: {r.stdout.strip()} {r.stderr.strip()[-300:]}")
    ok = diff == 0 and hw.dtype == np.int8 and same_f and r.returncode == 0 and timing
    print(f"{name}: {len(q)} images, {diff} of {cpu.size} int8 outputs differ from "
          f"-target=cpu, float outputs {'identical' if same_f else 'DIFFER'}")
    if base == "digits_ternary":
        products = {k: sum(layer.get(k, 0) for layer in report["layers"])
                    for k in ("shift_weights", "csd_weights", "constant_multiplies")}
        accuracy = float((hw_f.argmax(1) == labels[:len(q)]).mean())
        expected = float((ROOT / "examples/digits/expected_accuracy.txt").read_text())
        ok = ok and not any(products.values()) and accuracy >= expected - 1.0 / len(q)
        print(f"{name}: accuracy {accuracy:.4f} on {len(q)} samples (float model: "
              f"{(ROOT / 'examples/digits/expected_accuracy.txt').read_text().strip()}); "
              f"non-sum constant products {products}")
    if reuse > 1:
        print(f"{'PASS' if ok else 'FAIL'} {name}")
        return ok
    # The specialised software form, image by image as the CPU target ran.
    so_ok, so_msg = check_fixed_so(args, model, work, weight_bytes_of(model), so)
    sw_diff = -1
    if so_ok:
        sw, sw_f = cpu_outputs(args, work / "fixed.so", images, shape, work, "sw")
        sw_diff = int((sw != cpu).sum()) + int((sw_f != cpu_f).sum())
        so_ok = sw_diff == 0 and sw.dtype == np.int8 and sw_f.dtype == np.float32
    print(f"{name}: fixed.so: {sw_diff} of {cpu.size + cpu_f.size} outputs differ from "
          f"-target=cpu; {so_msg}")
    ok = ok and so_ok
    print(f"{'PASS' if ok else 'FAIL'} {name}")
    return ok


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=sorted(CASES))
    p.add_argument("--aicc", default=str(ROOT / "build/bin/aicc"))
    p.add_argument("--aicc-run", default=str(ROOT / "build/bin/aicc-run"))
    p.add_argument("--work-dir", type=Path, default=ROOT / "build/fixed-work")
    args = p.parse_args(argv)
    import logging
    logging.getLogger().setLevel(logging.ERROR)  # quantize_static's pre-processing hint
    if not shutil.which("verilator"):
        print("FAIL: verilator is not installed (scripts/install-deps.sh)")
        print("0 passed, 1 failed")
        return 1
    results = [run_case(n, args) for n in args.only or CASES]
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())

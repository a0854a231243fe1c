#!/usr/bin/env python3
"""GPU end-to-end tests of -target=cuda: ONNX node tests compiled here, run on a GPU.

The GPU machine has no LLVM, so the work is split in two steps that can run on
different machines:

  run_cuda.py --build BUNDLE [--filter REGEX]   # here: aicc -target=cuda per test
  run_cuda.py --run BUNDLE --aicc-run PATH      # where the GPU is: aicc-run --device=cuda

Without --build/--run both steps run. A bundle is a folder per test with
model.so and the test's test_data_set_* folders (inputs and reference outputs);
it needs nothing but aicc-run and libaiccrt to run.

Tests that aicc cannot compile for CUDA yet (dynamic shapes, host-read values;
docs/cuda.md) are counted as "not compiled", not as failures; a compiler crash
is a failure. When the run
step finds no GPU (aicc-run: "device unavailable") it reports every test as
skipped and exits 0: the suite is gated on a GPU being present.
With --models-dir (default build/models when it exists, as test/e2e/models
exports them) the networks with onnxruntime references join the bundle: each
static model, and the token models (BERT, GPT-2) once per exported (batch,
sequence) shape with their inputs pinned (-input-shape), as CUDA needs static
shapes; they are compared with a looser tolerance (rtol 1e-2, atol 1e-3).
The networks of PRECISION_MODELS are also compiled with -precision=bf16 and
-precision=fp16 (`model_<name>_bf16`, `_fp16`: weights stored in 16 bits, f32
accumulation, docs/cuda.md) and compared with PRECISION_TOLERANCE. (Node
tests pass their weights as graph inputs, which -precision leaves in f32.)
The last line is `cuda e2e: N passed, N failed, N skipped, N not compiled`.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

NODE_DIR = "/usr/share/libonnx-testdata/data/node"
# Ops of the foundation issue (elementwise, matmul/conv/pool, normalisation,
# reductions, shape ops), ONNX test-name prefixes.
DEFAULT_FILTER = (r"^test_(abs|add|relu|sigmoid|tanh|exp|log|sqrt|neg|mul|sub|div|pow|"
                  r"clip|leakyrelu|elu|softmax|logsoftmax|gemm|matmul|conv|maxpool|"
                  r"averagepool|globalaveragepool|batchnorm|layer_normalization|"
                  r"reduce_sum|reduce_mean|reduce_max|transpose|concat|reshape|flatten|"
                  r"squeeze|unsqueeze|gather|slice|erf|gelu|where|cast)")
# Networks also built with -precision=bf16|fp16, and their tolerance (rtol,
# atol) against onnxruntime's f32 reference: 8 (bf16) or 11 (fp16)
# significant bits per weight and activation (run_precision.py measures the
# same arithmetic on the CPU: bf16 max abs error 7.5e-4 mlp, 8.4e-3 conv_zoo,
# 7.4e-4 MobileNetV2).
PRECISION_MODELS = ("mlp", "conv_zoo", "mobilenet_v2")
PRECISION_TOLERANCE = {"bf16": "2e-2 1e-2", "fp16": "1e-2 5e-3"}


def model_cases(models_dir):
    """(name, model.onnx, data dir with input_*.npy and ref_output_0.npy) per
    static network and per shape of each token model."""
    cases = []
    for name in sorted(os.listdir(models_dir)):
        d = os.path.join(models_dir, name)
        model = os.path.join(d, "model.onnx")
        if name.endswith("_dynamic") or not os.path.exists(model):
            continue
        if os.path.exists(os.path.join(d, "ref_output_0.npy")):
            cases.append((name, model, d))
            continue
        for shape in sorted(os.listdir(d)):
            data = os.path.join(d, shape)
            if os.path.exists(os.path.join(data, "ref_output_0.npy")):
                cases.append((f"{name}_{shape}", model, data))
    return cases


def pins_for(model, data):
    """-input-shape for every graph input from the shapes of its .npy data."""
    import numpy as np
    import onnx
    graph = onnx.load(model, load_external_data=False).graph
    inits = {i.name for i in graph.initializer}
    names = [i.name for i in graph.input if i.name not in inits]
    pins = []
    for k, n in enumerate(names):
        path = os.path.join(data, f"input_{k}.npy")
        if not os.path.exists(path):
            path = os.path.join(data, "input.npy")
        shape = np.load(path, mmap_mode="r").shape
        pins.append(f"-input-shape={n}:" + "x".join(str(d) for d in shape))
    return pins


def stage_model_data(data, dst, tolerance="1e-2 1e-3"):
    """test_data_set_0 with input_<k>.npy and output_0.npy (aicc-run's names)."""
    out = os.path.join(dst, "test_data_set_0")
    os.makedirs(out, exist_ok=True)
    if os.path.exists(os.path.join(data, "input.npy")):
        shutil.copy(os.path.join(data, "input.npy"), os.path.join(out, "input_0.npy"))
    for f in os.listdir(data):
        if re.fullmatch(r"input_\d+\.npy", f):
            shutil.copy(os.path.join(data, f), os.path.join(out, f))
    shutil.copy(os.path.join(data, "ref_output_0.npy"), os.path.join(out, "output_0.npy"))
    with open(os.path.join(dst, "tolerance"), "w") as f:
        f.write(tolerance + "\n")


def build(args):
    os.makedirs(args.bundle, exist_ok=True)
    pattern = re.compile(args.filter)
    names = sorted(n for n in os.listdir(NODE_DIR) if pattern.search(n))
    if args.limit:
        names = names[: args.limit]
    jobs = [(n, os.path.join(NODE_DIR, n, "model.onnx"), os.path.join(NODE_DIR, n), None, None)
            for n in names]
    if args.models_dir and os.path.isdir(args.models_dir):
        for n, m, d in model_cases(args.models_dir):
            jobs.append(("model_" + n, m, d, "model", None))
            if n in PRECISION_MODELS:
                jobs += [(f"model_{n}_{p}", m, d, "model", p) for p in PRECISION_TOLERANCE]

    def compile_one(job):
        name, model, src, kind, precision = job
        dst = os.path.join(args.bundle, name)
        os.makedirs(dst, exist_ok=True)
        cmd = [args.aicc, model, "-target=cuda",
               "-cuda-arch=" + args.cuda_arch, "-o", os.path.join(dst, "model.so")]
        if kind == "model":
            cmd += pins_for(model, src)
        if precision:
            cmd.append("-precision=" + precision)
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return name, "compile timed out"
        if r.returncode < 0 or "PLEASE submit a bug report" in r.stderr:
            return name, "CRASH " + (r.stderr.strip().splitlines() or ["?"])[0]
        if r.returncode != 0:
            shutil.rmtree(dst, ignore_errors=True)
            return name, (r.stderr.strip().splitlines() or ["?"])[-1]
        if kind == "model":
            if precision:
                stage_model_data(src, dst, PRECISION_TOLERANCE[precision])
            else:
                stage_model_data(src, dst)
            return name, None
        for d in os.listdir(src):
            if d.startswith("test_data_set_"):
                shutil.copytree(os.path.join(src, d), os.path.join(dst, d), dirs_exist_ok=True)
        return name, None

    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(compile_one, jobs))
    errors = [(n, e) for n, e in results if e and not e.startswith("CRASH")]
    crashes = [(n, e) for n, e in results if e and e.startswith("CRASH")]
    for n, e in crashes:
        print(f"FAIL {n}: the compiler crashed: {e}")
    with open(os.path.join(args.bundle, "not_compiled.txt"), "w") as f:
        for n, e in errors:
            f.write(f"{n}\t{e}\n")
    print(f"built {len(results) - len(errors) - len(crashes)} of {len(results)} tests "
          f"into {args.bundle}")
    return len(crashes)


def run(args):
    cases = sorted(d for d in os.listdir(args.bundle)
                   if os.path.exists(os.path.join(args.bundle, d, "model.so")))
    not_compiled = 0
    listed = os.path.join(args.bundle, "not_compiled.txt")
    if os.path.exists(listed):
        with open(listed) as f:
            not_compiled = sum(1 for line in f if line.strip())
    passed, failed, skipped = [], [], 0
    for i, name in enumerate(cases):
        case = os.path.join(args.bundle, name)
        sets = sorted(d for d in os.listdir(case) if d.startswith("test_data_set_"))
        rtol, atol = args.rtol, args.atol
        if os.path.exists(os.path.join(case, "tolerance")):
            with open(os.path.join(case, "tolerance")) as f:
                rtol, atol = (float(v) for v in f.read().split())
        ok = True
        for data in sets:
            cmd = [args.aicc_run, os.path.join(case, "model.so"), "--device=cuda",
                   "--compare", os.path.join(case, data), "--rtol", str(rtol),
                   "--atol", str(atol)]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            if "device unavailable" in r.stderr:
                print(f"skipped: no GPU ({r.stderr.strip()})")
                skipped = len(cases)
                print(f"cuda e2e: 0 passed, 0 failed, {skipped} skipped, "
                      f"{not_compiled} not compiled")
                return 0
            if r.returncode != 0:
                ok = False
                print(f"FAIL {name}/{data}: {(r.stdout + r.stderr).strip()[-400:]}")
                break
        (passed if ok else failed).append(name)
    print(f"cuda e2e: {len(passed)} passed, {len(failed)} failed, {skipped} skipped, "
          f"{not_compiled} not compiled")
    return 1 if failed else 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bundle", default=os.path.join(root, "build", "cuda-bundle"))
    p.add_argument("--build", action="store_true", help="only compile the bundle")
    p.add_argument("--run", action="store_true", help="only run an existing bundle")
    p.add_argument("--aicc", default=os.path.join(root, "build", "bin", "aicc"))
    p.add_argument("--aicc-run", default=os.path.join(root, "build", "bin", "aicc-run"))
    p.add_argument("--filter", default=DEFAULT_FILTER, help="regex on node test names")
    p.add_argument("--models-dir", default=os.path.join(root, "build", "models"),
                   help="exported networks (test/e2e/models); '' for none")
    p.add_argument("--limit", type=int, default=0, help="at most this many tests")
    p.add_argument("--cuda-arch", default="sm_80,sm_90")
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--atol", type=float, default=1e-4)
    p.add_argument("-j", "--jobs", type=int, default=2)
    args = p.parse_args()
    if not args.run:
        if not os.path.isdir(NODE_DIR):
            sys.exit(f"no ONNX node tests at {NODE_DIR} (Debian's libonnx-testdata)")
        crashes = build(args)
        if crashes:
            print(f"cuda e2e: 0 passed, {crashes} failed, 0 skipped, 0 not compiled")
            sys.exit(1)
    if not args.build:
        sys.exit(run(args))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Mutation fuzzing of aicc's ONNX importer on ONNX's node-test models.

Each case takes a node-test model (onnx.backend.test.case.node) and changes
one thing: an attribute value (ints, lists, floats, strings), a declared dim
(0, 1, 3, 2^20, 2^40), a node input (absent, unknown name, another input),
an initializer (truncated data, a wrong dim) or the opset. aicc must answer
every such model with success or an error (exit 0 or 1), never a signal or a
hang: `aicc MODEL -emit=mlir` (import) by default, `--emit=so` compiles to a
shared library. The mutations are deterministic for a seed; a failing model
is kept in --work-dir with the command to reproduce it.

    fuzz_import.py --aicc build/bin/aicc [--count 300] [--seed 1] [--emit mlir|so]

Prints one line per crash or hang and ends with "N passed, M failed".
"""
import argparse
import copy
import os
import random
import subprocess
import sys
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor

warnings.filterwarnings("ignore")  # the generators' numpy overflow warnings

INTS = [-3, -1, 0, 1, 2, 7, 1 << 31, -(1 << 40), 1 << 40]
DIMS = [0, 1, 3, 1 << 20, 1 << 40]


def mutate(onnx, model, rng):
    """A copy of `model` with one change, and what the change was."""
    m = copy.deepcopy(model)
    g = m.graph
    kind = rng.choice(["attr", "attr", "dims", "input", "init", "opset"])
    if kind == "attr":
        atts = [(n, a) for n in g.node for a in n.attribute
                if a.type in (onnx.AttributeProto.INT, onnx.AttributeProto.INTS,
                              onnx.AttributeProto.FLOAT, onnx.AttributeProto.STRING)]
        if not atts:
            kind = "dims"
        else:
            n, a = rng.choice(atts)
            if a.type == onnx.AttributeProto.INT:
                a.i = rng.choice(INTS)
            elif a.type == onnx.AttributeProto.INTS:
                del a.ints[:]
                a.ints.extend(rng.choice(INTS) for _ in range(rng.randint(0, 5)))
            elif a.type == onnx.AttributeProto.FLOAT:
                a.f = rng.choice([float("nan"), float("inf"), -1.0, 0.0, 1e30])
            else:
                a.s = rng.choice([b"", b"bogus", b"NOTSET"])
            return m, f"attr {n.op_type}.{a.name}"
    if kind == "dims":
        vi = rng.choice(list(g.input) + list(g.output))
        dims = vi.type.tensor_type.shape.dim
        if len(dims):
            d = rng.choice(dims)
            d.dim_value = rng.choice(DIMS)
        return m, f"dims {vi.name}"
    if kind == "input":
        n = rng.choice(g.node)
        if len(n.input):
            i = rng.randrange(len(n.input))
            n.input[i] = rng.choice(["", "nope", n.input[0]])
        return m, f"input {n.op_type}"
    if kind == "init" and len(g.initializer):
        t = rng.choice(g.initializer)
        if t.raw_data:
            t.raw_data = t.raw_data[: len(t.raw_data) // 2]
        elif len(t.dims):
            t.dims[0] = t.dims[0] + 5
        return m, f"initializer {t.name}"
    if kind == "init":
        n = rng.choice(g.node)
        n.op_type = rng.choice(["Conv", "Gather", "Reshape", "Loop"])
        return m, "op type"
    m.opset_import[0].version = rng.choice([1, 6, 7, 30])
    return m, "opset"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aicc", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--emit", choices=["mlir", "so"], default="mlir")
    ap.add_argument("--target", choices=["cpu", "cuda"], default="cpu",
                    help="with --emit=so: the target whose artifact is built")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--work-dir", default=None)
    ap.add_argument("-j", type=int, default=2)
    args = ap.parse_args()
    import onnx
    from onnx.backend.test.case.node import collect_testcases

    work = args.work_dir or tempfile.mkdtemp(prefix="aicc-fuzz-")
    os.makedirs(work, exist_ok=True)
    cases = sorted((c for c in collect_testcases() if c.model is not None),
                   key=lambda c: c.name)
    rng = random.Random(args.seed)
    jobs = []
    for i in range(args.count):
        case = rng.choice(cases)
        model, what = mutate(onnx, case.model, rng)
        jobs.append((i, case.name, what, model.SerializeToString()))

    def run(job):
        i, name, what, data = job
        path = os.path.join(work, f"{i:04d}_{name}.onnx")
        with open(path, "wb") as f:
            f.write(data)
        out = path + (".so" if args.emit == "so" else ".mlir")
        cmd = [args.aicc, path, "-o", out] + (["-emit=mlir"] if args.emit == "mlir" else [])
        if args.emit == "so" and args.target != "cpu":
            cmd.append("-target=" + args.target)
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            rc, err = r.returncode, r.stderr
        except subprocess.TimeoutExpired:
            rc, err = "timeout", ""
        for p in (out,):
            if os.path.exists(p):
                os.remove(p)
        if rc in (0, 1):
            os.remove(path)
            return None
        first = next((l for l in err.splitlines() if "error" in l.lower()), "")
        return f"FAIL {name} ({what}): exit {rc}: {first[:200]}\n  repro: {' '.join(cmd)}"

    failed = 0
    with ThreadPoolExecutor(args.j) as ex:
        for res in ex.map(run, jobs):
            if res:
                failed += 1
                print(res, flush=True)
    print(f"fuzz: {args.count} mutated node-test models (seed {args.seed}, -emit={args.emit}, "
          f"-target={args.target}), "
          f"{failed} crashed or hung")
    print(f"{args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

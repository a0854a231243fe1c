"""Stand-ins for aicc and aicc-run that follow their CLI contract, for testing
the e2e scripts without a built compiler.

`fake-aicc MODEL -target=cpu -o OUT.so` copies the model to OUT.so;
`fake-aicc-run OUT.so [-i F]... [--output-dir D] [--compare D --rtol R --atol A]`
runs it with onnxruntime. Faults can be injected by model path regex:
FAKE_AICC_FAIL (error exit), FAKE_AICC_CRASH (SIGABRT), FAKE_AICC_HANG (sleeps).
"""

import os
import re
import shutil
import sys
import time
from pathlib import Path


def matches(var: str, path: str) -> bool:
    rx = os.environ.get(var)
    return bool(rx) and re.search(rx, path) is not None


def aicc(argv):
    out = argv[argv.index("-o") + 1]
    model = [a for i, a in enumerate(argv)
             if not a.startswith("-") and (i == 0 or argv[i - 1] != "-o")][0]
    if matches("FAKE_AICC_FAIL", model):
        print(f"aicc: error: node0 (Fake): injected failure for {model}", file=sys.stderr)
        return 1
    if matches("FAKE_AICC_CRASH", model):
        print("fake-aicc: about to crash", file=sys.stderr, flush=True)
        os.abort()
    if matches("FAKE_AICC_HANG", model):
        time.sleep(3600)
    shutil.copyfile(model, out)
    return 0


def load(path: Path, numpy_helper, onnx):
    if path.suffix == ".npy":
        import numpy as np
        return np.load(path)
    t = onnx.TensorProto()
    t.ParseFromString(path.read_bytes())
    return numpy_helper.to_array(t)


def aicc_run(argv):
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper

    so, inputs, outdir, cmp_dir, rtol, atol = argv[0], [], None, None, 1e-3, 1e-4
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "-i":
            inputs.append(Path(argv[i + 1])); i += 2
        elif a == "--output-dir":
            outdir = Path(argv[i + 1]); i += 2
        elif a == "--compare":
            cmp_dir = Path(argv[i + 1]); i += 2
        elif a == "--rtol":
            rtol = float(argv[i + 1]); i += 2
        elif a == "--atol":
            atol = float(argv[i + 1]); i += 2
        else:
            print(f"aicc-run: error: unknown option {a}", file=sys.stderr); return 2
    if not inputs and cmp_dir:
        inputs = sorted(cmp_dir.glob("input_*.pb"), key=lambda p: int(p.stem.split("_")[1]))
    sess = ort.InferenceSession(so, providers=["CPUExecutionProvider"])
    feeds = {m.name: load(p, numpy_helper, onnx) for m, p in zip(sess.get_inputs(), inputs)}
    outs = sess.run(None, feeds)
    if outdir:
        outdir.mkdir(parents=True, exist_ok=True)
        for k, o in enumerate(outs):
            np.save(outdir / f"output_{k}.npy", o)
    ok = True
    if cmp_dir:
        for k, o in enumerate(outs):
            ref_path = cmp_dir / f"output_{k}.pb"
            if not ref_path.exists():
                ref_path = cmp_dir / f"output_{k}.npy"
            ref = load(ref_path, numpy_helper, onnx)
            if ref.shape != np.shape(o):
                print(f"output {k}: shape mismatch {np.shape(o)} vs {ref.shape}"); ok = False
                continue
            if ref.dtype.kind in "fc":
                diff = np.abs(o.astype(np.float64) - ref)
                bad = ~(diff <= atol + rtol * np.abs(ref)) & ~(np.isnan(o) & np.isnan(ref)) & (o != ref)
                rel = diff / np.maximum(np.abs(ref), 1e-30)
                mad = np.nanmax(diff) if diff.size else 0.0
                mrd = np.nanmax(rel) if rel.size else 0.0
            else:
                bad = o != ref
                mad = mrd = float(bad.sum())
            print(f"output {k}: max abs err {mad:.3g}, max rel err {mrd:.3g}")
            if np.any(bad):
                print(f"aicc-run: error: output {k} mismatch", file=sys.stderr); ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    tool = sys.argv[1]
    sys.exit(aicc(sys.argv[2:]) if tool == "aicc" else aicc_run(sys.argv[2:]))

#!/usr/bin/env python3
"""Runs the ONNX backend node tests through aicc and aicc-run.

Sources:
  debian/  Debian's libonnx-testdata node tests (/usr/share/libonnx-testdata/data/node)
  onnx/    the venv's onnx package generators (onnx.backend.test.case.node),
           written once into build/onnx-node-tests/ and reused while the onnx
           version stays the same

A test runs only when every node of its graph is an op listed in ops.txt
and its graph inputs and outputs are tensors; the rest are counted as
skipped (unsupported). Expected failures live in
xfail.txt as `<source>/<test_name>  # <reason>`; per-test tolerances in
tolerances.txt as `<source>/<test_name> rtol=R atol=A  # <reason>`.

Run it with the venv's python (scripts/make-venv.sh):
  build/venv/bin/python test/e2e/node/run_node_tests.py [--filter REGEX] [-j N]

--report FILE.json also writes one record per selected-or-skipped test (ops,
opset, dtypes, status, first error line); scripts/update-conformance.sh
renders it into docs/conformance.md.

The last line printed is `N passed, N failed, N skipped`; `failed` counts
unexpected results only (new failures and xfails that now pass). Exit status:
0 when nothing unexpected happened, 1 otherwise, 2 for a usage or setup error.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import containers  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DEBIAN_NODE_DIR = Path("/usr/share/libonnx-testdata/data/node")
DEFAULT_RTOL = 1e-3
DEFAULT_ATOL = 1e-4
# Bump when write_onnx_cases() changes what it writes, to refresh the cache.
CACHE_FORMAT = "1"
# Exit codes a shell gives a child killed by SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV.
SHELL_SIGNAL_CODES = {128 + s for s in (4, 6, 7, 8, 11)}
STDERR_LINES = 6


def die(msg: str) -> None:
    print(f"run_node_tests: error: {msg}", file=sys.stderr)
    sys.exit(2)


def import_onnx():
    try:
        import onnx  # noqa: F401
        from onnx import numpy_helper  # noqa: F401

        return onnx
    except Exception as e:  # the Debian python has no usable onnx module
        die(f"cannot import onnx ({e}); run with build/venv/bin/python "
            "after scripts/make-venv.sh")


# --------------------------------------------------------------------------
# Checked-in lists
# --------------------------------------------------------------------------

def read_ops(path: Path) -> set[str]:
    ops = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ops.add(line)
    return ops


def read_xfail(path: Path) -> dict[str, str]:
    """`name  # reason` per line; a name without a reason is an error."""
    xfail: dict[str, str] = {}
    if not path.exists():
        return xfail
    errors = []
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, reason = line.partition("#")
        name, reason = name.strip(), reason.strip()
        if not sep or not reason:
            errors.append(f"{path}:{n}: '{name}' has no reason (`name  # reason`)")
        elif " " in name:
            errors.append(f"{path}:{n}: malformed line: {raw!r}")
        elif name in xfail:
            errors.append(f"{path}:{n}: '{name}' listed twice")
        else:
            xfail[name] = reason
    if errors:
        die("bad xfail list:\n  " + "\n  ".join(errors))
    return xfail


def read_tolerances(path: Path) -> dict[str, tuple[float, float]]:
    tols: dict[str, tuple[float, float]] = {}
    if not path.exists():
        return tols
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, *fields = line.split()
        kv = dict(f.split("=", 1) for f in fields if "=" in f)
        try:
            tols[name] = (float(kv.get("rtol", DEFAULT_RTOL)),
                          float(kv.get("atol", DEFAULT_ATOL)))
        except ValueError:
            die(f"{path}:{n}: bad tolerance line: {raw!r}")
    return tols


# --------------------------------------------------------------------------
# Test discovery
# --------------------------------------------------------------------------

@dataclasses.dataclass
class NodeTest:
    name: str  # "<source>/<test_name>"
    source: str
    model: Path
    data_sets: list[Path]
    ops: set[str]
    opset: int | None = None  # default-domain opset the model imports
    input_types: list[str] = dataclasses.field(default_factory=list)
    output_types: list[str] = dataclasses.field(default_factory=list)


def type_name(onnx, tp) -> str:
    """`float`, `int64`, `sequence(float)`, ... for a TypeProto."""
    kind = tp.WhichOneof("value")
    if kind == "tensor_type":
        return elem_name(onnx, tp.tensor_type.elem_type)
    if kind == "sparse_tensor_type":
        return f"sparse({elem_name(onnx, tp.sparse_tensor_type.elem_type)})"
    if kind in ("sequence_type", "optional_type"):
        inner = getattr(tp, kind).elem_type
        return f"{kind.removesuffix('_type')}({type_name(onnx, inner)})"
    if kind == "map_type":
        return (f"map({elem_name(onnx, tp.map_type.key_type)}, "
                f"{type_name(onnx, tp.map_type.value_type)})")
    return kind or "unknown"


def elem_name(onnx, elem_type: int) -> str:
    try:
        return onnx.TensorProto.DataType.Name(elem_type).lower()
    except ValueError:
        return f"elem{elem_type}"


def model_ops(onnx, model_path: Path) -> set[str]:
    """Op types of the graph, subgraphs included; other domains are qualified."""
    return model_info(onnx, model_path)[0]


def model_info(onnx, model_path: Path):
    """(ops as model_ops describes them, default-domain opset, input types,
    output types) of a model file."""
    model = onnx.load(str(model_path), load_external_data=False)
    ops: set[str] = set()

    def walk(graph) -> None:
        for node in graph.node:
            domain = node.domain
            ops.add(node.op_type if domain in ("", "ai.onnx")
                    else f"{domain}::{node.op_type}")
            for attr in node.attribute:
                if attr.HasField("g"):
                    walk(attr.g)
                for g in attr.graphs:
                    walk(g)

    walk(model.graph)
    # aicc and aicc-run handle tensors only; a graph input or output of another
    # kind (sequence, optional, map) counts as a pseudo-op such as `<sequence>`,
    # so these tests are skipped unless ops.txt lists the pseudo-op.
    for v in list(model.graph.input) + list(model.graph.output):
        kind = v.type.WhichOneof("value")
        if kind != "tensor_type":
            ops.add(f"<{(kind or 'unknown').removesuffix('_type')}>")
    opset = next((o.version for o in model.opset_import
                  if o.domain in ("", "ai.onnx")), None)
    return (ops, opset,
            [type_name(onnx, v.type) for v in model.graph.input],
            [type_name(onnx, v.type) for v in model.graph.output])


def discover(onnx, source: str, root: Path) -> list[NodeTest]:
    tests = []
    if not root.is_dir():
        return tests
    for d in sorted(root.iterdir()):
        model = d / "model.onnx"
        if not model.is_file():
            continue
        data_sets = sorted(p for p in d.glob("test_data_set_*") if p.is_dir())
        try:
            ops, opset, ins, outs = model_info(onnx, model)
        except Exception as e:  # an unreadable model is not aicc's fault
            print(f"warning: {source}/{d.name}: cannot read model: {e}",
                  file=sys.stderr)
            continue
        tests.append(NodeTest(f"{source}/{d.name}", source, model, data_sets, ops,
                              opset, ins, outs))
    return tests


def write_value(numpy_helper, TensorProto, value_info, value, path: Path) -> None:
    """Serialises one input or output the way onnx's own data generator does."""
    t = value_info.type
    if t.HasField("map_type"):
        proto = numpy_helper.from_dict(value, value_info.name)
    elif t.HasField("sequence_type"):
        proto = numpy_helper.from_list(value, value_info.name)
    elif t.HasField("optional_type"):
        proto = numpy_helper.from_optional(value, value_info.name)
    elif isinstance(value, TensorProto):
        proto = value
    else:
        proto = numpy_helper.from_array(value, value_info.name)
    path.write_bytes(proto.SerializeToString())


def write_onnx_cases(onnx, cache: Path) -> None:
    """Writes the onnx package's node test cases into `cache`, unless fresh."""
    stamp = cache / ".stamp"
    key = f"onnx {onnx.__version__} format {CACHE_FORMAT}"
    if stamp.is_file() and stamp.read_text().strip() == key:
        return
    import warnings

    from onnx import TensorProto, numpy_helper
    import onnx.backend.test.case.node as node_cases

    print(f"writing onnx {onnx.__version__} node tests into {cache} ...",
          flush=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the generators divide by zero on purpose
        cases = node_cases.collect_testcases()
    cache.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the cache and swap it in, so an interrupted run never
    # leaves a half-written cache behind a valid stamp.
    tmp = Path(tempfile.mkdtemp(prefix=cache.name + ".", dir=cache.parent))
    for case in cases:
        out = tmp / case.name
        out.mkdir()
        (out / "model.onnx").write_bytes(case.model.SerializeToString())
        graph = case.model.graph
        for i, (inputs, outputs) in enumerate(case.data_sets):
            ds = out / f"test_data_set_{i}"
            ds.mkdir()
            for j, value in enumerate(inputs):
                write_value(numpy_helper, TensorProto, graph.input[j], value,
                            ds / f"input_{j}.pb")
            for j, value in enumerate(outputs):
                write_value(numpy_helper, TensorProto, graph.output[j], value,
                            ds / f"output_{j}.pb")
    (tmp / ".stamp").write_text(key + "\n")
    if cache.exists():
        old = Path(tempfile.mkdtemp(prefix=cache.name + ".old.", dir=cache.parent))
        cache.rename(old / "x")
        shutil.rmtree(old)
    tmp.rename(cache)
    print(f"wrote {len(cases)} node tests", flush=True)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

@dataclasses.dataclass
class Result:
    test: NodeTest
    status: str  # pass | fail | crash | timeout | run-crash | error
    detail: str = ""  # one line
    stderr: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "pass"


def run_tool(cmd: list[str], deadline: float):
    """Runs cmd in its own process group; returns (rc, stdout+stderr, timed_out).
    rc is None when the command could not be started."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None, "", True
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:  # e.g. the binary is being relinked right now
        return None, f"cannot start {cmd[0]}: {e}", False
    try:
        out, _ = proc.communicate(timeout=remaining)
        return proc.returncode, out.decode(errors="replace"), False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the child we started
        except ProcessLookupError:
            pass
        out, _ = proc.communicate()
        return proc.returncode, out.decode(errors="replace"), True


def signal_name(rc: int) -> str | None:
    """The signal that ended a process, from its exit status, if any."""
    num = -rc if rc < 0 else (rc - 128 if rc in SHELL_SIGNAL_CODES else None)
    if num is None:
        return None
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def first_error_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        if "error" in ln.lower() or "mismatch" in ln.lower():
            return ln[:200]
    return lines[0][:200] if lines else "(no output)"


def run_one(test: NodeTest, args, tols) -> Result:
    start = time.monotonic()
    deadline = start + args.timeout
    rtol, atol = tols.get(test.name, (DEFAULT_RTOL, DEFAULT_ATOL))
    work = Path(tempfile.mkdtemp(prefix="aicc-node-", dir=args.work_dir))
    try:
        if containers.has_containers(test.input_types, test.output_types):
            return run_containers(test, args, work, deadline, rtol, atol)
        so = work / "m.so"
        failure = compile_model(test, args, so, [], deadline)
        if failure:
            return failure
        if not test.data_sets:
            return Result(test, "error", "test has no data sets")
        for ds in test.data_sets:
            rc, out, timed_out = run_tool(
                [args.aicc_run, str(so), "--compare", str(ds),
                 "--rtol", repr(rtol), "--atol", repr(atol)], deadline)
            failure = run_failure(test, args, rc, out, timed_out, ds.name)
            if failure:
                return failure
        return Result(test, "pass")
    finally:
        if args.keep_work:
            pass
        else:
            shutil.rmtree(work, ignore_errors=True)


def compile_model(test: NodeTest, args, so: Path, flags: list[str],
                  deadline: float) -> Result | None:
    """Compiles test.model into `so`; a Result only when that failed."""
    rc, out, timed_out = run_tool(
        [args.aicc, str(test.model), "-target=cpu", *flags, "-o", str(so)], deadline)
    if timed_out:
        return Result(test, "timeout", f"aicc timed out after {args.timeout:g} s", out)
    if rc is None:
        return Result(test, "error", out, out)
    sig = signal_name(rc)
    if sig:
        return Result(test, "crash", f"aicc crashed ({sig})", out)
    if rc != 0:
        return Result(test, "fail", first_error_line(out), out)
    return None


def run_failure(test: NodeTest, args, rc, out: str, timed_out: bool,
                where: str) -> Result | None:
    """The Result of an aicc-run on data set `where` that did not pass."""
    if timed_out:
        return Result(test, "timeout",
                      f"aicc-run timed out after {args.timeout:g} s ({where})", out)
    if rc is None:
        return Result(test, "error", out, out)
    sig = signal_name(rc)
    if sig:
        return Result(test, "run-crash", f"aicc-run crashed ({sig}, {where})", out)
    if rc != 0:
        return Result(test, "fail", f"{where}: {first_error_line(out)}", out)
    return None


def run_containers(test: NodeTest, args, work: Path, deadline: float,
                   rtol: float, atol: float) -> Result:
    """A test with sequence or optional inputs/outputs: per data set, the
    flags its sequence lengths and empty optionals need, a compile with them
    and a run on the flattened data (containers.py), which must give as many
    outputs as the flattened expected ones."""
    import onnx

    if not test.data_sets:
        return Result(test, "error", "test has no data sets")
    for i, ds in enumerate(test.data_sets):
        flat = work / f"flat_{i}"
        flags, n_out = containers.flatten_data_set(onnx, test.model, ds, flat)
        so = work / f"m_{i}.so"
        failure = compile_model(test, args, so, flags, deadline)
        if failure:
            return failure
        outs = work / f"out_{i}"
        rc, out, timed_out = run_tool(
            [args.aicc_run, str(so), "--compare", str(flat), "--output-dir", str(outs),
             "--rtol", repr(rtol), "--atol", repr(atol)], deadline)
        where = ds.name
        failure = run_failure(test, args, rc, out, timed_out, where)
        if failure:
            return failure
        got = len(list(outs.glob("output_*.npy"))) if outs.is_dir() else 0
        if got != n_out:
            return Result(test, "fail",
                          f"{where}: {got} outputs, the flattened reference has {n_out}")
    return Result(test, "pass")


def head(text: str, n: int = STDERR_LINES) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    more = f"\n      ... ({len(lines) - n} more lines)" if len(lines) > n else ""
    return "\n".join("      " + ln[:300] for ln in lines[:n]) + more


def update_xfail(path: Path, old: dict[str, str], results: list[Result]) -> None:
    """Rewrites xfail.txt: current failures, keeping reasons and untouched entries."""
    ran = {r.test.name for r in results}
    new = {name: reason for name, reason in old.items() if name not in ran}
    for r in results:
        if not r.passed:
            # Keep reasons stable across machines and runs: no absolute paths.
            detail = clean_detail(r)
            reason = old.get(r.test.name) or f"{r.status}: {detail}"[:160]
            new[r.test.name] = reason.replace("\n", " ")
    header = [ln for ln in (path.read_text().splitlines() if path.exists() else [])
              if ln.startswith("#")]
    if not header:
        header = ["# Expected failures of run_node_tests.py: `<source>/<test>  # <reason>`.",
                  "# Every line needs a reason. This list only shrinks: an entry that",
                  "# passes fails the run until it is removed."]
    width = max((len(n) for n in new), default=0)
    body = [f"{n.ljust(width)}  # {new[n]}" for n in sorted(new)]
    path.write_text("\n".join(header + body) + "\n")
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    print(f"updated {path}: {len(new)} entries (+{len(added)} -{len(removed)})")
    for n in added:
        print(f"  + {n}")
    for n in removed:
        print(f"  - {n}")


def clean_detail(r: Result) -> str:
    """r.detail without the paths of this machine and run."""
    detail = r.detail.replace(str(r.test.model.parent) + os.sep, "")
    detail = re.sub(r"[^\s'\"]*/aicc-node-[^/\s]+/", "", detail)
    return detail.replace("aicc: error: ", "")


def write_report(args, onnx, supported: set[str], xfail: dict[str, str],
                 results: list[Result], skipped_tests: list[NodeTest]) -> None:
    """Writes args.report: a header and one record per test, sorted by name.

    status is `pass`, `xfail` (failed and listed in xfail.txt), `fail` (failed
    unexpectedly; `result` says how: fail, crash, timeout, ...) or
    `skipped-unsupported-op` (`missing_ops` lists the ops not in ops.txt).
    A listed test that passes is `pass` with `unexpected_pass` set."""
    records = []

    def record(t: NodeTest, status: str, **extra) -> dict:
        rec = {"source": t.source, "name": t.name.split("/", 1)[1],
               "ops": sorted(t.ops), "opset": t.opset,
               "input_types": t.input_types, "output_types": t.output_types,
               "status": status}
        rec.update(extra)
        if t.name in xfail:
            rec["xfail_reason"] = xfail[t.name]
        return rec

    for r in results:
        listed = r.test.name in xfail
        if r.passed:
            records.append(record(r.test, "pass", **(
                {"unexpected_pass": True} if listed else {})))
        else:
            records.append(record(r.test, "xfail" if listed else "fail",
                                  result=r.status, error=clean_detail(r)))
    for t in skipped_tests:
        records.append(record(t, "skipped-unsupported-op",
                              missing_ops=sorted(t.ops - supported)))
    records.sort(key=lambda rec: (rec["source"], rec["name"]))
    report = {
        "format": 1,
        "generated": datetime.datetime.now(datetime.timezone.utc)
                     .isoformat(timespec="seconds"),
        "onnx_version": onnx.__version__,
        "filter": args.filter,
        "supported_ops": sorted(supported),
        "tests": records,
    }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {args.report}: {len(records)} tests")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    bin_dir = ROOT / "build" / "bin"
    p.add_argument("--filter", help="run only tests whose <source>/<name> matches REGEX")
    p.add_argument("-j", "--jobs", type=int, default=2, help="parallel tests (default 2)")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds per test, compile and all data sets (default 60)")
    p.add_argument("--update-xfail", action="store_true",
                   help="rewrite xfail.txt with the current failures")
    p.add_argument("--aicc", default=str(bin_dir / "aicc"))
    p.add_argument("--aicc-run", default=str(bin_dir / "aicc-run"))
    p.add_argument("--ops", type=Path, default=HERE / "ops.txt")
    p.add_argument("--xfail", type=Path, default=HERE / "xfail.txt")
    p.add_argument("--tolerances", type=Path, default=HERE / "tolerances.txt")
    p.add_argument("--debian-dir", type=Path, default=DEBIAN_NODE_DIR)
    p.add_argument("--onnx-cache", type=Path, default=ROOT / "build" / "onnx-node-tests")
    p.add_argument("--source", choices=["debian", "onnx", "all"], default="all")
    p.add_argument("--work-dir", default=None, help="where temporary .so files go")
    p.add_argument("--keep-work", action="store_true", help="keep temporary dirs")
    p.add_argument("--list", action="store_true",
                   help="list the selected tests and their counts; run nothing")
    p.add_argument("-v", "--verbose", action="store_true", help="print every result")
    p.add_argument("--report", type=Path, metavar="FILE.json",
                   help="also write one JSON record per test, skipped ones "
                        "included (see write_report)")
    return p.parse_args(argv)


def check_tool(path: str, what: str) -> str:
    resolved = shutil.which(path) if os.sep not in path else path
    if not resolved or not os.access(resolved, os.X_OK) or os.path.isdir(resolved):
        die(f"{what} not found or not executable: {path} "
            f"(build it first, or pass --{what})")
    return os.path.abspath(resolved)


def main(argv=None) -> int:
    args = parse_args(argv)
    onnx = import_onnx()
    ops = read_ops(args.ops)
    xfail = read_xfail(args.xfail)
    tols = read_tolerances(args.tolerances)
    flt = re.compile(args.filter) if args.filter else None

    sources = []
    if args.source in ("debian", "all"):
        if not args.debian_dir.is_dir():
            print(f"warning: {args.debian_dir} missing (install libonnx-testdata); "
                  "no debian/ tests", file=sys.stderr)
        sources.append(("debian", args.debian_dir))
    if args.source in ("onnx", "all"):
        write_onnx_cases(onnx, args.onnx_cache)
        sources.append(("onnx", args.onnx_cache))

    selected: list[NodeTest] = []
    skipped_tests: list[NodeTest] = []
    skipped: dict[str, int] = {s: 0 for s, _ in sources}
    total: dict[str, int] = {s: 0 for s, _ in sources}
    for source, root in sources:
        for t in discover(onnx, source, root):
            if flt and not flt.search(t.name):
                continue
            total[source] += 1
            if t.ops <= ops:
                selected.append(t)
            else:
                skipped[source] += 1
                skipped_tests.append(t)

    if not args.list:
        # ops.txt decides which tests run; it must not claim an op the importer
        # lacks (`aicc --list-ops` lists what it registers).
        listed = subprocess.run([args.aicc, "--list-ops"], capture_output=True, text=True)
        registered = {ln.split()[0] for ln in listed.stdout.splitlines()
                      if ln.startswith("  ") and ln.strip()}
        if listed.returncode != 0 or not registered:
            die(f"{args.aicc} --list-ops failed: {listed.stderr.strip()}")
        claimed = sorted(op for op in ops if not op.startswith("<") and op not in registered)
        if claimed:
            die(f"ops.txt lists ops aicc does not import: {', '.join(claimed)}")

    unknown = [n for n in xfail if n.split("/", 1)[0] not in ("debian", "onnx")]
    if unknown:
        die(f"xfail entries with an unknown source prefix: {', '.join(unknown)}")

    if args.list:
        for t in selected:
            mark = "  [xfail]" if t.name in xfail else ""
            print(f"{t.name}  ({len(t.data_sets)} data sets; {', '.join(sorted(t.ops))}){mark}")
        for s in total:
            n = sum(1 for t in selected if t.source == s)
            print(f"{s}: {n} runnable, {skipped[s]} skipped (unsupported ops), "
                  f"{total[s]} total")
        print(f"{len(selected)} selected, {sum(skipped.values())} skipped")
        return 0

    args.aicc = check_tool(args.aicc, "aicc")
    args.aicc_run = check_tool(args.aicc_run, "aicc-run")
    if args.work_dir:
        Path(args.work_dir).mkdir(parents=True, exist_ok=True)

    results: list[Result] = []
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, t, args, tols) for t in selected]
        for fut in concurrent.futures.as_completed(futures):
            r = fut.result()
            results.append(r)
            expected = r.test.name in xfail
            if args.verbose or (r.passed == expected):
                tag = {True: "PASS", False: r.status.upper()}[r.passed]
                note = " (expected)" if expected and not r.passed else ""
                note = " (UNEXPECTED PASS)" if expected and r.passed else note
                print(f"[{len(results)}/{len(selected)}] {tag}{note} {r.test.name}"
                      + (f": {r.detail}" if r.detail else ""), flush=True)
    results.sort(key=lambda r: r.test.name)
    elapsed = time.monotonic() - started

    new_fail = [r for r in results if not r.passed and r.test.name not in xfail]
    new_pass = [r for r in results if r.passed and r.test.name in xfail]
    xfailed = [r for r in results if not r.passed and r.test.name in xfail]
    passed = [r for r in results if r.passed and r.test.name not in xfail]

    if args.update_xfail:
        update_xfail(args.xfail, xfail, results)
    if args.report:
        write_report(args, onnx, ops, xfail, results, skipped_tests)

    if new_fail:
        print(f"\nunexpected failures ({len(new_fail)}):")
        for r in new_fail:
            print(f"  {r.test.name}: [{r.status}] {r.detail}")
            if r.stderr.strip():
                print(head(r.stderr))
    if new_pass:
        print(f"\nunexpected passes ({len(new_pass)}): remove them from {args.xfail}")
        for r in new_pass:
            print(f"  {r.test.name}  # was: {xfail[r.test.name]}")
    crashes = [r for r in results if r.status in ("crash", "run-crash")]
    if crashes:
        print(f"\ncrashes ({len(crashes)}): "
              + ", ".join(f"{r.test.name} [{r.detail}]" for r in crashes))

    per_source = []
    for s in total:
        rs = [r for r in results if r.test.source == s]
        per_source.append(
            f"{s}: {sum(r.passed for r in rs)} passed, "
            f"{sum(not r.passed for r in rs)} failed "
            f"({sum(not r.passed and r.test.name in xfail for r in rs)} xfail), "
            f"{skipped[s]} skipped of {total[s]}")
    print(f"\n{len(xfailed)} xfailed, {len(crashes)} crashed, {elapsed:.0f} s; "
          + "; ".join(per_source))
    n_failed = len(new_fail) + len(new_pass)
    print(f"{len(passed)} passed, {n_failed} failed, {sum(skipped.values())} skipped")
    if args.update_xfail:
        return 0
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())

//===- ControlFlowOps.cpp - Scan, Loop and If unrolled at compile time -----===//
//
// aicc has no control flow in its dialect: the subgraphs are imported inline
// (importSubgraph) once per iteration or branch.
//
//   Scan: one copy of the body per step of the static sequence; the states
//         thread through, the scan inputs are sliced at the step (read
//         backwards for reverse directions) and the scan outputs are
//         stacked along their axes (in reverse for reverse directions).
//         A sequence longer than kMaxUnrolledSteps runs as an `aicc.loop`
//         (RuntimeLoop.cpp) that reads and writes the rows of step i.
//         Opset 8 has a leading batch dim on every input: the batches are
//         scanned one after another and restacked.
//   Loop: unrolled when the trip count and every condition are compile-time
//         constants (at most kMaxUnrolledSteps iterations; it lets shapes
//         specialise); scan outputs stack along a new axis 0. A trip count
//         or condition known only at run time with scan outputs of declared
//         length also unrolls, to that length, checked when it runs. Other
//         loops (a run-time M or condition, more iterations, a condition the
//         body computes at run time) run as an `aicc.loop` (RuntimeLoop.cpp),
//         after the iterations already unrolled when the body's condition
//         turned out to be a run-time value.
//   If:   a constant condition imports one branch; a run-time one imports
//         both and selects with `where` (the branches have no side
//         effects), which needs outputs of the same type.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Most copies of a body an unrolled Scan or Loop may make.
static constexpr int64_t kMaxUnrolledSteps = 4096;

static const onnx::GraphProto *graphAttr(ImportContext &ic, StringRef name) {
  const onnx::AttributeProto *a = ic.findAttr(name);
  if (!a || a->type() != onnx::AttributeProto::GRAPH) {
    ic.emitError() << "expects the graph attribute '" << name << "'";
    return nullptr;
  }
  return &a->g();
}

/// `v` with a unit dim inserted at `axis`.
static FailureOr<Value> unsqueezeAt(ImportContext &ic, Value v, int64_t axis) {
  SmallVector<int64_t> shape(shapeOf(v));
  shape.insert(shape.begin() + axis, 1);
  return ic.reshape(v, shape);
}

/// Stacks `parts` (all of one shape) along a new dim `axis`.
static FailureOr<Value> stack(ImportContext &ic, ArrayRef<Value> parts, int64_t axis) {
  DecompositionBuilder b(ic);
  SmallVector<DecompositionBuilder::V> expanded;
  for (Value p : parts)
    expanded.push_back(unsqueezeAt(ic, p, axis));
  return b.concat(expanded, axis);
}

/// The `k`-th value of every iteration, stacked along a new leading dim.
static FailureOr<Value> stackIterations(ImportContext &ic,
                                        ArrayRef<SmallVector<Value>> iterations, size_t k) {
  SmallVector<Value> parts;
  for (const SmallVector<Value> &outs : iterations)
    parts.push_back(outs[k]);
  return stack(ic, parts, 0);
}

/// Ends a control-flow op: the outer graph's bindings come back (the
/// subgraph's names go out of scope) and `results` become the node's.
static LogicalResult finishSubgraphOp(ImportContext &ic, llvm::StringMap<Value> saved,
                                      ArrayRef<Value> results) {
  ic.restoreBindings(std::move(saved));
  for (auto [i, v] : llvm::enumerate(results))
    ic.setResult(i, v);
  return success();
}

namespace {
/// What one Scan (without batch) runs on and produces.
struct ScanRun {
  SmallVector<Value> states, scans;
  SmallVector<int64_t> inAxes, inDirs, outAxes, outDirs;
};
} // namespace

/// Runs the body over the steps of `run`, leaving the final states in
/// `run.states` and returning the stacked scan outputs.
static FailureOr<SmallVector<Value>> scanSteps(ImportContext &ic, const onnx::GraphProto &body,
                                               ScanRun &run) {
  DecompositionBuilder b(ic);
  int64_t steps = -1;
  for (auto [j, v] : llvm::enumerate(run.scans)) {
    int64_t rank = shapeOf(v).size();
    FailureOr<int64_t> axis = ic.normaliseAxis(run.inAxes[j], rank, "scan_input_axes");
    if (failed(axis))
      return failure();
    run.inAxes[j] = *axis;
    int64_t len = shapeOf(v)[*axis];
    if (steps >= 0 && len != steps)
      return ic.emitError() << "scan input " << j << " has " << len << " steps, not " << steps;
    steps = len;
  }
  if (steps <= 0)
    return ic.emitError() << "Scan needs at least one step of at least one scan input";
  if (steps > kMaxUnrolledSteps) {
    // Too long to unroll: one copy of the body in an aicc.loop.
    ScanAxes axes{run.inAxes, run.inDirs, run.outAxes, run.outDirs};
    FailureOr<SmallVector<Value>> outs =
        importScanAsLoop(ic, body, run.states, run.scans, axes, steps);
    if (failed(outs))
      return failure();
    size_t numStates = run.states.size();
    run.states.assign(outs->begin(), outs->begin() + numStates);
    return SmallVector<Value>(outs->begin() + numStates, outs->end());
  }
  size_t numStates = run.states.size();
  SmallVector<SmallVector<Value>> perStep;
  for (int64_t t = 0; t < steps; ++t) {
    SmallVector<Value> inputs(run.states);
    for (auto [j, v] : llvm::enumerate(run.scans)) {
      int64_t axis = run.inAxes[j], at = run.inDirs[j] ? steps - 1 - t : t;
      SmallVector<int64_t> shape(shapeOf(v));
      shape.erase(shape.begin() + axis);
      FailureOr<Value> slice = b.reshape(b.sliceDim(v, axis, at, at + 1), shape);
      if (failed(slice))
        return failure();
      inputs.push_back(*slice);
    }
    FailureOr<SmallVector<Value>> outs = importSubgraph(ic, body, inputs);
    if (failed(outs))
      return failure();
    if (outs->size() < numStates)
      return ic.emitError() << "the Scan body has " << outs->size() << " outputs, fewer than "
                            << numStates << " states";
    for (size_t k = 0; k < numStates; ++k) {
      if ((*outs)[k].getType() != run.states[k].getType())
        return ic.emitError() << "state " << k << " of the Scan body changes type from "
                              << run.states[k].getType() << " to " << (*outs)[k].getType();
      run.states[k] = (*outs)[k];
    }
    perStep.emplace_back(outs->begin() + numStates, outs->end());
  }
  SmallVector<Value> stacked;
  size_t numScanOut = perStep.front().size();
  for (size_t k = 0; k < numScanOut; ++k) {
    SmallVector<Value> parts;
    for (auto &step : perStep)
      parts.push_back(step[k]);
    int64_t dir = k < run.outDirs.size() ? run.outDirs[k] : 0;
    int64_t axis = k < run.outAxes.size() ? run.outAxes[k] : 0;
    FailureOr<int64_t> norm =
        ic.normaliseAxis(axis, shapeOf(parts.front()).size() + 1, "scan_output_axes");
    if (failed(norm))
      return failure();
    if (dir)
      std::reverse(parts.begin(), parts.end());
    FailureOr<Value> s = stack(ic, parts, *norm);
    if (failed(s))
      return failure();
    stacked.push_back(*s);
  }
  return stacked;
}

/// The per-input values of an ints attribute, defaulting to 0.
static SmallVector<int64_t> intsOr0(ImportContext &ic, StringRef name, size_t n) {
  SmallVector<int64_t> v = ic.getInts(name).value_or(SmallVector<int64_t>());
  v.resize(std::max(v.size(), n), 0);
  return v;
}

static LogicalResult importScan(ImportContext &ic) {
  const onnx::GraphProto *body = graphAttr(ic, "body");
  if (!body)
    return failure();
  int64_t numScanIn = ic.getInt("num_scan_inputs", -1);
  bool batched = ic.getOpset() < 9;
  unsigned first = batched ? 1 : 0;
  int64_t numIn = ic.getNumInputs() - first;
  if (numScanIn < 1 || numScanIn > numIn)
    return ic.emitError() << "attribute 'num_scan_inputs' value " << numScanIn
                          << " does not fit the " << numIn << " inputs";
  int64_t numStates = numIn - numScanIn;
  SmallVector<Value> inputs;
  for (int64_t i = 0; i < numIn; ++i) {
    FailureOr<Value> v = ic.input(first + i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  ScanRun run;
  run.states.assign(inputs.begin(), inputs.begin() + numStates);
  run.scans.assign(inputs.begin() + numStates, inputs.end());
  llvm::StringMap<Value> saved = ic.saveBindings();
  SmallVector<Value> results;
  if (!batched) {
    run.inAxes = intsOr0(ic, "scan_input_axes", numScanIn);
    run.inDirs = intsOr0(ic, "scan_input_directions", numScanIn);
    run.outAxes = intsOr0(ic, "scan_output_axes", 0);
    run.outDirs = intsOr0(ic, "scan_output_directions", 0);
    FailureOr<SmallVector<Value>> scanned = scanSteps(ic, *body, run);
    if (failed(scanned))
      return failure();
    results.append(run.states);
    results.append(*scanned);
  } else {
    // Opset 8: batch dim 0 everywhere, the sequence along dim 1 of the scan
    // inputs; sequence_lens (input 0) must cover the whole sequence.
    if (shapeOf(inputs.front()).empty() || shapeOf(run.scans.front()).size() < 2)
      return ic.emitError() << "an opset-8 Scan needs batched inputs";
    int64_t batch = shapeOf(inputs.front())[0], seq = shapeOf(run.scans.front())[1];
    if (ic.hasInput(0)) {
      FailureOr<SmallVector<int64_t>> lens = ic.requireConstInts(0, "sequence_lens");
      if (failed(lens))
        return failure();
      if (llvm::any_of(*lens, [&](int64_t l) { return l != seq; }))
        return ic.emitError() << "'sequence_lens' shorter than the sequence (" << seq
                              << ") are not supported";
    }
    DecompositionBuilder b(ic);
    SmallVector<SmallVector<Value>> perBatch;
    for (int64_t n = 0; n < batch; ++n) {
      ScanRun one;
      auto row = [&](Value v) {
        return b.reshape(b.sliceDim(v, 0, n, n + 1), shapeOf(v).drop_front());
      };
      for (Value v : inputs) {
        if (shapeOf(v).empty() || shapeOf(v)[0] != batch)
          return ic.emitError() << "the inputs of an opset-8 Scan must share batch dim 0";
        FailureOr<Value> r = row(v);
        if (failed(r))
          return failure();
        (one.states.size() < (size_t)numStates ? one.states : one.scans).push_back(*r);
      }
      one.inAxes.assign(numScanIn, 0);
      one.inDirs = intsOr0(ic, "directions", numScanIn);
      FailureOr<SmallVector<Value>> scanned = scanSteps(ic, *body, one);
      if (failed(scanned))
        return failure();
      perBatch.push_back(one.states);
      perBatch.back().append(*scanned);
    }
    for (size_t k = 0; k < perBatch.front().size(); ++k) {
      FailureOr<Value> s = stackIterations(ic, perBatch, k);
      if (failed(s))
        return failure();
      results.push_back(*s);
    }
  }
  return finishSubgraphOp(ic, std::move(saved), results);
}

/// The iteration count the node's declared scan outputs give (their static
/// dim 0, all equal), if any.
static std::optional<int64_t> declaredIterations(ImportContext &ic, unsigned firstScan,
                                                 unsigned numScan) {
  std::optional<int64_t> n;
  for (unsigned k = 0; k < numScan; ++k) {
    RankedTensorType t = ic.declaredResultType(firstScan + k);
    if (!t || t.getRank() == 0 || t.isDynamicDim(0) || (n && *n != t.getDimSize(0)))
      return std::nullopt;
    n = t.getDimSize(0);
  }
  return n;
}

/// Loop, unrolled or as an `aicc.loop`. When the trip count `M` or a
/// condition is known only at run time and the scan outputs declare their
/// length, the loop unrolls to it, and the run checks that `M` and the
/// conditions stop the loop after exactly that many iterations.
static LogicalResult importLoop(ImportContext &ic) {
  const onnx::GraphProto *body = graphAttr(ic, "body");
  if (!body)
    return failure();
  DecompositionBuilder b(ic);
  std::optional<int64_t> trips;
  Value runtimeTrips, runtimeCond;
  if (ic.hasInput(0)) {
    if (std::optional<SmallVector<int64_t>> m = ic.getConstInts(0)) {
      if (m->size() != 1)
        return ic.emitError() << "'M' must have one element";
      trips = m->front();
    } else {
      FailureOr<Value> count = scalarInput(ic, 0, "M");
      if (failed(count))
        return failure();
      runtimeTrips = *count;
    }
  }
  bool cond = true;
  if (ic.hasInput(1)) {
    if (std::optional<SmallVector<int64_t>> c = ic.getConstInts(1)) {
      cond = c->size() == 1 && c->front() != 0;
    } else {
      FailureOr<Value> flag = scalarInput(ic, 1, "cond");
      if (failed(flag))
        return failure();
      runtimeCond = *flag;
    }
  }
  SmallVector<Value> carried;
  for (unsigned i = 2; i < ic.getNumInputs(); ++i) {
    FailureOr<Value> v = ic.input(i);
    if (failed(v))
      return failure();
    carried.push_back(*v);
  }
  int64_t numScanOut = body->output_size() - 1 - (int64_t)carried.size();
  std::optional<int64_t> declared =
      numScanOut > 0 ? declaredIterations(ic, carried.size(), numScanOut) : std::nullopt;
  // Unroll constant loops of a few iterations, and run-time ones whose
  // declared scan outputs give the count; the rest runs as a loop.
  bool unrollDeclared = declared && *declared <= kMaxUnrolledSteps;
  if (!unrollDeclared && cond &&
      (runtimeTrips || runtimeCond || !trips || *trips > kMaxUnrolledSteps)) {
    Value tripsValue = runtimeTrips;
    if (trips) // exact: a double would round M = INT64_MAX
      tripsValue = ic.constant(DenseElementsAttr::get(
          RankedTensorType::get({}, IntegerType::get(ic.getContext(), 64)), *trips));
    Value condValue =
        runtimeCond ? runtimeCond
                    : ic.constant(DenseElementsAttr::get(
                          RankedTensorType::get({}, IntegerType::get(ic.getContext(), 1)),
                          ArrayRef<bool>(cond)));
    llvm::StringMap<Value> saved = ic.saveBindings();
    FailureOr<SmallVector<Value>> results =
        importRuntimeLoop(ic, *body, tripsValue, condValue, carried, 0);
    if (failed(results))
      return failure();
    return finishSubgraphOp(ic, std::move(saved), *results);
  }

  MLIRContext *ctx = ic.getContext();
  llvm::StringMap<Value> saved = ic.saveBindings();
  SmallVector<SmallVector<Value>> perIteration;
  // Facts the run checks when the count is taken from the declared shapes;
  // `runtimeCond` is the condition before the next iteration when it is a
  // run-time value.
  SmallVector<DecompositionBuilder::V> mustHold;
  bool countFromDeclared = false;
  for (int64_t i = 0; cond && !(trips && i >= *trips); ++i) {
    if ((runtimeTrips || runtimeCond) && !declared) {
      // The body computed a run-time condition: the rest runs as a loop.
      Value rest;
      if (trips)
        rest = ic.constant(DenseElementsAttr::get(
            RankedTensorType::get({}, IntegerType::get(ctx, 64)), *trips - i));
      if (numScanOut > 0)
        return ic.emitError() << "the Loop's condition is computed at run time and it has "
                                 "scan outputs: aicc needs their length (dim 0) declared";
      FailureOr<SmallVector<Value>> rem =
          importRuntimeLoop(ic, *body, rest, runtimeCond, carried, i);
      if (failed(rem))
        return failure();
      return finishSubgraphOp(ic, std::move(saved), *rem);
    }
    if (runtimeTrips || runtimeCond) {
      countFromDeclared = true;
      if (i == *declared) {
        // The loop must stop here: M reached or the condition false.
        DecompositionBuilder::V stop = failure();
        if (runtimeTrips)
          stop = b.le(runtimeTrips, b.scalarLike(runtimeTrips, i));
        if (runtimeCond) {
          DecompositionBuilder::V notCond = b.logicalNot(runtimeCond);
          stop = runtimeTrips ? b.logicalOr(stop, notCond) : notCond;
        }
        mustHold.push_back(stop);
        break;
      }
      if (runtimeTrips)
        mustHold.push_back(b.gtS(runtimeTrips, i));
      if (runtimeCond)
        mustHold.push_back(runtimeCond);
    }
    if (i >= kMaxUnrolledSteps)
      return ic.emitError() << "Loop of more than " << kMaxUnrolledSteps
                            << " iterations is longer than aicc unrolls";
    // Iteration i runs only when its condition holds, so the body sees true.
    bool yes = true;
    SmallVector<Value> inputs{ic.scalar(IntegerType::get(ctx, 64), i),
                              ic.constant(DenseElementsAttr::get(
                                  RankedTensorType::get({}, IntegerType::get(ctx, 1)),
                                  ArrayRef<bool>(yes)))};
    inputs.append(carried);
    FailureOr<SmallVector<Value>> outs = importSubgraph(ic, *body, inputs);
    if (failed(outs))
      return failure();
    if (outs->size() < carried.size() + 1)
      return ic.emitError() << "the Loop body has too few outputs";
    if (std::optional<DenseElementsAttr> c = ImportContext::getConstant(outs->front())) {
      if (c->getNumElements() != 1)
        return ic.emitError() << "the Loop body's condition must have one element";
      cond = denseToInts(*c).front() != 0;
      runtimeCond = Value();
    } else {
      FailureOr<Value> flag = ic.reshape(outs->front(), {});
      if (failed(flag))
        return failure();
      runtimeCond = *flag;
    }
    for (size_t k = 0; k < carried.size(); ++k)
      carried[k] = (*outs)[k + 1];
    perIteration.emplace_back(outs->begin() + 1 + carried.size(), outs->end());
  }
  if (countFromDeclared && (int64_t)perIteration.size() != *declared)
    return ic.emitError() << "the Loop stops after " << perIteration.size()
                          << " iterations, but its scan outputs declare " << *declared;
  if (numScanOut > 0 && perIteration.empty())
    return ic.emitError() << "a Loop with scan outputs must run at least once";
  SmallVector<Value> results(carried);
  for (int64_t k = 0; k < numScanOut; ++k) {
    FailureOr<Value> s = stackIterations(ic, perIteration, k);
    if (failed(s))
      return failure();
    results.push_back(*s);
  }
  if (!mustHold.empty()) {
    DecompositionBuilder::V all = mustHold.front();
    for (DecompositionBuilder::V fact : ArrayRef(mustHold).drop_front())
      all = b.logicalAnd(all, fact);
    if (failed(all))
      return failure();
    for (Value &r : results) {
      FailureOr<Value> guarded =
          checked(ic, *all, r,
                  "M and the conditions do not stop the Loop after the " +
                      Twine(*declared) + " iterations its declared scan outputs give");
      if (failed(guarded))
        return failure();
      r = *guarded;
    }
  }
  return finishSubgraphOp(ic, std::move(saved), results);
}

static LogicalResult importIf(ImportContext &ic) {
  const onnx::GraphProto *thenBranch = graphAttr(ic, "then_branch");
  const onnx::GraphProto *elseBranch = graphAttr(ic, "else_branch");
  FailureOr<Value> cond = ic.input(0);
  if (!thenBranch || !elseBranch || failed(cond))
    return failure();
  llvm::StringMap<Value> saved = ic.saveBindings();
  SmallVector<Value> results;
  if (std::optional<DenseElementsAttr> c = ImportContext::getConstant(*cond)) {
    if (c->getNumElements() != 1)
      return ic.emitError() << "the condition of If must have one element";
    bool taken = denseToInts(*c).front() != 0;
    FailureOr<SmallVector<Value>> outs =
        importSubgraph(ic, taken ? *thenBranch : *elseBranch, ValueRange());
    if (failed(outs))
      return failure();
    results = *outs;
  } else {
    FailureOr<SmallVector<Value>> thenOuts = importSubgraph(ic, *thenBranch, ValueRange());
    FailureOr<SmallVector<Value>> elseOuts;
    if (failed(thenOuts) || failed(elseOuts = importSubgraph(ic, *elseBranch, ValueRange())))
      return failure();
    if (thenOuts->size() != elseOuts->size())
      return ic.emitError() << "the branches of If have different numbers of outputs";
    FailureOr<Value> flag = ic.reshape(*cond, {});
    if (failed(flag))
      return failure();
    for (auto [t, e] : llvm::zip(*thenOuts, *elseOuts)) {
      FailureOr<Value> r = selectContainers(ic, *flag, t, e);
      if (failed(r))
        return failure();
      results.push_back(*r);
    }
  }
  return finishSubgraphOp(ic, std::move(saved), results);
}

void mlir::aicc::onnx_import::registerControlFlowOps(OpRegistry &r) {
  r["Scan"] = importScan;
  r["Loop"] = importLoop;
  r["If"] = importIf;
}

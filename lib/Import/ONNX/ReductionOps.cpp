//===- ReductionOps.cpp - ReduceX, ArgMax/ArgMin, CumSum/CumProd ------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

namespace {
/// An elementwise step before or after the reduction of a composite ONNX
/// reduction (ReduceL2 = sqrt(sum(x * x)), ...).
using Step = FailureOr<Value> (*)(ImportContext &, Value);

FailureOr<Value> identity(ImportContext &, Value v) { return v; }
FailureOr<Value> square(ImportContext &ic, Value v) { return ic.create<MulOp>(v, v); }
FailureOr<Value> absolute(ImportContext &ic, Value v) { return ic.create<AbsOp>(v); }
FailureOr<Value> squareRoot(ImportContext &ic, Value v) { return ic.create<SqrtOp>(v); }
FailureOr<Value> logarithm(ImportContext &ic, Value v) { return ic.create<LogOp>(v); }
FailureOr<Value> exponential(ImportContext &ic, Value v) { return ic.create<ExpOp>(v); }
} // namespace

/// `axesInputOpset` is the opset from which `axes` is an input (13 for
/// ReduceSum, 18 for the others); `noop_with_empty_axes` exists from then on.
/// `pre` and `post` wrap the aicc reduction for the composite reductions.
template <typename OpTy, int64_t axesInputOpset, Step pre = identity,
          Step post = identity>
static LogicalResult importReduce(ImportContext &ic) {
  FailureOr<Value> input = ic.input(0);
  if (failed(input))
    return failure();
  FailureOr<Value> x = pre(ic, *input);
  if (failed(x))
    return failure();
  int64_t rank = shapeOf(*x).size();
  bool keepdims = ic.getInt("keepdims", 1) != 0;
  auto reduce = [&](ArrayRef<int64_t> axes) -> FailureOr<Value> {
    FailureOr<Value> r = ic.create<OpTy>(*x, axes, keepdims);
    if (failed(r))
      return failure();
    return post(ic, *r);
  };
  if (ic.getOpset() >= axesInputOpset && ic.isRuntimeInput(1) &&
      cast<RankedTensorType>(ic.optionalInput(1).getType()).getNumElements() != 0) {
    // Axes known at run time: build the reductions the declared output shape
    // allows and pick one by the `axes` values.
    FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "axes");
    FailureOr<Value> axes = runtimeIntVector(ic, 1, "axes");
    if (failed(declared) || failed(axes))
      return failure();
    ArrayRef<int64_t> in = shapeOf(*x);
    auto shapeFor = [&](ArrayRef<int64_t> s) -> std::optional<SmallVector<int64_t>> {
      SmallVector<int64_t> shape;
      for (int64_t d = 0; d < rank; ++d) {
        bool reduced = llvm::is_contained(s, d);
        if (!reduced || keepdims)
          shape.push_back(reduced ? 1 : in[d]);
      }
      return shape;
    };
    FailureOr<Value> r = buildForRuntimeAxes(ic, *axes, rank, declared->getShape(),
                                             shapeFor, reduce);
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  }
  auto axes = ic.getAxes(axesInputOpset, 1);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> resolved;
  if (!*axes || (*axes)->empty()) {
    if (ic.getOpset() >= axesInputOpset &&
        ic.getInt("noop_with_empty_axes", 0) != 0) {
      ic.setResult(0, *x);
      return success();
    }
    resolved = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  } else {
    for (int64_t a : **axes) {
      FailureOr<int64_t> n = ic.normaliseAxis(a, rank, "axes");
      if (failed(n))
        return failure();
      resolved.push_back(*n);
    }
    llvm::sort(resolved);
    if (std::adjacent_find(resolved.begin(), resolved.end()) != resolved.end())
      return ic.emitError() << "'axes' has repeated values";
  }
  // Shape subgraphs multiply dims (ReduceProd of a Shape): integer constants
  // reduce on the host.
  if (pre == identity && post == identity)
    if (auto attr = ImportContext::getConstant(*x))
      if (auto folded = hostIntReduce(ic.getOpType(), *attr, resolved, keepdims)) {
        ic.setResult(0, ic.constant(*folded));
        return success();
      }
  FailureOr<Value> r = reduce(resolved);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// ArgMax/ArgMin: `axis` (negative counts from the end), `keepdims`,
/// `select_last_index` (opset 12).
template <typename OpTy>
static LogicalResult importArgReduce(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<int64_t> axis =
      ic.normaliseAxis(ic.getInt("axis", 0), shapeOf(*x).size(), "axis");
  if (failed(axis))
    return failure();
  FailureOr<Value> r = ic.create<OpTy>(*x, *axis, ic.getInt("keepdims", 1) != 0,
                                       ic.getInt("select_last_index", 0) != 0);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// CumSum/CumProd. The `axis` input is a compile-time constant in exported
/// models; when it is a graph input, the scan is built along every dimension
/// and the one `axis` names is selected at run time (an axis out of range
/// selects the last dimension; ONNX leaves it undefined).
template <typename OpTy>
static LogicalResult importScan(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), axisValue = ic.input(1);
  if (failed(x) || failed(axisValue))
    return failure();
  int64_t rank = shapeOf(*x).size();
  if (rank == 0)
    return ic.emitError() << "expects an input of rank >= 1";
  ArrayRef<int64_t> axisShape = shapeOf(*axisValue);
  if (axisShape.size() > 1 || (axisShape.size() == 1 && axisShape[0] != 1))
    return ic.emitError() << "'axis' must hold one value";
  bool exclusive = ic.getInt("exclusive", 0) != 0, reverse = ic.getInt("reverse", 0) != 0;
  auto build = [&](int64_t axis) {
    return ic.create<OpTy>(*x, axis, exclusive, reverse);
  };
  if (std::optional<SmallVector<int64_t>> c = ic.getConstInts(1)) {
    FailureOr<int64_t> axis = ic.normaliseAxis((*c)[0], rank, "axis");
    if (failed(axis))
      return failure();
    FailureOr<Value> r = build(*axis);
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  }
  Type it = elementTypeOf(*axisValue);
  FailureOr<Value> r = build(rank - 1);
  if (failed(r))
    return failure();
  for (int64_t d = rank - 2; d >= 0; --d) {
    FailureOr<Value> here = build(d), pos = ic.create<EqualOp>(*axisValue, ic.scalar(it, d)),
                     neg = ic.create<EqualOp>(*axisValue, ic.scalar(it, d - rank)), sel;
    if (failed(here) || failed(pos) || failed(neg) ||
        failed(sel = ic.create<OrOp>(*pos, *neg)) ||
        failed(r = ic.create<WhereOp>(*sel, *here, *r)))
      return failure();
  }
  ic.setResult(0, *r);
  return success();
}

void onnx_import::registerReductionOps(OpRegistry &r) {
  r["ArgMax"] = importArgReduce<ArgMaxOp>;
  r["ArgMin"] = importArgReduce<ArgMinOp>;
  r["ReduceSum"] = importReduce<ReduceSumOp, 13>;
  r["ReduceMean"] = importReduce<ReduceMeanOp, 18>;
  r["ReduceMax"] = importReduce<ReduceMaxOp, 18>;
  r["ReduceMin"] = importReduce<ReduceMinOp, 18>;
  r["ReduceProd"] = importReduce<ReduceProdOp, 18>;
  r["CumSum"] = importScan<CumSumOp>;
  r["CumProd"] = importScan<CumProdOp>;
  r["ReduceSumSquare"] = importReduce<ReduceSumOp, 18, square>;
  r["ReduceL1"] = importReduce<ReduceSumOp, 18, absolute>;
  r["ReduceL2"] = importReduce<ReduceSumOp, 18, square, squareRoot>;
  r["ReduceLogSum"] = importReduce<ReduceSumOp, 18, identity, logarithm>;
  r["ReduceLogSumExp"] = importReduce<ReduceSumOp, 18, exponential, logarithm>;
}

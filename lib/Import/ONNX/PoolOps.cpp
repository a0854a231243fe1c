//===- PoolOps.cpp - LpPool, GlobalLpPool, MaxUnpool -----------------------===//
//
//   LpPool:       (K * avg_pool(|x|^p))^(1/p) with the padding counted, i.e.
//                 the window sum with zero padding (what the node tests
//                 expect; ONNX's Python reference leaves the padding out)
//   GlobalLpPool: (sum over the spatial dims of |x|^p)^(1/p)
//   MaxUnpool:    scatter_elements of the values into a zero tensor at their
//                 flat indices (MaxPool's Indices: over the whole tensor)
//   MaxPool with Indices: the input padded with -inf, one strided slice per
//                 kernel offset; a running max keeps the first maximum and
//                 its flat index (row- or column-major over the spatial
//                 dims, plus the (n, c) offset), from constant index tables
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "WindowAttrs.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// The `p` attribute: a float before opset 2, an int from then on.
static FailureOr<double> lpExponent(ImportContext &ic) {
  double p = 2.0;
  if (const onnx::AttributeProto *a = ic.findAttr("p"))
    p = a->type() == onnx::AttributeProto::FLOAT ? a->f() : (double)a->i();
  if (!(p > 0))
    return ic.emitError() << "attribute 'p' value " << p << " is not supported (p > 0)";
  return p;
}

/// |x|^p, with p = 1 and 2 as plain elementwise ops.
static V powAbs(DecompositionBuilder &b, Value x, double p) {
  V a = b.abs(x);
  if (p == 1.0)
    return a;
  if (p == 2.0)
    return b.mul(x, x);
  return b.binary<PowOp>(a, b.scalarLike(a, p));
}

/// s^(1/p).
static V root(DecompositionBuilder &b, V s, double p) {
  if (p == 1.0)
    return s;
  if (p == 2.0)
    return b.unary<SqrtOp>(s);
  return b.binary<PowOp>(s, b.scalarLike(s, 1.0 / p));
}

static LogicalResult importLpPool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x) || failed(spatialRank(ic, *x)))
    return failure();
  if (!isa<FloatType>(elementTypeOf(*x)))
    return ic.emitError() << "LpPool of " << elementTypeOf(*x) << " is not supported";
  FailureOr<double> p = lpExponent(ic);
  std::optional<SmallVector<int64_t>> kernel = ic.getInts("kernel_shape");
  if (failed(p))
    return failure();
  if (!kernel)
    return ic.emitError() << "expects attribute 'kernel_shape'";
  FailureOr<Window> win = resolveWindow(ic, *kernel, shapeOf(*x).drop_front(2));
  if (failed(win))
    return failure();
  DecompositionBuilder b(ic);
  V powered = powAbs(b, *x, *p);
  if (failed(powered))
    return failure();
  FailureOr<Value> avg =
      ic.create<AvgPoolOp>(*powered, ArrayRef<int64_t>(win->kernel),
                           ArrayRef<int64_t>(win->strides), ArrayRef<int64_t>(win->dilations),
                           ArrayRef<int64_t>(win->pads), ic.getInt("ceil_mode", 0) != 0,
                           /*count_include_pad=*/true);
  V y = root(b, b.mulS(avg, (double)productOf(win->kernel)), *p);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

static LogicalResult importGlobalLpPool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  FailureOr<int64_t> rank;
  if (failed(x) || failed(rank = spatialRank(ic, *x)))
    return failure();
  FailureOr<double> p = lpExponent(ic);
  if (failed(p))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < *rank; ++d)
    axes.push_back(d + 2);
  DecompositionBuilder b(ic);
  V powered = powAbs(b, *x, *p);
  if (failed(powered))
    return failure();
  V y = root(b, ic.create<ReduceSumOp>(*powered, ArrayRef<int64_t>(axes), true), *p);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

static LogicalResult importMaxUnpool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), indices = ic.input(1);
  FailureOr<int64_t> rank;
  if (failed(x) || failed(indices) || failed(rank = spatialRank(ic, *x)))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x);
  if (shapeOf(*indices) != xs)
    return ic.emitError() << "'I' must have the shape of 'X'";
  std::optional<SmallVector<int64_t>> kernel = ic.getInts("kernel_shape");
  if (!kernel)
    return ic.emitError() << "expects attribute 'kernel_shape'";
  FailureOr<Window> win = resolveWindow(ic, *kernel, xs.drop_front(2));
  if (failed(win))
    return failure();
  SmallVector<int64_t> outShape{xs[0], xs[1]};
  Value check;
  if (ic.isRuntimeInput(2)) {
    // A run-time output_shape: the declared output's, checked.
    FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "output_shape");
    FailureOr<Value> given = runtimeIntVector(ic, 2, "output_shape");
    if (failed(declared) || failed(given))
      return failure();
    if (declared->getRank() != (int64_t)xs.size() || declared->getDimSize(0) != xs[0] ||
        declared->getDimSize(1) != xs[1] || shapeOf(*given)[0] != (int64_t)xs.size())
      return ic.emitError() << "the declared output must be [N, C, D...] of the input's N and C";
    outShape.assign(declared->getShape().begin(), declared->getShape().end());
    FailureOr<Value> ok = allEqualConst(ic, *given, outShape);
    if (failed(ok))
      return failure();
    check = *ok;
  } else if (ic.hasInput(2)) {
    FailureOr<SmallVector<int64_t>> given = ic.requireConstInts(2, "output_shape");
    if (failed(given))
      return failure();
    if (given->size() != xs.size() || (*given)[0] != xs[0] || (*given)[1] != xs[1])
      return ic.emitError() << "'output_shape' must be [N, C, D...] of the input's N and C";
    outShape = *given;
  }
  // The indices address the inferred (pre-pool) shape; a given output_shape
  // places that at its origin, as onnx's reference does.
  SmallVector<int64_t> inferred{xs[0], xs[1]};
  for (int64_t d = 0; d < *rank; ++d)
    inferred.push_back((xs[d + 2] - 1) * win->strides[d] - win->pads[d] -
                       win->pads[d + *rank] + win->kernel[d]);
  if (!ic.hasInput(2))
    outShape = inferred;
  DecompositionBuilder b(ic);
  int64_t total = productOf(inferred), n = productOf(xs);
  Type et = elementTypeOf(*x);
  V idx = b.cast(b.reshape(*indices, {n}), IntegerType::get(ic.getContext(), 64));
  V updates = b.reshape(*x, {n});
  if (failed(idx) || failed(updates))
    return failure();
  mlir::Builder mb(ic.getContext());
  V scattered = ic.create<ScatterElementsOp>(b.splat(et, {total}, 0.0), *idx, *updates,
                                             mb.getI64IntegerAttr(0), mb.getStringAttr("none"));
  V y = b.reshape(scattered, inferred);
  if (outShape != inferred) {
    SmallVector<int64_t> pads(2 * xs.size(), 0);
    for (size_t d = 0; d < xs.size(); ++d)
      pads[xs.size() + d] = outShape[d] - inferred[d];
    if (succeeded(y))
      y = ic.create<PadOp>(*y, ArrayRef<int64_t>(pads), StringRef("constant"), APFloat(0.0));
  }
  if (failed(y) ||
      (check && failed(y = checked(ic, check, *y,
                                   "the 'output_shape' input does not give the declared "
                                   "output shape"))))
    return failure();
  ic.setResult(0, *y);
  return success();
}

LogicalResult onnx_import::importMaxPoolWithIndices(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  FailureOr<int64_t> rankOr;
  if (failed(x) || failed(rankOr = spatialRank(ic, *x)))
    return failure();
  int64_t rank = *rankOr;
  std::optional<SmallVector<int64_t>> kernel = ic.getInts("kernel_shape");
  if (!kernel)
    return ic.emitError() << "expects attribute 'kernel_shape'";
  ArrayRef<int64_t> xs = shapeOf(*x);
  ArrayRef<int64_t> in = xs.drop_front(2);
  FailureOr<Window> win = resolveWindow(ic, *kernel, in);
  if (failed(win))
    return failure();
  Type et = elementTypeOf(*x);
  if (!isa<FloatType>(et))
    return ic.emitError() << "MaxPool indices of " << et << " are not supported";
  bool ceil = ic.getInt("ceil_mode", 0) != 0, colMajor = ic.getInt("storage_order", 0) != 0;
  // Output extents (ceil: the last window must start inside the input or
  // its begin padding) and the end padding the windows need.
  SmallVector<int64_t> out, padBegin, padEnd;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t span = (win->kernel[d] - 1) * win->dilations[d] + 1;
    int64_t room = in[d] + win->pads[d] + win->pads[d + rank] - span;
    int64_t o = (ceil ? (room + win->strides[d] - 1) / win->strides[d]
                      : room / win->strides[d]) + 1;
    if (ceil && (o - 1) * win->strides[d] >= in[d] + win->pads[d])
      --o;
    if (o < 1)
      return ic.emitError() << "the window does not fit spatial dim " << d;
    out.push_back(o);
    padBegin.push_back(win->pads[d]);
    padEnd.push_back(std::max(win->pads[d + rank],
                              (o - 1) * win->strides[d] + span - in[d] - win->pads[d]));
  }
  SmallVector<int64_t> pads{0, 0};
  pads.append(padBegin);
  pads.append({0, 0});
  pads.append(padEnd);
  FailureOr<Value> padded = ic.create<PadOp>(*x, ArrayRef<int64_t>(pads), StringRef("constant"),
                                            APFloat(-INFINITY));
  if (failed(padded))
    return failure();
  DecompositionBuilder b(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  SmallVector<int64_t> outShape{1, 1};
  outShape.append(out);
  int64_t points = productOf(out), plane = productOf(in);
  V best = failure(), bestIdx = failure();
  SmallVector<int64_t> offset(rank, 0);
  for (bool first = true;; first = false) {
    SmallVector<int64_t> starts{0, 0}, ends(xs.take_front(2)), steps{1, 1};
    for (int64_t d = 0; d < rank; ++d) {
      starts.push_back(offset[d] * win->dilations[d]);
      ends.push_back(starts.back() + (out[d] - 1) * win->strides[d] + 1);
      steps.push_back(win->strides[d]);
    }
    V tap = ic.create<SliceOp>(*padded, starts, ends, steps);
    // The input position every output point reads at this offset.
    SmallVector<int64_t> table;
    for (int64_t p = 0; p < points; ++p) {
      int64_t rest = p, flat = 0, stride = 1;
      SmallVector<int64_t> pos(rank);
      for (int64_t d = rank - 1; d >= 0; --d) {
        pos[d] = (rest % out[d]) * win->strides[d] - padBegin[d] +
                 offset[d] * win->dilations[d];
        rest /= out[d];
      }
      for (int64_t i = 0; i < rank; ++i) {
        int64_t d = colMajor ? i : rank - 1 - i;
        flat += pos[d] * stride;
        stride *= in[d];
      }
      table.push_back(flat);
    }
    Value idx = ic.constant(
        DenseElementsAttr::get(RankedTensorType::get(outShape, i64), ArrayRef<int64_t>(table)));
    if (first) {
      best = tap;
      bestIdx = idx;
    } else {
      V better = b.gt(tap, best);
      best = b.select(better, tap, best);
      bestIdx = b.select(better, V(idx), bestIdx);
    }
    int64_t d = rank - 1;
    while (d >= 0 && ++offset[d] == win->kernel[d])
      offset[d--] = 0;
    if (d < 0)
      break;
  }
  // The (n, c) offset of every plane.
  SmallVector<int64_t> base;
  for (int64_t nc = 0; nc < xs[0] * xs[1]; ++nc)
    base.push_back(nc * plane);
  SmallVector<int64_t> planeShape{xs[0], xs[1]};
  planeShape.append(rank, 1);
  Value planes = ic.constant(DenseElementsAttr::get(RankedTensorType::get(planeShape, i64),
                                                    ArrayRef<int64_t>(base)));
  V indices = b.add(bestIdx, planes);
  if (failed(best) || failed(indices))
    return failure();
  ic.setResult(0, *best);
  ic.setResult(1, *indices);
  return success();
}

void mlir::aicc::onnx_import::registerPoolOps(OpRegistry &r) {
  r["LpPool"] = importLpPool;
  r["GlobalLpPool"] = importGlobalLpPool;
  r["MaxUnpool"] = importMaxUnpool;
}

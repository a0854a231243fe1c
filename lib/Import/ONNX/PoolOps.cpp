//===- PoolOps.cpp - LpPool, GlobalLpPool, MaxUnpool -----------------------===//
//
//   LpPool:       (K * avg_pool(|x|^p))^(1/p) with the padding counted, i.e.
//                 the window sum with zero padding (what the node tests
//                 expect; ONNX's Python reference leaves the padding out)
//   GlobalLpPool: (sum over the spatial dims of |x|^p)^(1/p)
//   MaxUnpool:    scatter_elements of the values into a zero tensor at their
//                 flat indices (MaxPool's Indices: over the whole tensor)
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "WindowAttrs.h"

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
  if (ic.hasInput(2)) {
    FailureOr<SmallVector<int64_t>> given = ic.requireConstInts(2, "output_shape");
    if (failed(given))
      return failure();
    if (given->size() != xs.size() || (*given)[0] != xs[0] || (*given)[1] != xs[1])
      return ic.emitError() << "'output_shape' must be [N, C, D...] of the input's N and C";
    outShape = *given;
  } else {
    for (int64_t d = 0; d < *rank; ++d)
      outShape.push_back((xs[d + 2] - 1) * win->strides[d] - win->pads[d] -
                         win->pads[d + *rank] + win->kernel[d]);
  }
  DecompositionBuilder b(ic);
  int64_t total = productOf(outShape), n = productOf(xs);
  Type et = elementTypeOf(*x);
  V idx = b.cast(b.reshape(*indices, {n}), IntegerType::get(ic.getContext(), 64));
  V updates = b.reshape(*x, {n});
  if (failed(idx) || failed(updates))
    return failure();
  mlir::Builder mb(ic.getContext());
  V scattered = ic.create<ScatterElementsOp>(b.splat(et, {total}, 0.0), *idx, *updates,
                                             mb.getI64IntegerAttr(0), mb.getStringAttr("none"));
  V y = b.reshape(scattered, outShape);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

void mlir::aicc::onnx_import::registerPoolOps(OpRegistry &r) {
  r["LpPool"] = importLpPool;
  r["GlobalLpPool"] = importGlobalLpPool;
  r["MaxUnpool"] = importMaxUnpool;
}

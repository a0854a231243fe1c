//===- RoiPoolOps.cpp - MaxRoiPool over run-time regions ------------------===//
//
// MaxRoiPool (Fast R-CNN's RoI pooling, as onnxruntime computes it): each
// region (batch, x1, y1, x2, y2), scaled by `spatial_scale` and rounded, is
// cut into pooled_shape bins; a bin's rows are [floor(ph * h / PH),
// ceil((ph + 1) * h / PH)) shifted by the region's start and clipped to the
// image (columns alike), and the output is the bin's maximum, 0 for an empty
// bin. The regions are run-time values, so bins are masks: the maximum is
// taken separably, over masked columns, then over masked rows.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// Most elements of the masked intermediate MaxRoiPool may build.
static constexpr int64_t kMaxMaskedElements = int64_t(1) << 26;

/// The [R, P, n] mask "position t of a dim of n lies in bin p" of each
/// region, from its rounded start and end ([R, 1, 1]) along that dim.
static V binMasks(DecompositionBuilder &b, V start, V end, int64_t bins, int64_t n) {
  Type f32 = Float32Type::get(b.context().getContext());
  V extent = b.max(b.addS(b.sub(end, start), 1.0), b.scalarLike(end, 1.0));
  V binSize = b.mulS(extent, 1.0 / bins);                          // [R, 1, 1]
  V p = b.cast(b.iota(bins, {1, bins, 1}), f32);                  // [1, P, 1]
  V lo = b.add(b.floor(b.mul(p, binSize)), start);
  V hi = b.add(b.unary<CeilOp>(b.mul(b.addS(p, 1.0), binSize)), start);
  lo = b.clip(lo, 0.0, n);
  hi = b.clip(hi, 0.0, n);
  V t = b.cast(b.iota(n, {1, 1, n}), f32);                        // [1, 1, n]
  return b.logicalAnd(b.ge(t, lo), b.lt(t, hi));                   // [R, P, n]
}

static LogicalResult importMaxRoiPool(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), rois = ic.input(1);
  if (failed(x) || failed(rois))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x), rs = shapeOf(*rois);
  if (xs.size() != 4 || rs.size() != 2 || rs[1] != 5 || ShapedType::isDynamicShape(xs) ||
      ShapedType::isDynamic(rs[0]))
    return ic.emitError() << "expects a static X [N, C, H, W] and rois [R, 5]";
  std::optional<SmallVector<int64_t>> pooled = ic.getInts("pooled_shape");
  if (!pooled || pooled->size() != 2 || (*pooled)[0] < 1 || (*pooled)[1] < 1)
    return ic.emitError() << "expects 'pooled_shape' of two positive sizes";
  int64_t r = rs[0], c = xs[1], h = xs[2], w = xs[3], ph = (*pooled)[0], pw = (*pooled)[1];
  if (r * c * h * pw * w > kMaxMaskedElements)
    return ic.emitError() << "MaxRoiPool of " << r << " regions over " << c << "x" << h << "x"
                          << w << " builds more than " << kMaxMaskedElements
                          << " masked elements";
  double scale = ic.getFloat("spatial_scale", 1.0);
  DecompositionBuilder b(ic);
  Type f32 = Float32Type::get(ic.getContext()), i64 = IntegerType::get(ic.getContext(), 64);
  V boxes = b.cast(*rois, f32);
  // Column k of the regions as [R, 1, 1]; coordinates scaled and rounded.
  auto col = [&](int64_t k) { return b.reshape(b.sliceDim(boxes, 1, k, k + 1), {r, 1, 1}); };
  // Rounded half away from zero (C's round), as onnxruntime does.
  auto coord = [&](int64_t k) {
    V v = b.mulS(col(k), scale);
    return b.select(b.gtS(v, 0.0), b.floor(b.addS(v, 0.5)), b.neg(b.floor(b.rsubS(0.5, v))));
  };
  V rowMask = binMasks(b, coord(2), coord(4), ph, h);   // [R, PH, H]
  V colMask = binMasks(b, coord(1), coord(3), pw, w);   // [R, PW, W]
  V batch = b.reshape(b.cast(col(0), i64), {r});
  if (failed(batch))
    return failure();
  mlir::Builder attrs(ic.getContext());
  V image = ic.create<GatherOp>(*x, *batch, attrs.getI64IntegerAttr(0));  // [R, C, H, W]
  V lowest = b.scalarLike(image, -std::numeric_limits<double>::infinity());
  // Over columns: [R, C, H, PW, W] -> [R, C, H, PW].
  V cm = b.reshape(colMask, {r, 1, 1, pw, w});
  V byCol = b.select(cm, b.reshape(image, {r, c, h, 1, w}), lowest);
  if (failed(byCol) || failed(byCol = ic.create<ReduceMaxOp>(*byCol, ArrayRef<int64_t>{4}, false)))
    return failure();
  // Over rows: [R, C, PH, H, PW] -> [R, C, PH, PW].
  V rm = b.reshape(rowMask, {r, 1, ph, h, 1});
  V byRow = b.select(rm, b.reshape(byCol, {r, c, 1, h, pw}), lowest);
  if (failed(byRow) || failed(byRow = ic.create<ReduceMaxOp>(*byRow, ArrayRef<int64_t>{3}, false)))
    return failure();
  // Empty bins (every element masked out) are 0.
  V empty = b.eq(byRow, lowest);
  FailureOr<Value> y = b.select(empty, b.scalarLike(byRow, 0.0), byRow);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

void mlir::aicc::onnx_import::registerRoiPoolOps(OpRegistry &r) {
  r["MaxRoiPool"] = importMaxRoiPool;
}

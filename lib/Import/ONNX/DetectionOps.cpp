//===- DetectionOps.cpp - NonMaxSuppression as an unrolled greedy pass -----===//
//
// NonMaxSuppression as onnx's reference computes it, for every (batch,
// class) at once:
//
// 1. Boxes are ranked by score (higher first, equal scores by lower index)
//    with a pairwise comparison; slot p of the sorted order takes the box of
//    rank p, and the boxes and scores are gathered into that order.
// 2. suppress[p, q]: the sorted boxes p and q overlap with IoU above the
//    threshold (corners normalised to min/max, or centre format; boxes of
//    no area never suppress).
// 3. The greedy pass is unrolled over the n slots: slot p is kept when its
//    score passes the threshold, no kept earlier slot suppresses it and
//    fewer than max_output_boxes_per_class were kept before it.
// 4. The kept slots, in (batch, class, slot) order, become the rows
//    (batch, class, box index) of the output, whose length is declared
//    (checked) or the run-time count.
//
// The unrolled pass costs a few ops per box, so boxes are limited to
// kNmsBoxLimit per image.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

/// Most boxes per image the unrolled greedy pass handles.
constexpr int64_t kNmsBoxLimit = 256;

/// A 0-d tensor of optional input `i` (a one-element tensor), or null.
static FailureOr<Value> optionalScalar(ImportContext &ic, unsigned i, StringRef what) {
  Value v = ic.optionalInput(i);
  if (!v)
    return Value();
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.hasStaticShape() || t.getNumElements() > 1)
    return ic.emitError() << "'" << what << "' must hold one value, not " << t;
  if (t.getNumElements() == 0)
    return Value();
  return t.getRank() == 0 ? FailureOr<Value>(v) : ic.reshape(v, {});
}

static LogicalResult importNonMaxSuppression(ImportContext &ic) {
  FailureOr<Value> boxes = ic.input(0), scores = ic.input(1);
  if (failed(boxes) || failed(scores))
    return failure();
  ArrayRef<int64_t> bs = shapeOf(*boxes), ss = shapeOf(*scores);
  if (bs.size() != 3 || bs[2] != 4 || ss.size() != 3 || ss[0] != bs[0] || ss[2] != bs[1] ||
      !cast<RankedTensorType>(boxes->getType()).hasStaticShape() ||
      !cast<RankedTensorType>(scores->getType()).hasStaticShape())
    return ic.emitError() << "expects boxes [B, n, 4] and scores [B, C, n] of static shapes";
  int64_t nb = bs[0], nc = ss[1], n = bs[1];
  if (n > kNmsBoxLimit)
    return ic.emitError() << "NonMaxSuppression over " << n << " boxes is not supported (at most "
                          << kNmsBoxLimit << ": aicc unrolls the greedy selection)";
  FailureOr<Value> maxOut = optionalScalar(ic, 2, "max_output_boxes_per_class"),
                   iouThr = optionalScalar(ic, 3, "iou_threshold"),
                   scoreThr = optionalScalar(ic, 4, "score_threshold");
  if (failed(maxOut) || failed(iouThr) || failed(scoreThr))
    return failure();
  bool centre = ic.getInt("center_point_box", 0) != 0;
  DecompositionBuilder d(ic);
  MLIRContext *ctx = ic.getContext();
  Type i64 = IntegerType::get(ctx, 64), et = elementTypeOf(*scores);
  // 1. rank[b, c, i]: boxes before box i (higher score, or equal at a lower
  // index); order[b, c, p]: the box of rank p.
  V order = d.indexOfRank(d.rankAlongLast(*scores, /*largest=*/true), d.iota(n, {1, n}));
  if (failed(order))
    return failure();
  V sortedScores = d.gatherElements(*scores, order, 2);
  // Boxes in sorted order: [B, C, n, 4], gathered per batch from [B, n, 4].
  V idx4 = d.expand(d.reshape(order, {nb, nc * n, 1}), {nb, nc * n, 4});
  V sortedBoxes = d.reshape(d.gatherElements(*boxes, idx4, 1), {nb, nc, n, 4});

  // 2. Corners (ymin, xmin, ymax, xmax) and areas of the sorted boxes.
  auto coord = [&](int64_t k) { return d.reshape(d.sliceDim(sortedBoxes, 3, k, k + 1), {nb, nc, n}); };
  V ymin, xmin, ymax, xmax;
  if (centre) {
    V xc = coord(0), yc = coord(1), hw = d.mulS(coord(2), 0.5), hh = d.mulS(coord(3), 0.5);
    xmin = d.sub(xc, hw);
    xmax = d.add(xc, hw);
    ymin = d.sub(yc, hh);
    ymax = d.add(yc, hh);
  } else {
    V y1 = coord(0), x1 = coord(1), y2 = coord(2), x2 = coord(3);
    ymin = d.min(y1, y2);
    ymax = d.max(y1, y2);
    xmin = d.min(x1, x2);
    xmax = d.max(x1, x2);
  }
  auto rows = [&](V v) { return d.reshape(v, {nb, nc, n, 1}); };
  auto cols = [&](V v) { return d.reshape(v, {nb, nc, 1, n}); };
  V iw = d.sub(d.min(rows(xmax), cols(xmax)), d.max(rows(xmin), cols(xmin)));
  V ih = d.sub(d.min(rows(ymax), cols(ymax)), d.max(rows(ymin), cols(ymin)));
  V area = d.mul(d.sub(xmax, xmin), d.sub(ymax, ymin));
  V inter = d.mul(iw, ih);
  V uni = d.sub(d.add(rows(area), cols(area)), inter);
  V overlap = d.logicalAnd(d.logicalAnd(d.gtS(iw, 0.0), d.gtS(ih, 0.0)),
                           d.logicalAnd(d.gtS(inter, 0.0), d.gtS(uni, 0.0)));
  overlap = d.logicalAnd(overlap, d.logicalAnd(d.gtS(rows(area), 0.0), d.gtS(cols(area), 0.0)));
  V iou = d.div(inter, d.select(d.gtS(uni, 0.0), uni, d.scalarLike(uni, 1.0)));
  Value thr = *iouThr ? *iouThr : ic.scalar(et, 0.0);
  V suppress = d.logicalAnd(overlap, d.gt(iou, d.cast(thr, et)));
  // Candidates: score above the threshold (when given).
  V candidate = *scoreThr ? d.gt(sortedScores, d.cast(*scoreThr, et))
                          : d.eq(sortedScores, sortedScores);
  if (failed(suppress) || failed(candidate))
    return failure();

  // 3. The greedy pass over the slots.
  Value limit = *maxOut ? *maxOut : ic.scalar(i64, 0);
  V kept = ic.constant(DenseElementsAttr::get(
      RankedTensorType::get({nb, nc, n}, IntegerType::get(ctx, 1)), false));
  for (int64_t p = 0; p < n; ++p) {
    V row = d.reshape(d.sliceDim(suppress, 2, p, p + 1), {nb, nc, n});
    V blocked = d.logicalAnd(row, kept);
    V soFar = d.cast(kept, i64);
    if (failed(blocked) || failed(soFar) ||
        failed(blocked = ic.create<ReduceMaxOp>(*blocked, ArrayRef<int64_t>{2}, false)) ||
        failed(soFar = ic.create<ReduceSumOp>(*soFar, ArrayRef<int64_t>{2}, false)))
      return failure();
    V keep = d.logicalAnd(d.reshape(d.sliceDim(candidate, 2, p, p + 1), {nb, nc}),
                          d.logicalAnd(d.logicalNot(blocked), d.lt(soFar, d.cast(limit, i64))));
    SmallVector<bool> onehot(n, false);
    onehot[p] = true;
    Value at = ic.constant(
        DenseElementsAttr::get(RankedTensorType::get({n}, IntegerType::get(ctx, 1)), onehot));
    kept = d.select(at, d.reshape(keep, {nb, nc, 1}), kept);
    if (failed(kept))
      return failure();
  }

  // 4. Rows (batch, class, box) of the kept slots in order.
  V flatKept = d.reshape(kept, {nb * nc * n});
  if (failed(flatKept))
    return failure();
  FailureOr<std::pair<Value, Value>> pos = truePositions(ic, *flatKept, 2, 0);
  if (failed(pos))
    return failure();
  int64_t count = shapeOf(pos->first)[0];
  V batch = d.div(pos->first, ic.scalar(i64, (double)(nc * n)));
  V cls = d.div(pos->first, ic.scalar(i64, (double)n));
  if (failed(cls) ||
      failed(cls = ic.create<ModOp>(*cls, ic.scalar(i64, (double)nc),
                                    ic.getBuilder().getBoolAttr(false))))
    return failure();
  V box = ic.create<GatherOp>(*d.reshape(order, {nb * nc * n}), pos->first,
                              ic.getBuilder().getI64IntegerAttr(0));
  V out = d.concat({d.reshape(batch, {count, 1}), d.reshape(cls, {count, 1}),
                    d.reshape(box, {count, 1})},
                   1);
  if (failed(out) ||
      (pos->second && failed(out = checked(ic, pos->second, *out,
                                           "the number of selected boxes is not the declared "
                                           "one"))))
    return failure();
  ic.setResult(0, *out);
  return success();
}

void mlir::aicc::onnx_import::registerDetectionOps(OpRegistry &r) {
  r["NonMaxSuppression"] = importNonMaxSuppression;
}

//===- CacheOps.cpp - TensorScatter (KV-cache writes) ----------------------===//
//
// TensorScatter (opset 24) writes `update` into `past_cache` along `axis`,
// starting per batch (dim 0) at write_indices[b] (0 without them), wrapping
// modulo the cache length in circular mode. It becomes one scatter_elements
// whose indices, of the update's shape, are write_indices[b] + s at
// sequence position s.
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

static LogicalResult importTensorScatter(ImportContext &ic) {
  FailureOr<Value> cache = ic.input(0), update = ic.input(1);
  if (failed(cache) || failed(update))
    return failure();
  Value writeIndices = ic.optionalInput(2);
  std::string mode = ic.getString("mode", "linear");
  if (mode != "linear" && mode != "circular")
    return ic.emitError() << "attribute 'mode' value '" << mode << "' is not supported";
  ArrayRef<int64_t> cs = shapeOf(*cache), us = shapeOf(*update);
  int64_t rank = cs.size();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", -2), rank, "axis");
  if (failed(axis))
    return failure();
  if (*axis == 0 || (int64_t)us.size() != rank)
    return ic.emitError() << "expects an update of the cache's rank and an axis after the "
                             "batch dim";
  for (int64_t d = 0; d < rank; ++d)
    if (d == *axis ? us[d] > cs[d] : us[d] != cs[d])
      return ic.emitError() << "update of shape [" << us << "] does not fit the cache ["
                            << cs << "] along axis " << *axis;
  DecompositionBuilder b(ic);
  Type i64 = IntegerType::get(ic.getContext(), 64);
  int64_t seq = us[*axis];
  SmallVector<int64_t> posShape(rank, 1);
  posShape[*axis] = seq;
  SmallVector<Attribute> positions;
  for (int64_t s = 0; s < seq; ++s)
    positions.push_back(IntegerAttr::get(i64, s));
  V idx = ic.constant(DenseElementsAttr::get(RankedTensorType::get(posShape, i64), positions));
  if (writeIndices) {
    if (shapeOf(writeIndices) != ArrayRef<int64_t>{cs[0]})
      return ic.emitError() << "'write_indices' must be [" << cs[0] << "]";
    SmallVector<int64_t> batchShape(rank, 1);
    batchShape[0] = cs[0];
    idx = b.add(idx, b.reshape(b.cast(writeIndices, i64), batchShape));
  }
  if (mode == "circular") {
    if (failed(idx))
      return failure();
    idx = ic.create<ModOp>(*idx, ic.scalar(i64, cs[*axis]), false);
  }
  if (failed(idx))
    return failure();
  mlir::Builder mb(ic.getContext());
  V r = ic.create<ScatterElementsOp>(*cache, *b.expand(idx, us), *update,
                                     mb.getI64IntegerAttr(*axis), mb.getStringAttr("none"));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void mlir::aicc::onnx_import::registerCacheOps(OpRegistry &r) {
  r["TensorScatter"] = importTensorScatter;
}

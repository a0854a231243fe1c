//===- ShapeUtils.cpp - shape rules shared by aicc ops ----------------------===//
#include "aicc/Dialect/Aicc/ShapeUtils.h"
#include "mlir/IR/Diagnostics.h"

namespace mlir::aicc {

std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == db || db == 1)
      out[i] = da;
    else if (da == 1)
      out[i] = db;
    else if (ShapedType::isDynamic(da) || ShapedType::isDynamic(db))
      out[i] = ShapedType::kDynamic;
    else
      return std::nullopt;
  }
  return out;
}

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd,
                         bool ceilMode) {
  if (ShapedType::isDynamic(in))
    return ShapedType::kDynamic;
  if (stride <= 0 || dilation <= 0 || kernel <= 0)
    return -1;
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return -1;
  int64_t out = ceilMode ? (span + stride - 1) / stride + 1 : span / stride + 1;
  // With ceil_mode, the last window must start inside input or begin padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

LogicalResult inferError(std::optional<Location> loc, const Twine &msg) {
  if (loc)
    mlir::emitError(*loc) << msg;
  return failure();
}

} // namespace mlir::aicc

//===- ShapeUtils.h - shape rules shared by aicc ops --------------*- C++ -*-===//
#ifndef AICC_DIALECT_AICC_SHAPEUTILS_H
#define AICC_DIALECT_AICC_SHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"
#include <optional>

namespace mlir::aicc {

/// numpy broadcast of two shapes; std::nullopt when they are incompatible.
std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b);

/// Output extent of a sliding window (conv/pool) along one dimension, or -1
/// when the window does not fit. Dynamic input extents stay dynamic.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t dilation, int64_t padBegin, int64_t padEnd,
                         bool ceilMode);

/// The result shape of an N-d grouped convolution (aicc.conv's rules); errors
/// are reported at `loc`.
LogicalResult inferConvShape(std::optional<Location> loc, RankedTensorType in,
                             RankedTensorType w, ArrayRef<int64_t> strides,
                             ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                             int64_t group, SmallVectorImpl<int64_t> &shape);

/// Reports `msg` at `loc` when a location is given; always returns failure.
LogicalResult inferError(std::optional<Location> loc, const Twine &msg);

} // namespace mlir::aicc

#endif

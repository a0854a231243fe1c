//===- WindowAttrs.h - conv and pooling window attributes ---------*- C++ -*-===//
//
// Internal to lib/Import/ONNX: the kernel/strides/dilations/pads attributes
// that Conv, ConvTranspose and the pooling ops share (NNOps.cpp, PoolOps.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_IMPORT_ONNX_WINDOWATTRS_H
#define AICC_LIB_IMPORT_ONNX_WINDOWATTRS_H

#include "ImportContext.h"

namespace mlir::aicc::onnx_import {

/// Window attributes of conv and pooling, with `auto_pad` resolved.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads;
};

/// Reads strides/dilations/pads (defaults 1/1/0) and resolves `auto_pad`
/// against the spatial extents `in` of the input.
FailureOr<Window> resolveWindow(ImportContext &ic, ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> in);

/// MaxPool with its `Indices` output (PoolOps.cpp).
LogicalResult importMaxPoolWithIndices(ImportContext &ic);

/// The number of spatial dims of an (N, C, D...) input; an error below rank 3.
FailureOr<int64_t> spatialRank(ImportContext &ic, Value x);

} // namespace mlir::aicc::onnx_import

#endif // AICC_LIB_IMPORT_ONNX_WINDOWATTRS_H

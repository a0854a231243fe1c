//===- SubByteBoundary.h - packed 4- and 2-bit tensors at the ABI -*- C++ -*-===//
#ifndef AICC_LIB_CONVERSION_AICCTOLINALG_SUBBYTEBOUNDARY_H
#define AICC_LIB_CONVERSION_AICCTOLINALG_SUBBYTEBOUNDARY_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::aicc {

/// Makes the public function's 4- and 2-bit tensor arguments and results
/// ONNX-packed tensor<ceil(n*bits/8) x i8>, unpacking at entry and packing
/// before the return (linalg on tensors).
void packSubByteBoundary(func::FuncOp func);

} // namespace mlir::aicc

#endif

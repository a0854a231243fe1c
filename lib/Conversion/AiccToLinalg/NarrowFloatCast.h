//===- NarrowFloatCast.h - casts to and from 8- and 4-bit floats -*- C++ -*-===//
#ifndef AICC_LIB_CONVERSION_AICCTOLINALG_NARROWFLOATCAST_H
#define AICC_LIB_CONVERSION_AICCTOLINALG_NARROWFLOATCAST_H

#include "mlir/IR/Builders.h"

namespace mlir::aicc {

/// The float types LLVM cannot compute with: the 8-bit floats, FLOAT8E8M0
/// and FLOAT4E2M1.
bool isNarrowFloat(Type t);

/// The exact f32 value of a narrow float scalar.
Value narrowFloatToF32(OpBuilder &b, Location loc, Value v);

/// An f32 scalar converted to `to` with ONNX Cast's rules: round half to
/// even, `saturate` for the 8-bit floats, `roundMode` ("up", "down",
/// "nearest") for FLOAT8E8M0.
Value f32ToNarrowFloat(OpBuilder &b, Location loc, Value x, FloatType to,
                       bool saturate, StringRef roundMode);

} // namespace mlir::aicc

#endif

//===- ConstantWeights.h - reading and writing constant f32 weights -*- C++ -*-===//
//
// What the sparsity passes (aicc-prune-weights, aicc-form-sparse-kernels)
// need from a weight: its values when it is an f32 constant (dense or a
// resource blob), and a new constant of the same kind.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_TRANSFORMS_CONSTANTWEIGHTS_H
#define AICC_LIB_TRANSFORMS_CONSTANTWEIGHTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include <optional>

namespace mlir::aicc {

/// The values of `v` if it is an f32 `arith.constant` with a dense or
/// resource-blob attribute; nothing otherwise.
std::optional<SmallVector<float>> constantF32Values(Value v);

/// An `arith.constant` of `type` holding `data`: a resource blob named
/// after `key` when `asResource` (large weights), a dense attribute otherwise.
Value createF32Constant(OpBuilder &b, Location loc, ShapedType type, ArrayRef<float> data,
                        StringRef key, bool asResource);

/// Constants up to this size stay inline (dense attributes), as the
/// importer keeps initializers up to 1 KiB.
constexpr size_t kInlineConstantBytes = 1024;

/// An i32 `arith.constant` of shape [data.size()]: a resource blob named
/// after `key` when larger than kInlineConstantBytes.
Value createI32Constant(OpBuilder &b, Location loc, ArrayRef<int32_t> data, StringRef key);

/// The values of `v` if it is a static 8-bit integer `arith.constant`
/// (i8 or ui8, dense or a resource blob), as raw bytes; nothing otherwise.
std::optional<SmallVector<uint8_t>> constantByteValues(Value v);

/// An 8-bit (i8 or ui8) `arith.constant` of `type` holding the bytes
/// `data`: a resource blob named after `key` when larger than
/// kInlineConstantBytes.
Value createByteConstant(OpBuilder &b, Location loc, RankedTensorType type,
                         ArrayRef<uint8_t> data, StringRef key);

/// The values of `v` widened to f32 if it is a static bf16 or f16
/// `arith.constant` (dense or a resource blob); nothing otherwise.
std::optional<SmallVector<float>> constantHalfValues(Value v);

/// `x` rounded to the 16-bit float type `et` (bf16 or f16, nearest even),
/// as its bits.
uint16_t toHalfBits(float x, Type et);

/// An `arith.constant` of `type`'s shape with 16-bit float elements `et`
/// (bf16 or f16) holding `data` rounded to `et`: a resource blob named after
/// `key` when `asResource`, a dense attribute otherwise.
Value createHalfConstant(OpBuilder &b, Location loc, ShapedType type, Type et,
                         ArrayRef<float> data, StringRef key, bool asResource);

/// Whether `v`'s constant is stored as a resource blob.
bool isResourceConstant(Value v);

} // namespace mlir::aicc

#endif

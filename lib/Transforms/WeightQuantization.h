//===- WeightQuantization.h - constant weights to int8 ------------*- C++ -*-===//
//
// Shared by aicc-insert-qdq and aicc-quantize-dynamic: reading f32 weight
// constants and quantizing them per output channel, symmetrically, to int8.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_TRANSFORMS_WEIGHTQUANTIZATION_H
#define AICC_LIB_TRANSFORMS_WEIGHTQUANTIZATION_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include <optional>

namespace mlir::aicc {


/// int8 weights with one f32 scale per index of the channel axis.
struct ChannelQuantizedWeight {
  SmallVector<int8_t> values; ///< same layout as the f32 weight
  SmallVector<float> scales;  ///< max |w| / 127 per channel (1 for all-zero channels)
};

/// Symmetric per-channel quantization along `axis` of `shape`:
/// `q = clamp(round_half_even(w / scale[c]), -127, 127)`.
ChannelQuantizedWeight quantizePerChannel(ArrayRef<float> w, ArrayRef<int64_t> shape,
                                          int64_t axis);

/// How -quantize=ternary picks each output channel's scale.
enum class TernaryScale {
  /// BitNet b1.58: `scale = mean |w|`, `q = clamp(round(w / scale), -1, 1)`.
  AbsMean,
  /// Least squares: the k largest |w| become +-1 and `scale` their mean |w|,
  /// with k minimising `sum (w - scale * q)^2` (i.e. maximising
  /// `(sum of the k largest |w|)^2 / k`).
  MinSquaredError,
};

/// Ternary per-channel quantization along `axis` of `shape`: values in
/// {-1, 0, 1} (as int8) times one f32 scale per channel (1 for all-zero
/// channels).
ChannelQuantizedWeight quantizeTernaryPerChannel(ArrayRef<float> w, ArrayRef<int64_t> shape,
                                                 int64_t axis, TernaryScale how);

/// An int8 constant of `type` holding `values`, as a resource blob named
/// `name` (weights can be large, as the importer stores them).
Value int8Constant(OpBuilder &b, Location loc, RankedTensorType type, ArrayRef<int8_t> values,
                   StringRef name);
/// An int32 constant (biases, per-channel sums) as a dense attribute.
Value int32Constant(OpBuilder &b, Location loc, RankedTensorType type, ArrayRef<int32_t> values);

} // namespace mlir::aicc

#endif

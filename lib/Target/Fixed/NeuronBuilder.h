//===- NeuronBuilder.h - one output neuron as integer arith -------*- C++ -*-===//
//
// What aicc-specialize-fixed-layers builds per output element: the dot
// product of centred i32 inputs with constant weights (zero weights absent,
// `muli x, |w|` added or subtracted; aicc-fixed-share-products and
// aicc-fixed-strength-reduce then share and reduce them), plus the bias, then the requantization of RequantizeMath.h:
// ((acc * M + C) >> S) + zp, saturated, plus the rounding corrections, as
// an i8. The same integer operations as the Verilog emitter's (VerilogLayers).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_NEURONBUILDER_H
#define AICC_TARGET_FIXED_NEURONBUILDER_H

#include "RequantizeMath.h"
#include "mlir/IR/Builders.h"

namespace mlir::aicc::fixed {

/// What weight specialisation built, summed over a layer.
struct ProductCounts {
  int64_t products = 0, corrections = 0;
};

class NeuronBuilder {
public:
  NeuronBuilder(OpBuilder &b, Location loc, ProductCounts &counts)
      : b(b), loc(loc), counts(counts) {}

  /// bias + sum of weight * input over `terms` ((index into `inputs`,
  /// weight) pairs, zero weights allowed and skipped), in i32.
  Value dot(ArrayRef<std::pair<int64_t, int64_t>> terms, ArrayRef<Value> inputs, int64_t bias);

  /// The i8 result of requantizing the i32 accumulator `acc`, whose values
  /// lie in [amin, amax]; saturates to [lo, hi] (absolute, with zp).
  Value requantize(Value acc, const FixedPointScale &f, int64_t zp, int64_t lo, int64_t hi,
                   int64_t amin, int64_t amax);

  Value constant(Type type, int64_t v);

private:
  OpBuilder &b;
  Location loc;
  ProductCounts &counts;
};

} // namespace mlir::aicc::fixed

#endif

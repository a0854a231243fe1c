//===- FixedGraph.h - @main as a chain of integer layers ----------*- C++ -*-===//
//
// What -target=fixed builds hardware for: one f32 input quantized per tensor
// to int8, a straight chain of integer layers, and the chain's int8 result
// (optionally also returned dequantized). aicc-check-fixed-function and the
// Verilog emitter both read @main through collectFixedChain.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_FIXEDGRAPH_H
#define AICC_TARGET_FIXED_FIXEDGRAPH_H

#include "RequantizeMath.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::aicc::fixed {

/// One hardware stage.
struct Layer {
  enum Kind { Dense, Conv, MaxPool, Reshape } kind;
  Operation *op;               ///< the contraction, max_pool or reshape
  /// Centred weights (w - weight zero point), row-major. Dense: K x N;
  /// Conv: O x I/group x kh x kw.
  SmallVector<int64_t> weight;
  SmallVector<int64_t> weightShape;
  int64_t inputZeroPoint = 0;
  SmallVector<int64_t> bias;   ///< per output channel (zeros if none)
  RequantizeOp requantize;     ///< Dense and Conv only
  RankedTensorType inType, outType;
};

struct FixedChain {
  QuantizeLinearOp input;
  SmallVector<Layer> layers;
  Value output;                         ///< the int8 result of the last layer
  std::optional<float> outputScale;     ///< when the f32 output is also returned
  int64_t outputZeroPoint = 0;
};

/// Checks @main (errors at the offending op) and returns its chain.
FailureOr<FixedChain> collectFixedChain(func::FuncOp main);

/// The function -target=fixed compiles: @main, or the module's only function.
func::FuncOp findMain(ModuleOp module);

/// Whether `rq` carries aicc-fixed-point-requantize's attributes, one entry
/// per scale.
bool hasFixedPoint(RequantizeOp rq);

/// Channel c's integer requantization from those attributes (check
/// hasFixedPoint first).
FixedPointScale channelScale(RequantizeOp rq, int64_t c);

} // namespace mlir::aicc::fixed

#endif

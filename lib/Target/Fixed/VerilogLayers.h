//===- VerilogLayers.h - one Verilog module per layer --------------*- C++ -*-===//
//
// Each Dense/Conv/MaxPool layer becomes a module
//   module NAME(input wire clk, input wire en, input wire [I-1:0] in_data,
//               output reg [O-1:0] out_data);
// whose output register loads the layer's int8 results (element i in bits
// [8i+7:8i], row-major) when `en` is high. Weights are constants in the
// logic: zero weights vanish, and every other weight is one shifted term of
// its input per canonical signed digit (7 = 8 - 1). Pairs of such digits
// that recur across the layer's dot products (or within one, as same
// magnitudes do) are one adder wire each (DigitSharing.h); the terms left in
// a dot product are added by a balanced tree of two-input adders of exact
// widths (AdderTree.h).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_FIXED_VERILOGLAYERS_H
#define AICC_TARGET_FIXED_VERILOGLAYERS_H

#include "FixedGraph.h"
#include "RequantizeMath.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::aicc::fixed {

/// What weight specialisation did with one layer's constants.
struct LayerStats {
  int64_t zeroWeights = 0;   ///< terms removed
  int64_t factoredTerms = 0; ///< terms summed into a same-magnitude group
  // The weights as constant products (one per weight magnitude per dot
  // product, its inputs summed first); the digit sharing builds these digits
  // with at most as many adders, often fewer:
  int64_t addSub = 0;        ///< by 1
  int64_t shifts = 0;        ///< by 2^k, k >= 1
  int64_t csdWeights = 0;    ///< by values with 2-3 signed digits: shift-adds
  int64_t csdAdders = 0;     ///< the adders/subtracters those need (any digit count)
  int64_t multipliers = 0;   ///< constant multiplies (none: every weight is CSD digits)
  int64_t adders = 0;        ///< two-input adder wires of the dot products (AdderTree.h)
  int64_t sharedAdders = 0;  ///< adders written once and used again (same operands)
  int64_t sharedPairs = 0;   ///< digit pairs shared across the layer's sums (DigitSharing.h)
  int64_t sharedPairUses = 0; ///< the digit pairs those replaced
  int64_t requantMultipliers = 0;
  int64_t requantAdders = 0; ///< adders of the requantizers' constant multiplies (CSD)
  int64_t corrections = 0; ///< rounding corrections emitted (RequantizeMath.h)
  int64_t maxAccumulatorBits = 0;
  // Under -reuse (aicc-schedule-reuse):
  int64_t cycles = 1;              ///< phases the outputs are spread over
  int64_t lanes = 0;               ///< dot-product circuits (outputs / cycles)
  int64_t inputSelects = 0;        ///< shared products' input multiplexers
  int64_t selectedMultipliers = 0; ///< products by a phase-selected weight
};

/// Writes `layer`'s module named `name` for a design with initiation
/// interval `ii`; fails with an error at the layer's op for what the emitter
/// cannot build. With ii > 1 a contraction module has an input `phase`
/// (0 .. ii-1): output e is computed in phase e % cycles by lane e / cycles
/// (aicc-schedule-reuse), held in a register until the commit phase ii-1,
/// when `en` loads out_data.
FailureOr<LayerStats> emitLayerModule(llvm::raw_ostream &os, const Layer &layer,
                                      StringRef name, int64_t ii);

/// The layer's cycles from aicc-schedule-reuse (1 without).
int64_t layerCycles(const Layer &layer);

/// Smallest two's complement width holding [lo, hi].
int64_t signedBits(int64_t lo, int64_t hi);

} // namespace mlir::aicc::fixed

#endif

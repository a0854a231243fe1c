//===- Passes.h - fixed-function target passes --------------------*- C++ -*-===//
#ifndef AICC_TARGET_FIXED_PASSES_H
#define AICC_TARGET_FIXED_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::aicc {

#define GEN_PASS_DECL
#include "aicc/Target/Fixed/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aicc/Target/Fixed/Passes.h.inc"

/// Names of the attributes aicc-fixed-point-requantize puts on aicc.requantize.
inline constexpr StringLiteral kFixedMultiplierAttr = "aicc.fixed.multiplier";
inline constexpr StringLiteral kFixedOffsetAttr = "aicc.fixed.offset";
inline constexpr StringLiteral kFixedShiftAttr = "aicc.fixed.shift";
/// Flat (channel, first acc, last acc, delta) quadruples: the result moves by
/// delta on those accumulators (f32 products that round onto an exact .5).
inline constexpr StringLiteral kFixedCorrectionsAttr = "aicc.fixed.corrections";

/// aicc-fold-qdq-moves, aicc-check-fixed-function, aicc-fixed-point-requantize,
/// after the graph pipeline (registered as aicc-fixed-pipeline).
void buildFixedPipeline(OpPassManager &pm);
void registerFixedPipeline();

} // namespace mlir::aicc

#endif

//===- Passes.h - fixed-function target passes --------------------*- C++ -*-===//
#ifndef AICC_TARGET_FIXED_PASSES_H
#define AICC_TARGET_FIXED_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

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

/// Cycles over which aicc-schedule-reuse spreads a layer's outputs (an i64 on
/// matmul_integer/conv_integer; absent: 1).
inline constexpr StringLiteral kFixedCyclesAttr = "aicc.fixed.cycles";
/// The reuse factor aicc-schedule-reuse ran with (an i64 on the function).
inline constexpr StringLiteral kFixedReuseAttr = "aicc.fixed.reuse";

struct FixedPipelineOptions : PassPipelineOptions<FixedPipelineOptions> {
  Option<int64_t> reuse{*this, "reuse",
                        llvm::cl::desc("Reuse factor: cycles per layer (aicc -reuse=N)"),
                        llvm::cl::init(1)};
};

/// aicc-fold-qdq-moves, aicc-check-fixed-function, aicc-fixed-point-requantize,
/// aicc-schedule-reuse, after the graph pipeline (registered as
/// aicc-fixed-pipeline).
void buildFixedPipeline(OpPassManager &pm, const FixedPipelineOptions &opts);

struct FixedSoftwarePipelineOptions : PassPipelineOptions<FixedSoftwarePipelineOptions> {
  Option<bool> shareProducts{*this, "share-products",
                             llvm::cl::desc("Run aicc-fixed-share-products"),
                             llvm::cl::init(true)};
  Option<int64_t> shareMinUses{*this, "share-min-uses",
                               llvm::cl::desc("aicc-fixed-share-products' min-uses"),
                               llvm::cl::init(2)};
  Option<int64_t> csdDigits{*this, "csd-digits",
                            llvm::cl::desc("Constants with at most this many CSD digits "
                                           "become shift-adds"),
                            llvm::cl::init(3)};
};

/// aicc-specialize-fixed-layers, then in @main aicc-fixed-share-products,
/// aicc-fixed-strength-reduce and cse: the software form of -target=fixed,
/// after aicc-fixed-pipeline (registered as aicc-fixed-software-pipeline).
void buildFixedSoftwarePipeline(OpPassManager &pm, const FixedSoftwarePipelineOptions &opts);

/// Registers aicc-fixed-pipeline and aicc-fixed-software-pipeline.
void registerFixedPipeline();

} // namespace mlir::aicc

#endif

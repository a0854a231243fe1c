//===- FixedPipeline.cpp - the passes of -target=fixed ----------------------===//
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void mlir::aicc::buildFixedPipeline(OpPassManager &pm, const FixedPipelineOptions &opts) {
  pm.addNestedPass<func::FuncOp>(createFoldQDQMoves());
  pm.addPass(createCheckFixedFunction());
  pm.addNestedPass<func::FuncOp>(createFixedPointRequantize());
  pm.addNestedPass<func::FuncOp>(createScheduleReuse({opts.reuse}));
}

void mlir::aicc::registerFixedPipeline() {
  PassPipelineRegistration<FixedPipelineOptions>(
      "aicc-fixed-pipeline",
      "After aicc-graph-pipeline: int8 moves, the fixed-function check, "
      "fixed-point requantization and the reuse schedule (what -target=fixed "
      "runs before emitting Verilog)",
      [](OpPassManager &pm, const FixedPipelineOptions &opts) { buildFixedPipeline(pm, opts); });
}

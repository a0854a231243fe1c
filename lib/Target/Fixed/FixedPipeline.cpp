//===- FixedPipeline.cpp - the passes of -target=fixed ----------------------===//
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void mlir::aicc::buildFixedPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createFoldQDQMoves());
  pm.addPass(createCheckFixedFunction());
  pm.addNestedPass<func::FuncOp>(createFixedPointRequantize());
}

void mlir::aicc::registerFixedPipeline() {
  PassPipelineRegistration<>(
      "aicc-fixed-pipeline",
      "After aicc-graph-pipeline: int8 moves, the fixed-function check and "
      "fixed-point requantization (what -target=fixed runs before emitting Verilog)",
      [](OpPassManager &pm) { buildFixedPipeline(pm); });
}

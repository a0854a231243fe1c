//===- FixedPipeline.cpp - the passes of -target=fixed ----------------------===//
#include "aicc/Target/Fixed/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mlir::aicc::buildFixedPipeline(OpPassManager &pm, const FixedPipelineOptions &opts) {
  pm.addNestedPass<func::FuncOp>(createFoldQDQMoves());
  pm.addPass(createCheckFixedFunction());
  pm.addNestedPass<func::FuncOp>(createFixedPointRequantize());
  pm.addNestedPass<func::FuncOp>(createScheduleReuse({opts.reuse}));
}

void mlir::aicc::buildFixedSoftwarePipeline(OpPassManager &pm,
                                            const FixedSoftwarePipelineOptions &opts) {
  pm.addPass(createSpecializeFixedLayers());
  if (opts.shareProducts)
    pm.addNestedPass<func::FuncOp>(createFixedShareProducts({opts.csdDigits, opts.shareMinUses}));
  pm.addNestedPass<func::FuncOp>(createFixedStrengthReduce({opts.csdDigits}));
  pm.addNestedPass<func::FuncOp>(createCSEPass());
}

void mlir::aicc::registerFixedPipeline() {
  PassPipelineRegistration<FixedSoftwarePipelineOptions>(
      "aicc-fixed-software-pipeline",
      "After aicc-fixed-pipeline: the layers as arith with the weights as "
      "immediates, shared subexpressions, CSD strength reduction (what "
      "-target=fixed runs before the CPU code generation)",
      [](OpPassManager &pm, const FixedSoftwarePipelineOptions &opts) {
        buildFixedSoftwarePipeline(pm, opts);
      });
  PassPipelineRegistration<FixedPipelineOptions>(
      "aicc-fixed-pipeline",
      "After aicc-graph-pipeline: int8 moves, the fixed-function check, "
      "fixed-point requantization and the reuse schedule (what -target=fixed "
      "runs before emitting Verilog)",
      [](OpPassManager &pm, const FixedPipelineOptions &opts) { buildFixedPipeline(pm, opts); });
}

//===- CPUPipeline.cpp - aicc's graph and CPU pipelines ----------------------===//
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace mlir::aicc {

void buildGraphPipeline(OpPassManager &pm, const GraphPipelineOptions &opts) {
  pm.addPass(createCanonicalizerPass());
  if (opts.optLevel > 0) {
    pm.addPass(createCSEPass());
    // QDQ contractions become integer ones (docs/quantization.md).
    pm.addNestedPass<func::FuncOp>(createFoldQDQ());
    pm.addPass(createCanonicalizerPass());
  }
}

void buildCPUCodegenPipeline(OpPassManager &pm, const CPUCodegenOptions &opts) {
  if (opts.optLevel > 0) {
    if (opts.sparseKernels) {
      // Before the dense kernels, which would take every product.
      FormSparseKernelsOptions sparse;
      if (opts.sparseMinZeroFraction >= 0)
        sparse.minZeroFraction = opts.sparseMinZeroFraction;
      if (opts.sparseMinRows >= 0)
        sparse.minRows = opts.sparseMinRows;
      sparse.report = opts.sparseReport;
      pm.addNestedPass<func::FuncOp>(createFormSparseKernels(sparse));
    }
    FormInt4KernelsOptions int4Kernels;
    int4Kernels.vectorBits = opts.vectorBits;
    pm.addNestedPass<func::FuncOp>(createFormInt4Kernels(int4Kernels));
    FormMatmulKernelsOptions kernels;
    kernels.vectorBits = opts.vectorBits;
    pm.addNestedPass<func::FuncOp>(createFormMatmulKernels(kernels));
    FormIntegerKernelsOptions intKernels;
    intKernels.vectorBits = opts.vectorBits;
    intKernels.u8s8 = opts.u8s8;
    pm.addNestedPass<func::FuncOp>(createFormIntegerKernels(intKernels));
    pm.addPass(createCanonicalizerPass());
  }
  pm.addNestedPass<func::FuncOp>(createConvertAiccToLinalg());
  // tensor.dim of lowered results resolves to the operands' dims, so that
  // run-time checks between equal dims fold away.
  pm.addPass(memref::createResolveShapedTypeResultDimsPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (opts.optLevel > 0)
    pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  outParams.addResultAttribute = true; // aicc-bind-dynamic-shapes finds outputs

  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createFlattenGlobals());
  PlanMemoryOptions plan;
  plan.alignment = opts.arenaAlignment;
  plan.record = opts.recordMemoryPlan;
  pm.addNestedPass<func::FuncOp>(createPlanMemory(plan));
  // What the plan left (buffers, inputs, outputs with dynamic dims) and
  // run-time checks go through aicc_abi_exec_t.
  pm.addPass(createBindDynamicShapes());
  pm.addNestedPass<func::FuncOp>(createBindEmptyTensors());

  pm.addNestedPass<func::FuncOp>(createLowerCopies());
  if (opts.optLevel > 0)
    pm.addNestedPass<func::FuncOp>(createFillPadBorders());
  ConvertPackedMatmulToVectorOptions toVector;
  toVector.vectorBits = opts.vectorBits;
  pm.addNestedPass<func::FuncOp>(createConvertPackedMatmulToVector(toVector));
  ConvertPackedMatmulIntegerToVectorOptions intToVector;
  intToVector.vectorBits = opts.vectorBits;
  pm.addNestedPass<func::FuncOp>(createConvertPackedMatmulIntegerToVector(intToVector));
  pm.addNestedPass<func::FuncOp>(createConvertSparseMatmulToVector());
  ConvertPackedMatmulInt4ToVectorOptions int4ToVector;
  int4ToVector.vectorBits = opts.vectorBits;
  pm.addNestedPass<func::FuncOp>(createConvertPackedMatmulInt4ToVector(int4ToVector));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Large parallel loops go to the runtime's threads (aicc_abi_exec_t); the
  // rest become sequential loops below.
  OutlineParallelLoopsOptions outline;
  outline.minWork = opts.parallelMinWork;
  pm.addPass(createOutlineParallelLoops(outline));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createCanonicalizerPass());
  // f16/bf16 math and bf16 arithmetic run in f32: LLVM would otherwise call
  // libgcc helpers (__truncsfbf2) that Debian 12's libgcc lacks.
  pm.addNestedPass<func::FuncOp>(math::createMathExtendToSupportedTypes());
  if (opts.optLevel > 0)
    pm.addNestedPass<func::FuncOp>(createApproximateMath());
  arith::ArithEmulateUnsupportedFloatsOptions emulate;
  emulate.sourceTypeStrs = {"bf16"};
  emulate.targetTypeStr = "f32";
  pm.addNestedPass<func::FuncOp>(arith::createArithEmulateUnsupportedFloats(emulate));
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  // bf16 conversions become integer arithmetic: no libgcc helper needed.
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  ConvertFuncToLLVMPassOptions funcOpts;
  funcOpts.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcOpts));
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &opts) {
  GraphPipelineOptions graph;
  graph.optLevel = opts.optLevel;
  buildGraphPipeline(pm, graph);
  CPUCodegenOptions codegen;
  codegen.optLevel = opts.optLevel;
  codegen.vectorBits = opts.vectorBits;
  codegen.parallelMinWork = opts.parallelMinWork;
  buildCPUCodegenPipeline(pm, codegen);
}

void registerAiccPipelines() {
  PassPipelineRegistration<GraphPipelineOptions>(
      "aicc-graph-pipeline", "Graph-level rewrites on the aicc dialect",
      buildGraphPipeline);
  PassPipelineRegistration<CPUCodegenOptions>(
      "aicc-cpu-codegen-pipeline",
      "Lower the aicc dialect to the LLVM dialect for the CPU",
      buildCPUCodegenPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "aicc-cpu-pipeline", "The whole CPU compile: graph passes and codegen",
      buildCPUPipeline);
  registerCUDAPipelines();
}

} // namespace mlir::aicc

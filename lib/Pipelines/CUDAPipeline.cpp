//===- CUDAPipeline.cpp - aicc's CUDA pipeline -------------------------------===//
//
// aicc dialect -> linalg -> memrefs in one device arena -> parallel loops ->
// one gpu.launch per loop nest -> outlined kernels -> NVVM -> PTX/cubin.
// docs/cuda.md describes each stage and what is missing.
//
//===----------------------------------------------------------------------===//
#include "aicc/Conversion/Passes.h"
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Target/CUDA/Passes.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/bit.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace mlir::aicc {

namespace {

/// Tensors -> memrefs: graph outputs as out-parameters, every statically
/// sized intermediate a view into one arena (device memory at run time).
void addBufferization(OpPassManager &pm, unsigned optLevel) {
  // Softmaxes stay whole (linalg.softmax) for aicc-map-softmax-to-blocks.
  pm.addNestedPass<func::FuncOp>(createFormNamedSoftmax());
  pm.addNestedPass<func::FuncOp>(createConvertAiccToLinalg());
  pm.addPass(memref::createResolveShapedTypeResultDimsPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  if (optLevel > 0)
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
  outParams.addResultAttribute = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createPlanMemory());
}

/// Kernel bodies (in gpu.module) -> LLVM/NVVM dialect, bare pointers for
/// memrefs: a kernel's parameters are device addresses.
void addKernelLowering(OpPassManager &pm) {
  OpPassManager &gpuPm = pm.nest<gpu::GPUModuleOp>();
  gpuPm.addPass(createLowerAffinePass());
  gpuPm.addPass(createSCFToControlFlowPass());
  gpuPm.addPass(memref::createExpandStridedMetadataPass());
  gpuPm.addPass(createLowerAffinePass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  nvvm.indexBitwidth = 64;
  gpuPm.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  gpuPm.addPass(createReconcileUnrealizedCastsPass());
  gpuPm.addPass(createCanonicalizerPass());
  gpuPm.addPass(createCSEPass());
}

} // namespace

void buildCUDACodegenPipeline(OpPassManager &pm, const CUDACodegenOptions &opts) {
  addBufferization(pm, opts.optLevel);
  // Weights are one device buffer uploaded at load, read through views.
  pm.addPass(createWeightsToArgument());
  // One kernel per softmax, before approximate-math (its exp is inline too).
  MapSoftmaxToBlocksOptions softmax;
  softmax.blockSize = std::clamp<int64_t>(
      (int64_t)llvm::bit_floor((uint64_t)std::max<int64_t>(opts.blockSize, 1)), 32, 1024);
  pm.addNestedPass<func::FuncOp>(createMapSoftmaxToBlocks(softmax));
  pm.addNestedPass<func::FuncOp>(createLowerCopies());
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());
  pm.addNestedPass<func::FuncOp>(createHoistParallelDims());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createCanonicalizerPass());
  // exp, tanh, erf inline (no libdevice needed for softmax, GELU, sigmoid).
  pm.addNestedPass<func::FuncOp>(createApproximateMath());
  // Integer powers become functions that outlining copies into the kernels'
  // module (NVVM has no lowering for math.ipowi).
  pm.addPass(createConvertMathToFuncs());
  MapReductionsToBlocksOptions reductions;
  reductions.blockSize = std::min<int64_t>((int64_t)llvm::bit_floor((uint64_t)std::max<int64_t>(opts.blockSize, 1)), 1024);
  pm.addNestedPass<func::FuncOp>(createMapReductionsToBlocks(reductions));
  MapLoopsToGPUOptions map;
  map.blockSize = opts.blockSize;
  pm.addNestedPass<func::FuncOp>(createMapLoopsToGPU(map));
  // Constants and index arithmetic go into the kernels, not their arguments.
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createMergeGPUModules());
  pm.addPass(createSymbolDCEPass()); // e.g. the kernels' former modules
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = opts.chip;
  target.features = opts.features;
  target.optLevel = std::min<unsigned>(opts.optLevel, 3);
  if (!opts.libdevice.empty())
    target.linkLibs.push_back(opts.libdevice);
  pm.addPass(createGpuNVVMAttachTarget(target));
  if (!opts.serialize)
    return;
  addKernelLowering(pm);
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = opts.format;
  binary.toolkitPath = opts.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

void buildCUDAPipeline(OpPassManager &pm, const CUDAPipelineOptions &opts) {
  GraphPipelineOptions graph;
  graph.optLevel = opts.optLevel;
  buildGraphPipeline(pm, graph);
  CUDACodegenOptions codegen;
  codegen.optLevel = opts.optLevel;
  codegen.chip = opts.chip;
  codegen.format = opts.format;
  codegen.serialize = opts.serialize;
  buildCUDACodegenPipeline(pm, codegen);
}

void registerCUDAPipelines() {
  PassPipelineRegistration<CUDACodegenOptions>(
      "aicc-cuda-codegen-pipeline",
      "Lower the aicc dialect to GPU kernels serialised for NVIDIA GPUs",
      buildCUDACodegenPipeline);
  PassPipelineRegistration<CUDAPipelineOptions>(
      "aicc-cuda-pipeline", "The whole CUDA compile: graph passes and codegen",
      buildCUDAPipeline);
}

} // namespace mlir::aicc

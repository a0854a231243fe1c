//===- Pipelines.h - aicc pass pipelines --------------------------*- C++ -*-===//
//
// Every compile is a sequence of these pipelines. They are library functions
// taking option structs; `registerAiccPipelines` registers them so that
// aicc-opt replays any stage, e.g.
//   aicc-opt --pass-pipeline='builtin.module(aicc-cpu-pipeline{opt-level=2})'
//
//===----------------------------------------------------------------------===//
#ifndef AICC_PIPELINES_PIPELINES_H
#define AICC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace aicc {

/// Graph-level clean-up and rewrites on the aicc dialect.
struct GraphPipelineOptions : PassPipelineOptions<GraphPipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimisation level 0-3"),
                            llvm::cl::init(2)};
};

/// aicc dialect -> LLVM dialect for the host CPU, with one arena for all
/// intermediates and bare-pointer function arguments.
struct CPUCodegenOptions : PassPipelineOptions<CPUCodegenOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimisation level 0-3"),
                            llvm::cl::init(2)};
  Option<int64_t> arenaAlignment{*this, "arena-alignment",
                                 llvm::cl::desc("Byte alignment of arena buffers"),
                                 llvm::cl::init(64)};
  Option<bool> recordMemoryPlan{
      *this, "record-memory-plan",
      llvm::cl::desc("Attach the arena plan to each function as aicc.memory_plan"),
      llvm::cl::init(false)};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("Vector register width in bits that "
                                            "register tiles are sized for"),
                             llvm::cl::init(256)};
  Option<bool> u8s8{*this, "u8s8",
                    llvm::cl::desc("Integer convolutions with weights in [-64, 64] "
                                   "multiply unsigned by signed bytes (pmaddubsw; "
                                   "aicc-form-integer-kernels)"),
                    llvm::cl::init(false)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Estimated operations from which a parallel loop runs on "
                     "the runtime's threads (aicc-outline-parallel-loops)"),
      llvm::cl::init(32768)};
  Option<bool> sparseKernels{
      *this, "sparse-kernels",
      llvm::cl::desc("Run products with sparse constant weights on aicc.sparse_matmul "
                     "(aicc-form-sparse-kernels; aicc -sparsity=auto|off)"),
      llvm::cl::init(true)};
  Option<double> sparseMinZeroFraction{
      *this, "sparse-min-zero-fraction",
      llvm::cl::desc("Zero fraction from which a weight gets the sparse kernel; "
                     "negative: the measured default of aicc-form-sparse-kernels"),
      llvm::cl::init(-1.0)};
  Option<int64_t> sparseMinRows{
      *this, "sparse-min-rows",
      llvm::cl::desc("Products with fewer rows need 95% zeros (with 0, no product "
                     "does); negative: the measured default of aicc-form-sparse-kernels"),
      llvm::cl::init(-1)};
  Option<bool> sparseReport{
      *this, "sparse-report",
      llvm::cl::desc("A remark at each product that gets the sparse kernel"),
      llvm::cl::init(false)};
};

/// Both of the above.
struct CPUPipelineOptions : PassPipelineOptions<CPUPipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimisation level 0-3"),
                            llvm::cl::init(2)};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("Vector register width in bits that "
                                            "register tiles are sized for"),
                             llvm::cl::init(256)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Estimated operations from which a parallel loop runs on "
                     "the runtime's threads (aicc-outline-parallel-loops)"),
      llvm::cl::init(32768)};
};

/// aicc dialect -> GPU kernels for NVIDIA GPUs (docs/cuda.md): bufferized
/// like the CPU, one device arena, each loop nest a kernel (gpu dialect),
/// kernels lowered to NVVM and serialised to PTX, cubin or a fat binary. The
/// host function stays in the func/gpu dialects.
struct CUDACodegenOptions : PassPipelineOptions<CUDACodegenOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimisation level 0-3"),
                            llvm::cl::init(2)};
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("GPU architecture, e.g. sm_80, sm_90"),
                           llvm::cl::init("sm_80")};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("NVPTX features (PTX ISA version)"),
                               llvm::cl::init("+ptx80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary produces: isa (PTX text), "
                     "bin (cubin, needs ptxas) or fatbin"),
      llvm::cl::init("isa")};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit directory for ptxas (formats bin, fatbin)"),
      llvm::cl::init("")};
  Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("libdevice.10.bc to link (math functions without an "
                     "inline approximation); empty: none"),
      llvm::cl::init("")};
  Option<int64_t> blockSize{*this, "block-size",
                            llvm::cl::desc("Threads per block of each kernel"),
                            llvm::cl::init(256)};
  Option<bool> serialize{
      *this, "serialize",
      llvm::cl::desc("false: stop after kernel outlining (gpu dialect), "
                     "before NVVM and serialisation"),
      llvm::cl::init(true)};
};

/// The graph pipeline, then the CUDA codegen.
struct CUDAPipelineOptions : PassPipelineOptions<CUDAPipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("Optimisation level 0-3"),
                            llvm::cl::init(2)};
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("GPU architecture, e.g. sm_80, sm_90"),
                           llvm::cl::init("sm_80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("isa (PTX text), bin (cubin, needs ptxas) or fatbin"),
      llvm::cl::init("isa")};
  Option<bool> serialize{
      *this, "serialize",
      llvm::cl::desc("false: stop after kernel outlining (gpu dialect)"),
      llvm::cl::init(true)};
};

void buildGraphPipeline(OpPassManager &pm, const GraphPipelineOptions &opts);
void buildCPUCodegenPipeline(OpPassManager &pm, const CPUCodegenOptions &opts);
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &opts);
void buildCUDACodegenPipeline(OpPassManager &pm, const CUDACodegenOptions &opts);
void buildCUDAPipeline(OpPassManager &pm, const CUDAPipelineOptions &opts);

/// Registers aicc-graph-pipeline, aicc-cpu-codegen-pipeline, aicc-cpu-pipeline,
/// aicc-cuda-codegen-pipeline, aicc-cuda-pipeline.
void registerAiccPipelines();
/// The CUDA two (called by registerAiccPipelines).
void registerCUDAPipelines();

} // namespace aicc
} // namespace mlir

#endif

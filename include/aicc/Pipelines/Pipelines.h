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
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Estimated operations from which a parallel loop runs on "
                     "the runtime's threads (aicc-outline-parallel-loops)"),
      llvm::cl::init(32768)};
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

void buildGraphPipeline(OpPassManager &pm, const GraphPipelineOptions &opts);
void buildCPUCodegenPipeline(OpPassManager &pm, const CPUCodegenOptions &opts);
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &opts);

/// Registers aicc-graph-pipeline, aicc-cpu-codegen-pipeline, aicc-cpu-pipeline.
void registerAiccPipelines();

} // namespace aicc
} // namespace mlir

#endif

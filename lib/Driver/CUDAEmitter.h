//===- CUDAEmitter.h - -target=cuda outputs ----------------------*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_CUDAEMITTER_H
#define AICC_LIB_DRIVER_CUDAEMITTER_H

#include "aicc/Driver/Driver.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::aicc {

/// Runs aicc-cuda-codegen-pipeline on `module` (after the graph pipeline)
/// once per -cuda-arch and writes -emit=ptx (PTX text, every arch) or
/// -emit=cubin (one arch, needs ptxas) to `out` ("-": stdout for PTX).
LogicalResult emitCUDA(ModuleOp module, const CompileOptions &opts, StringRef out);

/// -target=cuda -o MODEL.so: compiles the kernels for every -cuda-arch
/// (cubins when a toolkit is found, plus PTX) and links a shared library
/// whose descriptor carries them, the weights and the launch table
/// (docs/cuda.md); its descriptor getter is `<symbolPrefix>_model_v1`.
LogicalResult emitCUDAArtifact(ModuleOp module, const CompileOptions &opts, StringRef out,
                               StringRef symbolPrefix);

} // namespace mlir::aicc

#endif

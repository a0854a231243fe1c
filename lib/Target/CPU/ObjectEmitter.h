//===- ObjectEmitter.h - target machines and object emission -----*- C++ -*-===//
//
// Shared by ObjectEmitter.cpp (one object) and ParallelCodegen.cpp (one
// object per partition, emitted on parallel threads).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_TARGET_CPU_OBJECTEMITTER_H
#define AICC_LIB_TARGET_CPU_OBJECTEMITTER_H

#include "aicc/Target/CPU/CPUTarget.h"
#include "llvm/Target/TargetMachine.h"

namespace mlir::aicc {

/// The target machine for `opts` (host CPU and features by default); null
/// with `error` set if there is none. One per thread: a TargetMachine is not
/// shared between threads.
std::unique_ptr<llvm::TargetMachine> createTargetMachine(const CPUTargetOptions &opts,
                                                         std::string &error);

/// Sets the data layout and triple, and the CPU and features on every
/// defined function (they travel with the functions into partitions).
void prepareForTarget(llvm::Module &module, llvm::TargetMachine &tm);

/// Runs LLVM's optimisation pipeline at opts.optLevel and writes an object
/// file to `path`.
LogicalResult optimizeAndEmit(llvm::Module &module, llvm::TargetMachine &tm,
                              const CPUTargetOptions &opts, StringRef path,
                              std::string &error);

} // namespace mlir::aicc

#endif

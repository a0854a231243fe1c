//===- ExecABI.h - aicc_abi_exec_t as the passes see it -----------*- C++ -*-===//
//
// Internal to lib/Transforms. The layout of aicc_abi_exec_t (aicc/abi.h) in
// the LLVM dialect, for the passes that call through it
// (aicc-outline-parallel-loops, aicc-bind-dynamic-shapes).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_TRANSFORMS_EXECABI_H
#define AICC_LIB_TRANSFORMS_EXECABI_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::aicc::exec_abi {

/// Field indices of aicc_abi_exec_t.
enum Field : int32_t {
  kStructSize = 0,
  kNumThreads = 1,
  kPool = 2,
  kParallelFor = 3,
  kInputShapes = 4, // version 3 from here on
  kState = 5,
  kAllocOutput = 6,
  kAllocScratch = 7,
  kFail = 8,
};

/// {u32 struct_size, i32 num_threads, then seven pointers}.
inline LLVM::LLVMStructType structType(MLIRContext *ctx) {
  Type i32 = IntegerType::get(ctx, 32), ptr = LLVM::LLVMPointerType::get(ctx);
  return LLVM::LLVMStructType::getLiteral(
      ctx, {i32, i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr});
}

/// Loads pointer field `f` of the exec struct that `exec` points to.
inline Value loadField(OpBuilder &b, Location loc, Value exec, Field f) {
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  Value addr = LLVM::GEPOp::create(b, loc, ptr, structType(b.getContext()), exec,
                                   ArrayRef<LLVM::GEPArg>{0, (int32_t)f});
  return LLVM::LoadOp::create(b, loc, ptr, addr);
}

} // namespace mlir::aicc::exec_abi

#endif

//===- Passes.h - CUDA target passes ------------------------------*- C++ -*-===//
#ifndef AICC_TARGET_CUDA_PASSES_H
#define AICC_TARGET_CUDA_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace mlir::aicc {

#define GEN_PASS_DECL
#include "aicc/Target/CUDA/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aicc/Target/CUDA/Passes.h.inc"

} // namespace mlir::aicc

#endif

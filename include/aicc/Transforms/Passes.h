//===- Passes.h - aicc transformation passes ----------------------*- C++ -*-===//
#ifndef AICC_TRANSFORMS_PASSES_H
#define AICC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::aicc {

#define GEN_PASS_DECL
#include "aicc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "aicc/Transforms/Passes.h.inc"

} // namespace mlir::aicc

#endif

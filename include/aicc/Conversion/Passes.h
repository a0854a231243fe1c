//===- Passes.h - aicc conversion passes --------------------------*- C++ -*-===//
#ifndef AICC_CONVERSION_PASSES_H
#define AICC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
class TypeConverter;
namespace aicc {

#define GEN_PASS_DECL
#include "aicc/Conversion/Passes.h.inc"

/// Patterns lowering each aicc op family to linalg/tensor/arith/math.
void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateContractionToLinalgPatterns(RewritePatternSet &patterns);
void populatePoolingToLinalgPatterns(RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(RewritePatternSet &patterns);
void populateDataMovementToLinalgPatterns(RewritePatternSet &patterns);
void populateResizeToLinalgPatterns(RewritePatternSet &patterns);
void populateArgReductionToLinalgPatterns(RewritePatternSet &patterns);
void populateQuantToLinalgPatterns(RewritePatternSet &patterns);
/// aicc.loop -> scf.while on tensors (LoopLowering.cpp).
void populateLoopToSCFPatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "aicc/Conversion/Passes.h.inc"

} // namespace aicc
} // namespace mlir

#endif

//===- Quantization.h - what the quantization passes accept ------*- C++ -*-===//
//
// The driver's -quantize step asks these before it runs aicc-insert-qdq or
// aicc-quantize-dynamic, to calibrate only what will be quantized and to
// report what is skipped and why.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TRANSFORMS_QUANTIZATION_H
#define AICC_TRANSFORMS_QUANTIZATION_H

#include "mlir/IR/Operation.h"
#include <string>

namespace mlir::aicc {

/// Calibrated ranges that aicc-insert-qdq reads from a contraction:
/// `array<f32: min, max>` of its input (operand 0) and of its result.
inline constexpr llvm::StringLiteral kInputRangeAttrName = "aicc.input_range";
inline constexpr llvm::StringLiteral kOutputRangeAttrName = "aicc.output_range";

/// Whether `op` is a contraction the quantization passes look at
/// (aicc.conv, aicc.matmul, aicc.gemm).
bool isQuantizationCandidate(Operation *op);

/// Why aicc-insert-qdq leaves the candidate `op` in float, or "" when it
/// quantizes it (given ranges).
std::string staticQuantizationBlocker(Operation *op);

/// Why aicc-quantize-dynamic leaves the candidate `op` in float, or "".
std::string dynamicQuantizationBlocker(Operation *op);

/// Why aicc-quantize-w4 leaves the candidate `op` in float, or "".
std::string w4QuantizationBlocker(Operation *op);

} // namespace mlir::aicc

#endif

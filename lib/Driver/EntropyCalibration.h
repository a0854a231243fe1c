//===- EntropyCalibration.h - KL-divergence activation ranges -----*- C++ -*-===//
#ifndef AICC_LIB_DRIVER_ENTROPYCALIBRATION_H
#define AICC_LIB_DRIVER_ENTROPYCALIBRATION_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include <utility>

namespace mlir::aicc {

/// The range [lo, hi] of `values` clipped at the threshold t whose 128-level
/// quantization of the |value| histogram (2048 bins up to max |value|) is
/// closest to the histogram in KL divergence, TensorRT's entropy
/// calibration: [max(lo, -t), min(hi, t)].
std::pair<float, float> entropyRange(ArrayRef<float> values, float lo, float hi);

} // namespace mlir::aicc

#endif

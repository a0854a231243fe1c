//===- QuantizeOptions.h - aicc -quantize and -calibration --------*- C++ -*-===//
#ifndef AICC_DRIVER_QUANTIZEOPTIONS_H
#define AICC_DRIVER_QUANTIZEOPTIONS_H

#include "mlir/Support/LLVM.h"
#include <string>

namespace mlir::aicc {

/// What -quantize asks for. New schemes add a value here and a row to the
/// table in lib/Driver/QuantizeOptions.cpp.
enum class QuantizeMode {
  None,    ///< f32 as imported (default)
  Int8,    ///< static: int8 activations (calibrated) and per-channel weights
  Dynamic, ///< activations quantized per call, per-channel int8 weights
  W4,      ///< blocked 4-bit weights (MatMul/Gemm), f32 activations
  Ternary,    ///< static int8 activations, {-1, 0, 1} weights times mean |w| per channel
  TernaryMse, ///< the same with least-squares ternary weights and scales
};

/// How calibrated activation ranges are chosen from the sample values.
enum class CalibrationMethod {
  MinMax,     ///< the smallest and largest value seen
  Percentile, ///< the (100 - p)th and pth percentiles of all values seen
  Entropy,    ///< clipped where the int8 histogram loses least (KL divergence)
};

struct QuantizeOptions {
  QuantizeMode mode = QuantizeMode::None;
  /// One folder per sample holding input_<i>.npy or .pb in graph-input order
  /// (ONNX's test_data_set_N layout); empty: none.
  std::string calibrationDir;
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;
  /// -quantize=w4: weights along K per scale and zero point (-quant-block).
  int64_t blockSize = 32;
};

/// Parses the value of -quantize into `opts`; returns an error listing the
/// accepted values, or "" on success.
std::string parseQuantizeMode(StringRef value, QuantizeOptions &opts);

/// Parses -calibration-method (minmax|percentile|entropy); error or "".
std::string parseCalibrationMethod(StringRef value, QuantizeOptions &opts);

/// The accepted -quantize values with a description, for --help.
std::string quantizeModeHelp();

/// The -quantize value naming `mode` ("none" for None).
StringRef quantizeModeName(QuantizeMode mode);

} // namespace mlir::aicc

#endif

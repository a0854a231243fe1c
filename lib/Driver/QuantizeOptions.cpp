//===- QuantizeOptions.cpp - parsing -quantize and -calibration-method -----===//
#include "aicc/Driver/QuantizeOptions.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {
struct ModeRow {
  const char *name;
  QuantizeMode mode;
  const char *help;
};
const ModeRow kModes[] = {
    {"none", QuantizeMode::None, "keep f32 (default)"},
    {"int8", QuantizeMode::Int8,
     "static int8: per-channel weights, per-tensor activations calibrated on -calibration=DIR"},
    {"dynamic", QuantizeMode::Dynamic,
     "int8 weights per channel, activations quantized per call (MatMul/Gemm)"},
    {"w4", QuantizeMode::W4,
     "4-bit weights in blocks of -quant-block along K (MatMul/Gemm), f32 activations"},
    {"ternary", QuantizeMode::Ternary,
     "weights in {-1, 0, 1} times mean|w| per output channel (BitNet b1.58), int8 activations "
     "calibrated on -calibration=DIR"},
    {"ternary-mse", QuantizeMode::TernaryMse,
     "ternary weights with the least-squares scale per output channel, as -quantize=ternary"},
};

std::string acceptedList() {
  SmallVector<StringRef> names;
  for (const ModeRow &row : kModes)
    names.push_back(row.name);
  return llvm::join(names, ", ");
}
} // namespace

std::string mlir::aicc::parseQuantizeMode(StringRef value, QuantizeOptions &opts) {
  for (const ModeRow &row : kModes)
    if (value == row.name) {
      opts.mode = row.mode;
      return "";
    }
  return "-quantize: unknown value '" + value.str() + "'; accepted: " + acceptedList();
}

std::string mlir::aicc::parseCalibrationMethod(StringRef value, QuantizeOptions &opts) {
  if (value == "minmax")
    opts.method = CalibrationMethod::MinMax;
  else if (value == "percentile")
    opts.method = CalibrationMethod::Percentile;
  else if (value == "entropy")
    opts.method = CalibrationMethod::Entropy;
  else
    return "-calibration-method: unknown value '" + value.str() +
           "'; accepted: minmax, percentile, entropy";
  return "";
}

std::string mlir::aicc::quantizeModeHelp() {
  std::string s;
  for (const ModeRow &row : kModes)
    s += std::string(s.empty() ? "" : "; ") + row.name + ": " + row.help;
  return s;
}

StringRef mlir::aicc::quantizeModeName(QuantizeMode mode) {
  for (const ModeRow &row : kModes)
    if (row.mode == mode)
      return row.name;
  return "?";
}

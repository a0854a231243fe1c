//===- CalibrationRunner.h - run compiled models on sample inputs -*- C++ -*-===//
//
// The -quantize step runs models it compiled itself (an instrumented f32
// copy, the quantized result) on the calibration samples, through libaiccrt,
// as any application would.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_LIB_DRIVER_CALIBRATIONRUNNER_H
#define AICC_LIB_DRIVER_CALIBRATIONRUNNER_H

#include "mlir/Support/LLVM.h"
#include <memory>
#include <string>
#include <vector>

struct aicc_model;
struct aicc_context;

namespace mlir::aicc {

/// One sample: the graph inputs read from a folder (input_<i>.npy or .pb).
struct CalibrationSample {
  std::string dir;
  /// Opaque tensors owned by the sample (aiccrun_tensor_t).
  std::vector<std::shared_ptr<void>> inputs;
};

/// Reads every sample folder under `dir` in name order, or `dir` itself when
/// it holds input_0.npy/.pb; each needs `numInputs` inputs. Errors are
/// reported (reportError) and give failure.
FailureOr<std::vector<CalibrationSample>> readCalibrationSamples(StringRef dir,
                                                                 size_t numInputs);

/// The values of input `i` of `sample` when it is f32, else empty.
ArrayRef<float> inputValues(const CalibrationSample &sample, size_t i);

/// A compiled model loaded through libaiccrt, with one context.
class LoadedModel {
public:
  /// Loads `path`; outputs must have static shapes.
  static std::unique_ptr<LoadedModel> load(StringRef path);
  ~LoadedModel();
  size_t numInputs() const;
  size_t numOutputs() const;
  /// Name and whether output `i` is f32.
  std::string outputName(size_t i) const;
  bool outputIsF32(size_t i) const;
  /// Runs one sample; `outputs[i]` gets output i's values (empty when the
  /// output is not f32).
  LogicalResult run(const CalibrationSample &sample, std::vector<std::vector<float>> &outputs);

private:
  LoadedModel() = default;
  struct aicc_model *model = nullptr;
  struct aicc_context *context = nullptr;
};

} // namespace mlir::aicc

#endif

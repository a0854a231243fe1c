//===- HarnessEmitter.h - Verilator harness and report.json -------*- C++ -*-===//
#ifndef AICC_TARGET_FIXED_HARNESSEMITTER_H
#define AICC_TARGET_FIXED_HARNESSEMITTER_H

#include "FixedGraph.h"
#include "VerilogLayers.h"

namespace mlir::aicc::fixed {

/// The design's interface and timing, as the harness and report need them.
struct DesignSummary {
  std::string inputName, outputName;
  SmallVector<int64_t> inputShape, outputShape;
  float inputScale = 1;
  int64_t inputZeroPoint = 0;
  std::optional<float> outputScale;
  int64_t outputZeroPoint = 0;
  /// The graph's outputs in order: false for the int8 result, true for its
  /// dequantized f32 value.
  SmallVector<bool> outputsDequantized;
  int64_t latency = 0; ///< cycles from an accepted input to its output
  int64_t initiationInterval = 1; ///< cycles between accepted inputs
  int64_t reuse = 1;              ///< -reuse=N as asked
  struct LayerInfo {
    std::string node, kind, module;
    LayerStats stats;
  };
  SmallVector<LayerInfo> layers;
};

/// A Verilator main for `top`: `sim IN.bin OUT.bin` streams every input
/// vector (inputBytes each) through the design, writes the outputs and
/// prints `latency_cycles=L initiation_interval=I cycles=C vectors=N` on
/// stderr (I: the largest gap between accepted inputs, -1 for one vector);
/// with a third argument `--random-stalls` the source offers and the sink
/// takes vectors only on pseudo-random cycles (backpressure on both sides); `sim --describe`
/// prints the interface for aicc-run, one line each:
///   input int8 RANK DIMS... SCALE ZERO_POINT
///   output int8 RANK DIMS...                 (the int8 result)
///   output float32 RANK DIMS... SCALE ZERO_POINT   (its dequantized value)
void writeHarness(llvm::raw_ostream &os, const DesignSummary &d);

void writeReport(llvm::raw_ostream &os, const DesignSummary &d);

} // namespace mlir::aicc::fixed

#endif

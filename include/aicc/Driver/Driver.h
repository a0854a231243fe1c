//===- Driver.h - compile an ONNX model into an artifact ----------*- C++ -*-===//
//
// What the `aicc` tool does, as a library: import, run the pipelines, emit.
// Other tools and build systems call compileModel() directly.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_DRIVER_DRIVER_H
#define AICC_DRIVER_DRIVER_H

#include "aicc/Driver/QuantizeOptions.h"
#include "mlir/Support/LLVM.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::aicc {

enum class EmitKind {
  SharedLibrary, ///< MODEL.so with weights embedded (default)
  Object,        ///< MODEL.o + MODEL.h
  MLIR,          ///< aicc dialect right after import
  MLIROpt,       ///< aicc dialect after graph passes
  LLVMIR,        ///< LLVM IR before LLVM's optimisations
  Verilog,       ///< -target=fixed: a directory with model.v, harness, report
  PTX,           ///< -target=cuda: the kernels' PTX, one module per -cuda-arch
  Cubin,         ///< -target=cuda: the kernels as a cubin (needs ptxas)
};

struct CompileOptions {
  std::string inputPath;
  std::string outputPath; ///< empty: derived from the input (or stdout for text)
  std::string target = "cpu"; ///< "cpu", "fixed" or "cuda"
  /// -target=cuda: GPU architectures (sm_80, sm_90, ...); empty: sm_80.
  std::vector<std::string> cudaArchs;
  EmitKind emit = EmitKind::SharedLibrary;
  /// -reuse=N (-target=fixed -emit=verilog only): each layer computes its
  /// outputs over N cycles; unset: fully parallel (1).
  std::optional<int64_t> reuse;
  unsigned optLevel = 2;
  /// -compile-threads=N: LLVM optimises and emits a shared library's code in
  /// N partitions on N threads; 0: the machine's physical cores, at most 4
  /// (modules of 20k+ instructions). Default 1: the split code measured a few
  /// percent slower (docs/performance.md).
  unsigned compileThreads = 1;
  std::string triple, cpu, features;
  std::string symbolPrefix; ///< empty: derived from the output file name
  bool runChecker = true;
  /// Graph-input shapes pinned at compile time, by input name.
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Sequence graph inputs compiled for a fixed length (`-sequence-length`),
  /// and optional graph inputs compiled as empty (`-optional-absent`).
  std::map<std::string, int64_t> sequenceLengths;
  std::vector<std::string> absentOptionals;
  /// Print the arena plan of aicc-plan-memory as a table: to stdout, or to
  /// stderr when the output itself goes to stdout.
  bool printMemoryPlan = false;
  /// If not empty, write the arena plan as an SVG chart to this path.
  std::string memoryPlanSVG;
  /// -quantize, -calibration: quantization between import and the graph
  /// pipeline (lib/Driver/Quantize.cpp, docs/quantization.md).
  QuantizeOptions quantize;
  /// -prune=unstructured:F or N:M: magnitude pruning of constant weights
  /// after the graph pipeline, with a report (lib/Driver/Sparsity.cpp); empty:
  /// none.
  std::string prune;
  /// -precision=fp32|bf16|fp16: MatMul/Gemm/Conv weights stored and
  /// activations rounded in bf16/fp16, f32 accumulation and outputs
  /// (aicc-reduce-precision, docs/quantization.md, docs/cuda.md).
  std::string precision = "fp32";
  /// -sparsity=auto|off|always: sparse kernels for sparse constant weights.
  std::string sparsity = "auto";
  /// false: stop after the memory plan (needs printMemoryPlan or
  /// memoryPlanSVG); nothing is translated to LLVM and no output is written.
  bool writeOutput = true;
};

/// Parses `NAME:D1xD2x...` (an empty dim list pins a scalar) into `opts`;
/// returns an error message, or an empty string on success.
std::string parseInputShape(StringRef spec, CompileOptions &opts);
/// Parses `NAME:N` of -sequence-length into `opts`; returns an error message,
/// or an empty string on success.
std::string parseSequenceLength(StringRef spec, CompileOptions &opts);

/// Compiles per `opts`. Diagnostics go to the context's handler installed by
/// the caller (see installDiagnosticPrinter). Returns failure on any error.
LogicalResult compileModel(const CompileOptions &opts);

} // namespace mlir::aicc

#endif

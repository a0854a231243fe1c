//===- ONNXImporter.h - ONNX model to aicc IR ---------------------*- C++ -*-===//
//
// Entry point of the ONNX importer. The importer is the only part of aicc that
// links protobuf/onnx; it turns a model file into a `builtin.module` holding
// one `func.func @main` of aicc ops. docs/importer.md describes the IR
// contract, the opset handling and the rules for external data.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_IMPORT_ONNX_ONNXIMPORTER_H
#define AICC_IMPORT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>
#include <vector>

namespace mlir::aicc {

/// Options of the ONNX importer.
struct ONNXImportOptions {
  /// Runs the ONNX checker when the model is within what libonnx 1.12 knows
  /// (IR version <= 8, ai.onnx opset <= 17); newer models skip it silently.
  bool runChecker = true;
  /// Shapes pinned by graph-input name (`-input-shape=NAME:1x3x224x224`). A
  /// pin keeps the input's rank and every dimension the model fixes; it
  /// replaces symbolic or unknown dimensions.
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Lengths of graph inputs that are sequences (`-sequence-length=NAME:N`):
  /// such an input becomes N tensor inputs `NAME[0]` ... `NAME[N-1]`.
  std::map<std::string, int64_t> sequenceLengths;
  /// Optional graph inputs compiled as empty (`-optional-absent=NAME`); the
  /// others are compiled as present and take their value like any input.
  std::vector<std::string> absentOptionals;
};

/// Imports a binary .onnx (or ONNX textual format when the path ends in
/// .onnxtxt / .txt). Errors are emitted as MLIR diagnostics (at the node's
/// location when there is one); returns null on failure. Never crashes,
/// asserts or exits on bad input. Loads the aicc, func and arith dialects.
/// One default-domain op the importer handles, with the opsets and graph
/// element types of its passing ONNX node tests (docs/conformance.md).
struct SupportedONNXOp {
  std::string name, testedOpsets, testedTypes;
};
/// Every op the importer handles, sorted by name (`aicc --list-ops`).
std::vector<SupportedONNXOp> supportedONNXOps();

OwningOpRef<ModuleOp> importONNXFile(MLIRContext &ctx, llvm::StringRef path,
                                     const ONNXImportOptions &opts);

} // namespace mlir::aicc

#endif // AICC_IMPORT_ONNX_ONNXIMPORTER_H

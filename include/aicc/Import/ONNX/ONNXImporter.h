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
};

/// Imports a binary .onnx (or ONNX textual format when the path ends in
/// .onnxtxt / .txt). Errors are emitted as MLIR diagnostics (at the node's
/// location when there is one); returns null on failure. Never crashes,
/// asserts or exits on bad input. Loads the aicc, func and arith dialects.
OwningOpRef<ModuleOp> importONNXFile(MLIRContext &ctx, llvm::StringRef path,
                                     const ONNXImportOptions &opts);

} // namespace mlir::aicc

#endif // AICC_IMPORT_ONNX_ONNXIMPORTER_H

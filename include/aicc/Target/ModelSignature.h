//===- ModelSignature.h - what a compiled model exposes -----------*- C++ -*-===//
//
// The graph inputs and outputs of a model's entry function, read from the
// aicc-level IR before lowering. Every back end emits it into its artifact
// (the ABI descriptor, the C header) so callers can check what they pass.
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_MODELSIGNATURE_H
#define AICC_TARGET_MODELSIGNATURE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include <string>
#include <vector>

namespace mlir::aicc {

struct TensorSignature {
  std::string name;
  int32_t dtype = 0; ///< aicc_dtype_t (ONNX TensorProto.DataType numbering)
  std::vector<int64_t> shape; ///< -1 for a dynamic dimension
  bool isDynamic() const {
    for (int64_t d : shape)
      if (d < 0)
        return true;
    return false;
  }
};

struct ModelSignature {
  std::string modelName;
  std::vector<TensorSignature> inputs, outputs;
};

/// Reads the signature of `func.func @main`. Fails with a diagnostic when an
/// input or output is not a ranked tensor of a supported type.
FailureOr<ModelSignature> extractModelSignature(ModuleOp module);

/// aicc_dtype_t of an MLIR element type, 0 when it has none.
int32_t dtypeOf(Type elementType);

} // namespace mlir::aicc

#endif

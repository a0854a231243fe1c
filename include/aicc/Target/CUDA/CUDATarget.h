//===- CUDATarget.h - the CUDA target's artifacts ------------------*- C++ -*-===//
//
// What -target=cuda reads back from a module after aicc-cuda-pipeline: the
// serialised kernels of each gpu.binary (docs/cuda.md).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_CUDA_CUDATARGET_H
#define AICC_TARGET_CUDA_CUDATARGET_H

#include "mlir/IR/BuiltinOps.h"
#include <string>
#include <vector>

namespace mlir::aicc {

/// One serialised GPU module: PTX text (`format` "isa"), a cubin ("bin") or
/// a fat binary ("fatbin") for `chip`.
struct GPUObject {
  std::string module; ///< the gpu.binary's symbol (one per outlined kernel)
  std::string chip;
  std::string format;
  std::string data;
};

/// The objects of every gpu.binary in `module`, in module order.
std::vector<GPUObject> collectGPUObjects(ModuleOp module);

/// Writes the PTX objects one after the other, each under a comment naming
/// its GPU module.
void writePTX(raw_ostream &os, ArrayRef<GPUObject> objects);

/// The CUDA toolkit to take ptxas and libdevice from: $CUDA_HOME or
/// $CUDA_PATH when set, else /usr/local/cuda; the first that has bin/ptxas,
/// empty when none has.
std::string findCUDAToolkit();

} // namespace mlir::aicc

#endif

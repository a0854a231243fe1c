//===- CUDATarget.h - the CUDA target's artifacts ------------------*- C++ -*-===//
//
// What -target=cuda reads back from a module after aicc-cuda-pipeline: the
// serialised kernels of each gpu.binary (docs/cuda.md).
//
//===----------------------------------------------------------------------===//
#ifndef AICC_TARGET_CUDA_CUDATARGET_H
#define AICC_TARGET_CUDA_CUDATARGET_H

#include "aicc/Target/ModelSignature.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <cstdint>
#include <memory>
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

/// One kernel parameter of a launch (aicc/abi.h: aicc_abi_cuda_arg_t).
struct CUDALaunchArg {
  int32_t kind = 0;   ///< AICC_ABI_CUDA_ARG_*
  int32_t index = 0;  ///< graph input/output index; scalars: byte size
  uint64_t value = 0; ///< byte offset into the buffer, or the scalar's bits
};

/// One gpu.launch_func of the host function.
struct CUDALaunch {
  std::string kernel;
  uint32_t grid[3] = {1, 1, 1};
  uint32_t block[3] = {1, 1, 1};
  uint32_t sharedBytes = 0;
  std::vector<CUDALaunchArg> args;
};

/// The launch sequence of `@main` after aicc-cuda-codegen-pipeline: its
/// arguments are the graph inputs, the graph outputs, the arena and (after
/// aicc-weights-to-argument) the weights; every memref a kernel receives must
/// be one of them or a view of one at a constant byte offset, every scalar a
/// constant, every launch shape constant. Anything else in @main is an error
/// at that op.
FailureOr<std::vector<CUDALaunch>> buildLaunchPlan(ModuleOp module, unsigned numInputs,
                                                   unsigned numOutputs);

/// The bytes of the weights buffer that aicc-weights-to-argument laid out:
/// every memref.global marked `aicc.weights_offset`, at its offset, in a
/// buffer of @main's `aicc.weights_bytes` (empty without weights).
FailureOr<std::string> collectWeightBytes(ModuleOp module);

/// Runs ptxas from `toolkit` on `ptx` for `arch` (sm_80, ...) and returns the
/// cubin; on failure `error` holds ptxas' output.
FailureOr<std::string> assemblePTX(StringRef toolkit, StringRef arch, StringRef ptx,
                                   std::string &error);

/// One kernel image of the artifact (aicc/abi.h: aicc_abi_cuda_image_t).
struct CUDAImage {
  int32_t kind = 0; ///< AICC_ABI_CUDA_IMAGE_CUBIN or _PTX
  int32_t arch = 0; ///< 80 for sm_80
  bool archSpecific = false;
  std::string data;
};

/// The host object of a -target=cuda model: the descriptor (device CUDA, no
/// entry point) and its program: `images`, the `weights` bytes and the
/// `launches`, all constant data; `<prefix>_model_v1` and, if
/// `exportGeneric`, `aicc_model_v1` return the descriptor.
std::unique_ptr<llvm::Module>
buildCUDAArtifact(llvm::LLVMContext &ctx, const ModelSignature &sig, uint64_t arenaBytes,
                  ArrayRef<CUDAImage> images, StringRef weights,
                  ArrayRef<CUDALaunch> launches, StringRef prefix, bool exportGeneric);

/// The CUDA toolkit to take ptxas and libdevice from: $CUDA_HOME or
/// $CUDA_PATH when set, else /usr/local/cuda; the first that has bin/ptxas,
/// empty when none has.
std::string findCUDAToolkit();

} // namespace mlir::aicc

#endif

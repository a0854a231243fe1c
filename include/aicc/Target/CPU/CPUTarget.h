//===- CPUTarget.h - LLVM IR and object code for the CPU ----------*- C++ -*-===//
#ifndef AICC_TARGET_CPU_CPUTARGET_H
#define AICC_TARGET_CPU_CPUTARGET_H

#include "aicc/Target/ModelSignature.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <memory>
#include <string>

namespace mlir::aicc {

struct CPUTargetOptions {
  std::string triple;   ///< empty: the host's
  std::string cpu;      ///< empty or "native": the host CPU
  std::string features; ///< extra "+avx2,-avx512f" style features
  unsigned optLevel = 2;
  /// Prefix of the exported symbols `<prefix>_run` and `<prefix>_model_v1`.
  std::string symbolPrefix = "model";
  /// Also export the generic `aicc_model_v1` (shared libraries).
  bool exportGenericDescriptor = true;
  /// LLVM's loop and SLP vectorizers. -target=fixed turns them off: they
  /// would put its immediates into constant-pool vectors (data).
  bool vectorize = true;
};

/// Translates an LLVM-dialect module whose `main` takes bare pointers
/// (inputs, outputs, arena) into LLVM IR, and adds the ABI descriptor and the
/// `<prefix>_run` wrapper described in aicc/abi.h.
FailureOr<std::unique_ptr<llvm::Module>>
translateToLLVMIR(ModuleOp module, llvm::LLVMContext &ctx,
                  const ModelSignature &signature, const CPUTargetOptions &opts);

/// Adds the ABI descriptor of a model without a CPU entry point (`run` NULL):
/// a CUDA model whose aicc_abi_cuda_program_t is `cudaProgram`, with the
/// getters `<prefix>_model_v1` and, if `exportGeneric`, `aicc_model_v1`.
void addModelDescriptor(llvm::Module &m, const ModelSignature &sig, uint64_t arenaBytes,
                        llvm::Constant *cudaProgram, StringRef prefix, bool exportGeneric);

/// Optimises `module` for the target and writes an object file to `path`.
LogicalResult emitObjectFile(llvm::Module &module, const CPUTargetOptions &opts,
                             StringRef path, std::string &error);

/// Optimises and emits `module` as up to `paths.size()` objects, one per
/// partition of its functions and data (balanced by instruction count), each
/// on its own thread (lib/Target/CPU/ParallelCodegen.cpp). `written` is how
/// many of `paths` were written: link those together (symbols shared between
/// them are hidden). A module of fewer than `minSplitInstructions`
/// instructions, or with too few functions, is written to paths[0] alone.
/// The module is left reduced to the first partition.
LogicalResult emitObjectFiles(llvm::Module &module, const CPUTargetOptions &opts,
                              ArrayRef<std::string> paths, uint64_t minSplitInstructions,
                              unsigned &written, std::string &error);

/// Below this many instructions (about a tenth of a second of LLVM's work)
/// an automatic split does not pay for its threads and bitcode copy.
constexpr uint64_t kDefaultMinSplitInstructions = 20000;

/// The widest f32 vector the target machine of `opts` has: 512 with
/// AVX-512F, 256 with AVX, else 128. Code generation sizes its register tiles
/// with it. Returns 0 (and sets `error`) if no target machine can be made.
int64_t preferredVectorBits(const CPUTargetOptions &opts, std::string &error);

/// Whether the target multiplies unsigned by signed bytes in vectors of
/// `vectorBits` (x86 pmaddubsw: SSSE3 at 128 bits, AVX2 at 256, AVX-512BW at
/// 512), for the u8s8 integer kernels (docs/quantization.md).
bool hasU8S8Multiply(const CPUTargetOptions &opts, int64_t vectorBits);

/// Writes the C header that declares a model compiled with -emit=obj: its
/// signature, `<prefix>_run` and `<prefix>_model_v1`; for a CUDA model
/// (`cudaModel`) only the descriptor getter (it has no CPU entry point).
void writeCHeader(llvm::raw_ostream &os, const ModelSignature &signature,
                  uint64_t arenaBytes, const CPUTargetOptions &opts, bool cudaModel = false);

} // namespace mlir::aicc

#endif

//===- CUDAEmitter.cpp - -target=cuda -emit=ptx|cubin ------------------------===//
#include "CUDAEmitter.h"
#include "DiagnosticPrinter.h"
#include "OutputFile.h"
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Target/CUDA/CUDATarget.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace mlir::aicc {

namespace {

/// sm_80, sm_90a, ...: the number, or 0 when `arch` is not of that form.
unsigned archNumber(StringRef arch) {
  unsigned number = 0;
  if (!arch.consume_front("sm_"))
    return 0;
  arch.consume_back("a");
  if (arch.getAsInteger(10, number) || number < 50)
    return 0;
  return number;
}

/// The PTX ISA version LLVM writes: 8.0 covers sm_50 to sm_90a; the
/// Blackwell architectures need 8.8.
std::string ptxFeatures(unsigned number) {
  return number >= 100 ? "+ptx88" : "+ptx80";
}

/// The codegen pipeline for one architecture on a copy of `module`.
FailureOr<std::vector<GPUObject>> compileFor(ModuleOp module, const CompileOptions &opts,
                                             StringRef arch, bool cubin,
                                             StringRef toolkit) {
  OwningOpRef<ModuleOp> copy = module.clone();
  CUDACodegenOptions codegen;
  codegen.optLevel = opts.optLevel;
  codegen.chip = arch.str();
  codegen.features = ptxFeatures(archNumber(arch));
  codegen.format = cubin ? "bin" : "isa";
  codegen.toolkit = toolkit.str();
  SmallString<256> libdevice(toolkit);
  llvm::sys::path::append(libdevice, "nvvm", "libdevice", "libdevice.10.bc");
  if (!toolkit.empty() && llvm::sys::fs::exists(libdevice))
    codegen.libdevice = std::string(libdevice);
  PassManager pm(module->getContext());
  buildCUDACodegenPipeline(pm, codegen);
  if (failed(pm.run(*copy)))
    return failure();
  std::vector<GPUObject> objects = collectGPUObjects(*copy);
  for (const GPUObject &object : objects) {
    // Math functions without an inline approximation call libdevice; without
    // a toolkit to link it from they stay undefined.
    // (__assertfail, what cf.assert calls, is the driver's: fine.)
    size_t pos = object.data.find(" __nv_");
    if (!cubin && pos != std::string::npos) {
      StringRef text = StringRef(object.data).substr(0, pos);
      StringRef line = StringRef(object.data).substr(text.rfind('\n') + 1).split('\n').first;
      reportError("a kernel calls a libdevice function, and no CUDA toolkit "
                  "(libdevice.10.bc) was found to link it: " + line.str());
      return failure();
    }
  }
  return objects;
}

} // namespace

LogicalResult emitCUDA(ModuleOp module, const CompileOptions &opts, StringRef out) {
  bool cubin = opts.emit == EmitKind::Cubin;
  SmallVector<std::string> archs(opts.cudaArchs.begin(), opts.cudaArchs.end());
  if (archs.empty())
    archs.push_back("sm_80");
  for (const std::string &arch : archs)
    if (!archNumber(arch)) {
      reportError("-cuda-arch: '" + arch + "' is not an NVIDIA architecture such as sm_80 or sm_90");
      return failure();
    }
  if (cubin && archs.size() != 1) {
    reportError("-emit=cubin writes one architecture: give one -cuda-arch");
    return failure();
  }
  std::string toolkit = findCUDAToolkit();
  if (cubin && toolkit.empty()) {
    reportError("-emit=cubin needs ptxas from the CUDA toolkit; none was found in "
                "$CUDA_HOME, $CUDA_PATH or /usr/local/cuda (-emit=ptx needs none)");
    return failure();
  }
  DialectRegistry translations;
  registerAllToLLVMIRTranslations(translations);
  module->getContext()->appendDialectRegistry(translations);

  std::vector<GPUObject> objects;
  for (const std::string &arch : archs) {
    auto compiled = compileFor(module, opts, arch, cubin, toolkit);
    if (failed(compiled))
      return failure();
    llvm::append_range(objects, *compiled);
  }
  if (!cubin)
    return writeText(out, [&](raw_ostream &os) { writePTX(os, objects); });
  std::string path = out.str();
  if (path == "-") {
    SmallString<256> p(llvm::sys::path::filename(opts.inputPath));
    llvm::sys::path::replace_extension(p, "cubin");
    path = std::string(p);
  }
  if (objects.size() != 1) {
    reportError("the model has no kernel to write as a cubin");
    return failure();
  }
  return writeText(path, [&](raw_ostream &os) { os << objects.front().data; });
}

} // namespace mlir::aicc

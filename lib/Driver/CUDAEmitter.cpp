//===- CUDAEmitter.cpp - -target=cuda -emit=ptx|cubin ------------------------===//
#include "CUDAEmitter.h"
#include "DiagnosticPrinter.h"
#include "Linker.h"
#include "OutputFile.h"
#include "aicc/Target/CPU/CPUTarget.h"
#include "aicc/abi.h"
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Target/CUDA/CUDATarget.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
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

/// The codegen pipeline for one architecture on a copy of `module`; the
/// compiled copy is kept in `*compiled` when given.
FailureOr<std::vector<GPUObject>> compileFor(ModuleOp module, const CompileOptions &opts,
                                             StringRef arch, bool cubin, StringRef toolkit,
                                             OwningOpRef<ModuleOp> *compiled = nullptr) {
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
  if (compiled)
    *compiled = std::move(copy);
  return objects;
}

/// -cuda-arch, sm_80 by default; reports malformed names.
FailureOr<SmallVector<std::string>> targetArchs(const CompileOptions &opts) {
  SmallVector<std::string> archs(opts.cudaArchs.begin(), opts.cudaArchs.end());
  if (archs.empty())
    archs.push_back("sm_80");
  for (const std::string &arch : archs)
    if (!archNumber(arch)) {
      reportError("-cuda-arch: '" + arch + "' is not an NVIDIA architecture such as sm_80 or sm_90");
      return failure();
    }
  return archs;
}

void registerTranslations(ModuleOp module) {
  DialectRegistry translations;
  registerAllToLLVMIRTranslations(translations);
  module->getContext()->appendDialectRegistry(translations);
}

/// The images of the artifact: with a toolkit a cubin per architecture plus
/// the PTX of the newest one (which the driver compiles for later GPUs),
/// without one the PTX of every architecture. Keeps the first compiled
/// module in `host` for the launch plan and the weights.
FailureOr<std::vector<CUDAImage>> compileImages(ModuleOp module, const CompileOptions &opts,
                                                ArrayRef<std::string> archs,
                                                StringRef toolkit,
                                                OwningOpRef<ModuleOp> &host) {
  std::vector<CUDAImage> images;
  const std::string *newest = &archs.front();
  for (const std::string &arch : archs)
    if (archNumber(arch) > archNumber(*newest))
      newest = &arch;
  for (const std::string &arch : archs) {
    OwningOpRef<ModuleOp> compiled;
    auto objects = compileFor(module, opts, arch, /*cubin=*/false, toolkit, &compiled);
    if (failed(objects))
      return failure();
    if (objects->size() != 1) {
      reportError("-target=cuda: the model has no kernel to run on the GPU");
      return failure();
    }
    if (!host)
      host = std::move(compiled);
    int32_t number = archNumber(arch);
    bool specific = StringRef(arch).ends_with("a");
    const std::string &ptx = objects->front().data;
    if (!toolkit.empty()) {
      std::string error;
      FailureOr<std::string> cubin = assemblePTX(toolkit, arch, ptx, error);
      if (failed(cubin)) {
        reportError(error);
        return failure();
      }
      images.push_back({AICC_ABI_CUDA_IMAGE_CUBIN, number, specific, std::move(*cubin)});
    }
    if (toolkit.empty() || &arch == newest)
      images.push_back({AICC_ABI_CUDA_IMAGE_PTX, number, specific, ptx});
  }
  return images;
}

} // namespace

LogicalResult emitCUDAArtifact(ModuleOp module, const CompileOptions &opts, StringRef out,
                               StringRef symbolPrefix) {
  auto archs = targetArchs(opts);
  if (failed(archs))
    return failure();
  FailureOr<ModelSignature> signature = extractModelSignature(module);
  if (failed(signature))
    return failure();
  registerTranslations(module);
  std::string toolkit = findCUDAToolkit();
  OwningOpRef<ModuleOp> host;
  auto images = compileImages(module, opts, *archs, toolkit, host);
  if (failed(images))
    return failure();
  auto launches =
      buildLaunchPlan(*host, signature->inputs.size(), signature->outputs.size());
  if (failed(launches))
    return failure();
  FailureOr<std::string> weights = collectWeightBytes(*host);
  if (failed(weights))
    return failure();
  uint64_t arenaBytes = 0;
  if (auto main = host->lookupSymbol("main"))
    if (auto attr = main->getAttrOfType<IntegerAttr>("aicc.arena_bytes"))
      arenaBytes = attr.getInt();

  CPUTargetOptions target;
  target.triple = opts.triple;
  target.optLevel = opts.optLevel;
  target.symbolPrefix = symbolPrefix.str();
  bool sharedLibrary = opts.emit == EmitKind::SharedLibrary;
  llvm::LLVMContext llvmCtx;
  std::unique_ptr<llvm::Module> artifact =
      buildCUDAArtifact(llvmCtx, *signature, arenaBytes, *images, *weights, *launches,
                        target.symbolPrefix, /*exportGeneric=*/sharedLibrary);
  std::string error;
  if (!sharedLibrary) { // -emit=obj: the object and its C header
    if (failed(emitObjectFile(*artifact, target, out, error))) {
      reportError(error);
      return failure();
    }
    SmallString<256> header(out);
    llvm::sys::path::replace_extension(header, "h");
    return writeText(header, [&](raw_ostream &os) {
      writeCHeader(os, *signature, arenaBytes, target, /*cudaModel=*/true);
    });
  }
  SmallString<256> object;
  if (auto ec = llvm::sys::fs::createTemporaryFile("aicc", "o", object)) {
    reportError("cannot create a temporary file: " + ec.message());
    return failure();
  }
  llvm::FileRemover removeObject(object);
  if (failed(emitObjectFile(*artifact, target, object, error))) {
    reportError(error);
    return failure();
  }
  return linkSharedLibrary(object, out);
}

LogicalResult emitCUDA(ModuleOp module, const CompileOptions &opts, StringRef out) {
  bool cubin = opts.emit == EmitKind::Cubin;
  auto parsed = targetArchs(opts);
  if (failed(parsed))
    return failure();
  SmallVector<std::string> archs = std::move(*parsed);
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
  registerTranslations(module);

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

//===- ObjectEmitter.cpp - optimise LLVM IR and emit an object file ----------===//
#include "ObjectEmitter.h"
#include "aicc/Target/CPU/CPUTarget.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

namespace mlir::aicc {

std::unique_ptr<TargetMachine> createTargetMachine(const CPUTargetOptions &opts,
                                                   std::string &error) {
  static const bool initialized = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
  bool host = opts.triple.empty();
  Triple triple(host ? sys::getDefaultTargetTriple() : opts.triple);
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  std::string cpu = opts.cpu;
  std::string features;
  if (cpu.empty() || cpu == "native") {
    if (host || cpu == "native") {
      cpu = sys::getHostCPUName().str();
      for (auto &f : sys::getHostCPUFeatures())
        features += (features.empty() ? "" : ",") + std::string(f.second ? "+" : "-") +
                    f.first().str();
    } else {
      cpu = "generic";
    }
  }
  if (!opts.features.empty())
    features += (features.empty() ? "" : ",") + opts.features;
  TargetOptions to;
  to.AllowFPOpFusion = FPOpFusion::Fast;
  CodeGenOptLevel level = opts.optLevel == 0   ? CodeGenOptLevel::None
                          : opts.optLevel == 1 ? CodeGenOptLevel::Less
                          : opts.optLevel == 2 ? CodeGenOptLevel::Default
                                               : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, to, Reloc::PIC_, std::nullopt, level));
  if (!tm)
    error = "cannot create a target machine for " + triple.str() + " / " + cpu;
  return tm;
}

int64_t preferredVectorBits(const CPUTargetOptions &opts, std::string &error) {
  std::unique_ptr<TargetMachine> tm = createTargetMachine(opts, error);
  if (!tm)
    return 0;
  if (!tm->getTargetTriple().isX86())
    return 128;
  const MCSubtargetInfo *sti = tm->getMCSubtargetInfo();
  if (sti->checkFeatures("+avx512f"))
    return 512;
  if (sti->checkFeatures("+avx"))
    return 256;
  return 128;
}

bool hasU8S8Multiply(const CPUTargetOptions &opts, int64_t vectorBits) {
  std::string error;
  std::unique_ptr<TargetMachine> tm = createTargetMachine(opts, error);
  if (!tm || !tm->getTargetTriple().isX86())
    return false;
  const MCSubtargetInfo *sti = tm->getMCSubtargetInfo();
  switch (vectorBits) {
  case 128:
    return sti->checkFeatures("+ssse3");
  case 256:
    return sti->checkFeatures("+avx2");
  case 512:
    return sti->checkFeatures("+avx512bw");
  default:
    return false;
  }
}

static void optimize(llvm::Module &module, TargetMachine &tm, unsigned optLevel,
                     bool vectorize) {
  if (optLevel == 0)
    return;
  PipelineTuningOptions tuning;
  if (!vectorize) {
    tuning.LoopVectorization = false;
    tuning.SLPVectorization = false;
  }
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder pb(&tm, tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel == 1   ? OptimizationLevel::O1
                            : optLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

/// Large floating-point constant arrays (the weights) become byte arrays of
/// the same bytes and alignment: LLVM's asm printer writes a byte array in one
/// piece but a float array element by element, through an APFloat each (about
/// a second for ResNet-50's 100 MB).
static void weightsAsBytes(llvm::Module &module) {
  constexpr uint64_t kMinBytes = 4096;
  const llvm::DataLayout &dl = module.getDataLayout();
  llvm::Type *i8 = llvm::Type::getInt8Ty(module.getContext());
  SmallVector<GlobalVariable *> replaced;
  for (GlobalVariable &g : module.globals()) {
    auto *data = dyn_cast_or_null<ConstantDataArray>(
        g.hasInitializer() ? g.getInitializer() : nullptr);
    if (!data || !g.isConstant() || !data->getElementType()->isFloatingPointTy())
      continue;
    StringRef bytes = data->getRawDataValues();
    if (bytes.size() < kMinBytes)
      continue;
    Align align = dl.getPreferredAlign(&g);
    Constant *raw = ConstantDataArray::getRaw(bytes, bytes.size(), i8);
    auto *replacement = new GlobalVariable(module, raw->getType(), /*isConstant=*/true,
                                           g.getLinkage(), raw, "", &g,
                                           g.getThreadLocalMode(), g.getAddressSpace());
    replacement->copyAttributesFrom(&g);
    replacement->setAlignment(align);
    replacement->takeName(&g);
    g.replaceAllUsesWith(replacement);
    replaced.push_back(&g);
  }
  // The float arrays are unused now. (The byte arrays share their bytes:
  // LLVM keys constant data by content, whatever the element type.)
  for (GlobalVariable *g : replaced)
    g->eraseFromParent();
}

void prepareForTarget(llvm::Module &module, TargetMachine &tm) {
  module.setDataLayout(tm.createDataLayout());
  weightsAsBytes(module);
  module.setTargetTriple(tm.getTargetTriple());
  for (Function &f : module)
    if (!f.isDeclaration()) {
      f.addFnAttr("target-cpu", tm.getTargetCPU());
      if (!tm.getTargetFeatureString().empty())
        f.addFnAttr("target-features", tm.getTargetFeatureString());
    }
}

LogicalResult optimizeAndEmit(llvm::Module &module, TargetMachine &tm,
                              const CPUTargetOptions &opts, StringRef path,
                              std::string &error) {
  optimize(module, tm, opts.optLevel, opts.vectorize);

  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec) {
    error = "cannot open '" + path.str() + "': " + ec.message();
    return failure();
  }
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  pm.run(module);
  os.flush();
  if (os.has_error()) {
    error = "error writing '" + path.str() + "'";
    os.clear_error();
    return failure();
  }
  return success();
}

LogicalResult emitObjectFile(llvm::Module &module, const CPUTargetOptions &opts,
                             StringRef path, std::string &error) {
  std::unique_ptr<TargetMachine> tm = createTargetMachine(opts, error);
  if (!tm)
    return failure();
  prepareForTarget(module, *tm);
  return optimizeAndEmit(module, *tm, opts, path, error);
}

} // namespace mlir::aicc

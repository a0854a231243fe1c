//===- Driver.cpp - import, optimise, lower and emit a model -----------------===//
#include "aicc/Driver/Driver.h"
#include "CUDAEmitter.h"
#include "DiagnosticPrinter.h"
#include "Linker.h"
#include "MemoryPlanChart.h"
#include "OutputFile.h"
#include "Sparsity.h"
#include "Quantize.h"
#include "aicc/Dialect/Aicc/AiccDialect.h"
#include "aicc/Import/ONNX/ONNXImporter.h"
#include "aicc/Pipelines/Pipelines.h"
#include "aicc/Target/CPU/CPUTarget.h"
#include "aicc/Target/Fixed/FixedTarget.h"
#include "aicc/Target/Fixed/Passes.h"
#include "aicc/Transforms/MemoryPlan.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace mlir::aicc {

namespace {

/// A C identifier from a file name: "resnet-18.so" -> "resnet_18".
std::string symbolPrefixFor(StringRef path) {
  std::string s = llvm::sys::path::stem(path).str();
  for (char &c : s)
    if (!isalnum((unsigned char)c))
      c = '_';
  if (s.empty() || isdigit((unsigned char)s[0]))
    s = "m_" + s;
  return s;
}

std::string defaultOutput(const CompileOptions &opts) {
  if (!opts.outputPath.empty())
    return opts.outputPath;
  switch (opts.emit) {
  case EmitKind::SharedLibrary:
  case EmitKind::Object: {
    SmallString<256> p(llvm::sys::path::filename(opts.inputPath));
    llvm::sys::path::replace_extension(p, opts.emit == EmitKind::Object ? "o" : "so");
    return std::string(p);
  }
  default:
    return "-";
  }
}

OwningOpRef<ModuleOp> loadModule(MLIRContext &ctx, const CompileOptions &opts) {
  if (StringRef(opts.inputPath).ends_with(".mlir"))
    return parseSourceFile<ModuleOp>(opts.inputPath, &ctx);
  ONNXImportOptions importOpts;
  importOpts.runChecker = opts.runChecker;
  importOpts.inputShapes = opts.inputShapes;
  importOpts.sequenceLengths = opts.sequenceLengths;
  importOpts.absentOptionals = opts.absentOptionals;
  return importONNXFile(ctx, opts.inputPath, importOpts);
}

/// The plans aicc-plan-memory{record=true} left on the functions of `module`
/// (after lowering, on llvm.func), @main first.
std::vector<MemoryPlan> collectMemoryPlans(ModuleOp module) {
  std::vector<MemoryPlan> plans;
  for (Operation &op : module.getBody()->getOperations()) {
    auto attr = op.getAttrOfType<DictionaryAttr>(kMemoryPlanAttrName);
    auto name = op.getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName());
    if (!attr || !name)
      continue;
    if (auto plan = memoryPlanFromAttr(attr, name.getValue()))
      plans.push_back(std::move(*plan));
  }
  std::stable_partition(plans.begin(), plans.end(),
                        [](const MemoryPlan &p) { return p.function == "main"; });
  return plans;
}

LogicalResult reportMemoryPlans(ModuleOp module, const CompileOptions &opts,
                                bool outputOnStdout) {
  std::vector<MemoryPlan> plans = collectMemoryPlans(module);
  if (plans.empty()) {
    reportError("no memory plan was recorded (the model has no function to plan)");
    return failure();
  }
  if (opts.printMemoryPlan) {
    raw_ostream &os = outputOnStdout ? llvm::errs() : llvm::outs();
    for (auto [i, plan] : llvm::enumerate(plans)) {
      if (i)
        os << "\n";
      printMemoryPlan(os, plan);
    }
    os.flush();
  }
  // The chart shows @main (or the only planned function).
  if (!opts.memoryPlanSVG.empty())
    return writeText(opts.memoryPlanSVG,
                     [&](raw_ostream &os) { writeMemoryPlanSVG(os, plans.front()); });
  return success();
}

LogicalResult runPipeline(ModuleOp module, function_ref<void(OpPassManager &)> build) {
  PassManager pm(module->getContext());
  build(pm);
  return pm.run(module);
}

/// -target=fixed -emit=verilog: the design directory (default: the model's
/// stem + "_rtl").
LogicalResult emitVerilog(ModuleOp module, const CompileOptions &opts) {
  std::string dir = opts.outputPath;
  if (dir.empty() || dir == "-")
    dir = llvm::sys::path::stem(opts.inputPath).str() + "_rtl";
  std::string error;
  if (succeeded(emitFixedDesign(module, dir, error)))
    return success();
  if (!error.empty())
    reportError(error);
  return failure();
}

} // namespace

std::string parseInputShape(StringRef spec, CompileOptions &opts) {
  auto [name, dims] = spec.rsplit(':');
  if (name.empty() || name.size() == spec.size())
    return "-input-shape expects NAME:D1xD2x..., got '" + spec.str() + "'";
  std::vector<int64_t> shape;
  SmallVector<StringRef> parts;
  if (!dims.empty())
    dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d < 0)
      return "-input-shape for '" + name.str() + "': '" + p.str() +
             "' is not a dimension (a non-negative integer)";
    shape.push_back(d);
  }
  if (!opts.inputShapes.emplace(name.str(), shape).second)
    return "-input-shape given twice for '" + name.str() + "'";
  return "";
}

std::string parseSequenceLength(StringRef spec, CompileOptions &opts) {
  auto [name, len] = spec.rsplit(':');
  int64_t n;
  if (name.empty() || name.size() == spec.size() || len.getAsInteger(10, n) || n < 0)
    return "-sequence-length expects NAME:N with N >= 0, got '" + spec.str() + "'";
  if (!opts.sequenceLengths.emplace(name.str(), n).second)
    return "-sequence-length given twice for '" + name.str() + "'";
  return "";
}

/// -precision's value against the target and -quantize.
static LogicalResult checkPrecision(const CompileOptions &opts) {
  const std::string &p = opts.precision;
  if (p != "fp32" && p != "bf16" && p != "fp16") {
    reportError("-precision expects fp32, bf16 or fp16, got '" + p + "'");
    return failure();
  }
  if (p == "fp32")
    return success();
  if (opts.target == "fixed") {
    reportError("-precision=" + p + " is not available with -target=fixed (integer "
                "layers); use -target=cpu or cuda");
    return failure();
  }
  if (p == "fp16" && opts.target == "cpu") {
    reportError("-precision=fp16 is for -target=cuda; on the CPU use -precision=bf16");
    return failure();
  }
  if (opts.quantize.mode != QuantizeMode::None) {
    reportError("-precision=" + p + " does not combine with -quantize");
    return failure();
  }
  return success();
}

LogicalResult compileModel(const CompileOptions &opts) {
  if (opts.target != "cpu" && opts.target != "fixed" && opts.target != "cuda") {
    reportError("target '" + opts.target + "' is not available; use -target=cpu, fixed or cuda");
    return failure();
  }
  bool cuda = opts.target == "cuda";
  bool gpuCode = opts.emit == EmitKind::PTX || opts.emit == EmitKind::Cubin;
  if (cuda && !gpuCode && opts.emit != EmitKind::SharedLibrary &&
      opts.emit != EmitKind::Object && opts.emit != EmitKind::MLIR &&
      opts.emit != EmitKind::MLIROpt) {
    reportError("-target=cuda writes a shared library (-emit=so, the default), -emit=obj, "
                "-emit=ptx, -emit=cubin, -emit=mlir or -emit=mlir-opt");
    return failure();
  }
  if (gpuCode && !cuda) {
    reportError("-emit=ptx and -emit=cubin need -target=cuda");
    return failure();
  }
  if (cuda && (opts.printMemoryPlan || !opts.memoryPlanSVG.empty())) {
    reportError("-print-memory-plan and -memory-plan-svg are not available with -target=cuda");
    return failure();
  }
  bool fixed = opts.target == "fixed";
  if (failed(checkPrecision(opts)))
    return failure();
  // -target=fixed builds hardware (-emit=verilog) or, for every other
  // emit kind, software with the weights as immediates.
  bool hardware = opts.emit == EmitKind::Verilog;
  if (hardware && !fixed) {
    reportError("-emit=verilog needs -target=fixed");
    return failure();
  }
  if (opts.reuse && !hardware) {
    reportError("-reuse needs -target=fixed -emit=verilog");
    return failure();
  }
  if (opts.reuse && *opts.reuse < 1) {
    reportError("-reuse must be at least 1 (1: fully parallel), got " +
                std::to_string(*opts.reuse));
    return failure();
  }
  if (hardware && (opts.printMemoryPlan || !opts.memoryPlanSVG.empty())) {
    reportError("-print-memory-plan and -memory-plan-svg are for code, not -emit=verilog");
    return failure();
  }
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<AiccDialect>();
  MLIRContext ctx(registry, MLIRContext::Threading::DISABLED);
  ctx.loadAllAvailableDialects();
  ctx.printOpOnDiagnostic(false);
  DiagnosticPrinter printer(ctx);

  bool wantPlan = opts.printMemoryPlan || !opts.memoryPlanSVG.empty();
  if (wantPlan && (opts.emit == EmitKind::MLIR || opts.emit == EmitKind::MLIROpt)) {
    reportError("-print-memory-plan and -memory-plan-svg need code generation; "
                "they do not combine with -emit=mlir or -emit=mlir-opt");
    return failure();
  }
  if (!opts.writeOutput && !wantPlan) {
    reportError("nothing to do: no output and no memory plan requested");
    return failure();
  }

  OwningOpRef<ModuleOp> module = loadModule(ctx, opts);
  if (!module)
    return failure();
  std::string out = defaultOutput(opts);
  if (opts.emit == EmitKind::MLIR)
    return writeText(out, [&](raw_ostream &os) { module->print(os); });
  if (failed(quantizeModule(*module, opts, out == "-" ? llvm::errs() : llvm::outs())))
    return failure();

  GraphPipelineOptions graph;
  // The fixed target needs aicc-fold-qdq's integer layers, which run from -O1.
  graph.optLevel = fixed ? std::max(opts.optLevel, 1u) : opts.optLevel;
  if (failed(runPipeline(*module, [&](OpPassManager &pm) { buildGraphPipeline(pm, graph); })))
    return failure();
  if (!opts.prune.empty() &&
      failed(applyPruning(*module, opts.prune, out == "-" ? llvm::errs() : llvm::outs())))
    return failure();
  if (opts.precision != "fp32" && failed(runPipeline(*module, [&](OpPassManager &pm) {
        ReducePrecisionOptions reduce;
        reduce.type = opts.precision;
        pm.addNestedPass<func::FuncOp>(createReducePrecision(reduce));
      })))
    return failure();
  FixedPipelineOptions fixedOpts;
  fixedOpts.reuse = opts.reuse.value_or(1);
  if (fixed && failed(runPipeline(*module, [&](OpPassManager &pm) {
        buildFixedPipeline(pm, fixedOpts);
      })))
    return failure();
  if (opts.emit == EmitKind::MLIROpt)
    return writeText(out, [&](raw_ostream &os) { module->print(os); });
  if (cuda && (opts.emit == EmitKind::SharedLibrary || opts.emit == EmitKind::Object))
    return emitCUDAArtifact(*module, opts, out,
                            opts.symbolPrefix.empty() ? symbolPrefixFor(out)
                                                      : opts.symbolPrefix);
  if (cuda)
    return emitCUDA(*module, opts, out);
  if (hardware)
    return emitVerilog(*module, opts);
  // The software form: each layer becomes arith on immediates, then the CPU
  // code generation below, so the artifact has the CPU target's ABI.
  if (fixed && failed(runPipeline(*module, [](OpPassManager &pm) {
        buildFixedSoftwarePipeline(pm, FixedSoftwarePipelineOptions());
      })))
    return failure();

  FailureOr<ModelSignature> signature = extractModelSignature(*module);
  if (failed(signature))
    return failure();
  CPUTargetOptions target;
  target.triple = opts.triple;
  target.cpu = opts.cpu;
  target.features = opts.features;
  target.optLevel = opts.optLevel;
  std::string targetError;
  int64_t vectorBits = preferredVectorBits(target, targetError);
  if (!vectorBits) {
    reportError(targetError);
    return failure();
  }
  CPUCodegenOptions codegen;
  codegen.optLevel = opts.optLevel;
  codegen.vectorBits = vectorBits;
  codegen.u8s8 = hasU8S8Multiply(target, vectorBits);
  codegen.recordMemoryPlan = wantPlan;
  if (failed(applySparsityMode(opts.sparsity, codegen)))
    return failure();
  if (failed(runPipeline(*module, [&](OpPassManager &pm) {
        buildCPUCodegenPipeline(pm, codegen);
      })))
    return failure();
  if (wantPlan && failed(reportMemoryPlans(*module, opts,
                                           opts.writeOutput && out == "-")))
    return failure();
  if (!opts.writeOutput)
    return success();

  // Text written to stdout ("-") names its symbols after the input model.
  StringRef prefixSource = out == "-" ? StringRef(opts.inputPath) : StringRef(out);
  target.symbolPrefix =
      opts.symbolPrefix.empty() ? symbolPrefixFor(prefixSource) : opts.symbolPrefix;
  target.exportGenericDescriptor = opts.emit == EmitKind::SharedLibrary;
  target.vectorize = !fixed;
  llvm::LLVMContext llvmCtx;
  auto llvmModule = translateToLLVMIR(*module, llvmCtx, *signature, target);
  if (failed(llvmModule))
    return failure();
  if (opts.emit == EmitKind::LLVMIR)
    return writeText(out, [&](raw_ostream &os) { (*llvmModule)->print(os, nullptr); });

  uint64_t arenaBytes = 0;
  if (auto fn = module->lookupSymbol("main"))
    if (auto attr = fn->getAttrOfType<IntegerAttr>("aicc.arena_bytes"))
      arenaBytes = attr.getInt();

  std::string error;
  if (opts.emit == EmitKind::Object) {
    if (failed(emitObjectFile(**llvmModule, target, out, error))) {
      reportError(error);
      return failure();
    }
    SmallString<256> header(out);
    llvm::sys::path::replace_extension(header, "h");
    return writeText(header, [&](raw_ostream &os) {
      writeCHeader(os, *signature, arenaBytes, target);
    });
  }
  // One object per code-generation thread, linked together.
  unsigned threads = opts.compileThreads
                         ? opts.compileThreads
                         : static_cast<unsigned>(std::clamp(llvm::get_physical_cores(), 1, 4));
  std::vector<std::string> objects;
  std::vector<llvm::FileRemover> removers;
  removers.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    SmallString<256> object;
    if (auto ec = llvm::sys::fs::createTemporaryFile("aicc", "o", object)) {
      reportError("cannot create a temporary file: " + ec.message());
      return failure();
    }
    objects.push_back(object.str().str());
    removers.emplace_back(objects.back());
  }
  unsigned written = 0;
  // An explicit -compile-threads splits any module; the automatic choice
  // only one large enough to gain from it.
  uint64_t minSplit = opts.compileThreads ? 0 : kDefaultMinSplitInstructions;
  if (failed(emitObjectFiles(**llvmModule, target, objects, minSplit, written, error))) {
    reportError(error);
    return failure();
  }
  objects.resize(written);
  return linkSharedLibrary(objects, out);
}

} // namespace mlir::aicc

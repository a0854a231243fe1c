//===- ModelDescriptor.cpp - the ABI descriptor, wrapper and C header --------===//
//
// Adds to the translated LLVM module what aicc/abi.h promises: the
// `<prefix>_run(exec, inputs, outputs, arena)` entry point and the immutable
// aicc_abi_model_t descriptor with names, dtypes and shapes.
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CPU/CPUTarget.h"
#include "aicc/abi.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace mlir::aicc {

namespace {

/// sizeof(aicc_abi_exec_t) of ABI version 3, the first with dynamic shapes.
constexpr uint32_t kExecV3Bytes = sizeof(aicc_abi_exec_t);

class DescriptorBuilder {
public:
  DescriptorBuilder(llvm::Module &m, StringRef prefix)
      : m(m), ctx(m.getContext()), prefix(prefix.str()) {
    ptrTy = PointerType::getUnqual(ctx);
    i32 = llvm::Type::getInt32Ty(ctx);
    i64 = llvm::Type::getInt64Ty(ctx);
    tensorTy = StructType::create(ctx, {ptrTy, i32, i32, ptrTy}, "aicc_abi_tensor");
    modelTy = StructType::create(
        ctx, {i32, i32, ptrTy, ptrTy, i32, i32, ptrTy, ptrTy, i64, i64, ptrTy, i32, i32,
              ptrTy},
        "aicc_abi_model");
  }

  Constant *privateGlobal(Constant *init, const Twine &name) {
    auto *gv = new GlobalVariable(m, init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, init,
                                  prefix + "_" + name);
    gv->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return gv;
  }

  Constant *string(StringRef s, const Twine &name) {
    return privateGlobal(ConstantDataArray::getString(ctx, s), name);
  }

  Constant *tensors(ArrayRef<TensorSignature> sigs, StringRef kind) {
    SmallVector<Constant *> elems;
    for (auto [i, t] : llvm::enumerate(sigs)) {
      Twine tag = kind + Twine(i);
      Constant *shape = ConstantPointerNull::get(ptrTy);
      if (!t.shape.empty())
        shape = privateGlobal(ConstantDataArray::get(ctx, ArrayRef<int64_t>(t.shape)),
                              tag + "_shape");
      elems.push_back(ConstantStruct::get(
          tensorTy, {string(t.name, tag + "_name"), ConstantInt::get(i32, t.dtype),
                     ConstantInt::get(i32, t.shape.size()), shape}));
    }
    if (elems.empty())
      return ConstantPointerNull::get(ptrTy);
    return privateGlobal(ConstantArray::get(ArrayType::get(tensorTy, elems.size()), elems),
                         kind + "_descs");
  }

  /// `i32 <prefix>_run(ptr exec, ptr inputs, ptr outputs, ptr arena)` calling
  /// `impl(inputs..., outputs..., arena, exec)`.
  Function *wrapper(Function *impl, size_t nIn, size_t nOut, bool needsExec) {
    auto *fnTy = llvm::FunctionType::get(i32, {ptrTy, ptrTy, ptrTy, ptrTy}, false);
    Function *run = Function::Create(fnTy, GlobalValue::ExternalLinkage,
                                     prefix + "_run", m);
    IRBuilder<> b(BasicBlock::Create(ctx, "entry", run));
    if (needsExec) {
      // Dynamic shapes go through exec's version-3 fields: refuse a NULL or
      // older exec (its struct_size is the first field).
      BasicBlock *check = BasicBlock::Create(ctx, "check", run);
      BasicBlock *refuse = BasicBlock::Create(ctx, "refuse", run);
      BasicBlock *go = BasicBlock::Create(ctx, "go", run);
      b.CreateCondBr(b.CreateIsNull(run->getArg(0)), refuse, check);
      b.SetInsertPoint(check);
      llvm::Value *size = b.CreateLoad(i32, run->getArg(0));
      b.CreateCondBr(b.CreateICmpULT(size, ConstantInt::get(i32, kExecV3Bytes)),
                     refuse, go);
      b.SetInsertPoint(refuse);
      b.CreateRet(ConstantInt::get(i32, AICC_ABI_RUN_NEEDS_EXEC));
      b.SetInsertPoint(go);
    }
    SmallVector<llvm::Value *> args;
    auto loadPtrs = [&](llvm::Value *array, size_t n) {
      for (size_t i = 0; i < n; ++i)
        args.push_back(b.CreateLoad(
            ptrTy, b.CreateConstInBoundsGEP1_64(ptrTy, array, i)));
    };
    loadPtrs(run->getArg(1), nIn);
    loadPtrs(run->getArg(2), nOut);
    args.push_back(run->getArg(3));
    args.push_back(run->getArg(0));
    b.CreateCall(impl, args);
    b.CreateRet(ConstantInt::get(i32, AICC_ABI_RUN_OK));
    return run;
  }

  void descriptor(const ModelSignature &sig, uint64_t arenaBytes, uint64_t align,
                  Function *run, Constant *cuda, bool exportGeneric) {
    Constant *model = ConstantStruct::get(
        modelTy,
        {ConstantInt::get(i32, AICC_ABI_VERSION), ConstantInt::get(i32, 0),
         string(sig.modelName, "model_name"), string("aicc 0.1.0", "producer"),
         ConstantInt::get(i32, sig.inputs.size()),
         ConstantInt::get(i32, sig.outputs.size()), tensors(sig.inputs, "input"),
         tensors(sig.outputs, "output"), ConstantInt::get(i64, arenaBytes),
         ConstantInt::get(i64, align),
         run ? static_cast<Constant *>(run) : ConstantPointerNull::get(ptrTy),
         ConstantInt::get(i32, cuda ? AICC_ABI_DEVICE_CUDA : AICC_ABI_DEVICE_CPU),
         ConstantInt::get(i32, 0), cuda ? cuda : ConstantPointerNull::get(ptrTy)});
    Constant *gv = privateGlobal(model, "descriptor");
    auto *getterTy = llvm::FunctionType::get(ptrTy, {}, false);
    for (std::string name : {prefix + "_model_v1", std::string("aicc_model_v1")}) {
      if (name == "aicc_model_v1" && !exportGeneric)
        continue;
      Function *f = Function::Create(getterTy, GlobalValue::ExternalLinkage, name, m);
      IRBuilder<> b(BasicBlock::Create(ctx, "entry", f));
      b.CreateRet(gv);
    }
  }

private:
  llvm::Module &m;
  LLVMContext &ctx;
  std::string prefix;
  PointerType *ptrTy;
  llvm::IntegerType *i32, *i64;
  StructType *tensorTy, *modelTy;
};

} // namespace

FailureOr<std::unique_ptr<llvm::Module>>
translateToLLVMIR(ModuleOp module, LLVMContext &ctx, const ModelSignature &sig,
                  const CPUTargetOptions &opts) {
  auto mainOp = module.lookupSymbol<LLVM::LLVMFuncOp>("main");
  if (!mainOp) {
    // The LLVM conversion leaves a function whose signature it cannot lower
    // as func.func; say why when the cause is known.
    if (auto unlowered = module.lookupSymbol<func::FuncOp>("main")) {
      for (auto [i, type] : llvm::enumerate(unlowered.getArgumentTypes())) {
        auto memref = dyn_cast<MemRefType>(type);
        if (!memref || memref.getRank() < 2 || !llvm::is_contained(memref.getShape(), 0))
          continue;
        auto name = unlowered.getArgAttrOfType<StringAttr>(i, "aicc.name");
        return unlowered.emitError()
               << "graph input or output '" << (name ? name.getValue() : StringRef("?"))
               << "' has a zero-sized dimension (" << type
               << "); the CPU back end does not compile such tensors yet";
      }
    }
    return module.emitError("expects an llvm.func @main after lowering");
  }
  uint64_t arenaBytes = 0;
  if (auto attr = mainOp->getAttrOfType<IntegerAttr>("aicc.arena_bytes"))
    arenaBytes = attr.getInt();
  size_t expectedArgs = sig.inputs.size() + sig.outputs.size() + 2;
  if (mainOp.getNumArguments() != expectedArgs)
    return mainOp.emitError() << "expects " << expectedArgs
                              << " pointer arguments (inputs, outputs, arena, exec), got "
                              << mainOp.getNumArguments();

  bool needsExec = mainOp->hasAttr("aicc.needs_exec");
  // Names and arena sizes were read into `sig`; LLVM has no use for them.
  mainOp.setArgAttrsAttr(nullptr);
  mainOp.setResAttrsAttr(nullptr);
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, ctx, sig.modelName);
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed");

  // Only the ABI symbols added below are exported; everything the pipeline
  // produced (main, helpers such as integer power) is internal to the artifact.
  for (Function &f : *llvmModule)
    if (!f.isDeclaration())
      f.setLinkage(GlobalValue::InternalLinkage);
  Function *impl = llvmModule->getFunction("main");
  impl->setName(opts.symbolPrefix + "_main");
  DescriptorBuilder builder(*llvmModule, opts.symbolPrefix);
  Function *run =
      builder.wrapper(impl, sig.inputs.size(), sig.outputs.size(), needsExec);
  builder.descriptor(sig, arenaBytes, 64, run, /*cuda=*/nullptr,
                     opts.exportGenericDescriptor);
  return llvmModule;
}

void addModelDescriptor(llvm::Module &m, const ModelSignature &sig, uint64_t arenaBytes,
                        Constant *cudaProgram, StringRef prefix, bool exportGeneric) {
  DescriptorBuilder(m, prefix)
      .descriptor(sig, arenaBytes, 64, /*run=*/nullptr, cudaProgram, exportGeneric);
}

void writeCHeader(raw_ostream &os, const ModelSignature &sig, uint64_t arenaBytes,
                  const CPUTargetOptions &opts, bool cudaModel) {
  std::string p = opts.symbolPrefix, up = StringRef(p).upper();
  os << "/* Generated by aicc 0.1.0 for model '" << sig.modelName
     << "'. Do not edit. */\n"
     << "#ifndef AICC_MODEL_" << up << "_H\n#define AICC_MODEL_" << up << "_H\n\n"
     << "#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << (cudaModel ? "/* A -target=cuda model: run it with the aicc runtime's CUDA contexts\n"
                     "   (aicc/cuda.h). Tensors are dense, row-major; dtypes use ONNX's\n"
                   : "/* Link with -lm. Tensors are dense, row-major; dtypes use ONNX's\n")
     << "   TensorProto.DataType numbers (aicc/abi.h: aicc_dtype_t). */\n"
     << "#define " << up << "_NUM_INPUTS " << sig.inputs.size() << "\n"
     << "#define " << up << "_NUM_OUTPUTS " << sig.outputs.size() << "\n"
     << "#define " << up << "_ARENA_BYTES " << arenaBytes << "ull\n"
     << "#define " << up << "_ARENA_ALIGNMENT 64\n\n";
  auto emit = [&](ArrayRef<TensorSignature> ts, StringRef kind) {
    for (auto [i, t] : llvm::enumerate(ts)) {
      std::string tag = up + "_" + StringRef(kind).upper() + "_" + std::to_string(i);
      int64_t n = 1;
      os << "/* " << kind << " " << i << ": '" << t.name << "' [";
      for (auto [j, d] : llvm::enumerate(t.shape)) {
        if (d < 0)
          os << (j ? ", " : "") << "?";
        else
          os << (j ? ", " : "") << d;
        n *= d;
      }
      os << "] */\n#define " << tag << "_DTYPE " << t.dtype << "\n#define " << tag
         << "_RANK " << t.shape.size() << "\n";
      // A dynamic tensor's size is known only at run time.
      if (!t.isDynamic())
        os << "#define " << tag << "_NUM_ELEMENTS " << n << "\n";
    }
  };
  emit(sig.inputs, "input");
  emit(sig.outputs, "output");
  if (cudaModel) {
    os << "\n/* The aicc_abi_model_t descriptor (aicc/abi.h, device CUDA: kernel images,\n"
       << "   weights and launches; no CPU entry point), for aicc_model_from_descriptor()\n"
       << "   and aicc_cuda_context_create(). */\n"
       << "struct aicc_abi_model;\nconst struct aicc_abi_model *" << p << "_model_v1(void);\n\n"
       << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
    return;
  }
  os << "\n/* exec: threads lent to the run (aicc/abi.h: aicc_abi_exec_t), or NULL to\n"
     << "   run on the calling thread only. inputs[i] / outputs[i]: caller-owned\n"
     << "   buffers in graph order; arena: " << up << "_ARENA_BYTES bytes aligned to\n"
     << "   " << up << "_ARENA_ALIGNMENT. Returns 0 on success. */\n";
  bool dynamic = llvm::any_of(sig.inputs, [](auto &t) { return t.isDynamic(); }) ||
                 llvm::any_of(sig.outputs, [](auto &t) { return t.isDynamic(); });
  if (dynamic)
    os << "/* This model has dynamic dimensions ('?' above): exec is required,\n"
       << "   with the version-3 fields of aicc_abi_exec_t (input shapes, output\n"
       << "   and scratch allocators, failure report); without them _run returns\n"
       << "   AICC_ABI_RUN_NEEDS_EXEC (1). */\n";
  os << "struct aicc_abi_exec;\n"
     << "int32_t " << p << "_run(const struct aicc_abi_exec *exec, void *const *inputs,\n"
     << "        void *const *outputs, void *arena);\n\n"
     << "/* The aicc_abi_model_t descriptor (aicc/abi.h), e.g. for\n"
     << "   aicc_model_from_descriptor() of the aicc runtime. */\n"
     << "struct aicc_abi_model;\nconst struct aicc_abi_model *" << p << "_model_v1(void);\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
}

} // namespace mlir::aicc

//===- CUDAArtifact.cpp - the host object of a -target=cuda model ------------===//
//
// A CUDA model's shared library holds no host code of its own: its
// aicc_abi_model_t descriptor (device CUDA, run NULL) points to an
// aicc_abi_cuda_program_t with the kernel images, the weights and the launch
// table, all constant data, which the runtime's CUDA backend replays
// (aicc/abi.h, runtime/src/cuda_model.c).
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CPU/CPUTarget.h"
#include "aicc/Target/CUDA/CUDATarget.h"
#include "aicc/abi.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

namespace mlir::aicc {

namespace {

class ProgramBuilder {
public:
  ProgramBuilder(llvm::Module &m, StringRef prefix) : m(m), ctx(m.getContext()), prefix(prefix) {
    ptrTy = PointerType::getUnqual(ctx);
    i32 = llvm::Type::getInt32Ty(ctx);
    i64 = llvm::Type::getInt64Ty(ctx);
    auto *dim3 = ArrayType::get(i32, 3);
    imageTy = StructType::create(ctx, {i32, i32, i32, i32, ptrTy, i64}, "aicc_abi_cuda_image");
    argTy = StructType::create(ctx, {i32, i32, i64}, "aicc_abi_cuda_arg");
    launchTy = StructType::create(ctx, {ptrTy, dim3, dim3, i32, i32, ptrTy},
                                  "aicc_abi_cuda_launch");
    programTy = StructType::create(ctx, {i32, i32, ptrTy, ptrTy, ptrTy, i64},
                                   "aicc_abi_cuda_program");
  }

  Constant *global(Constant *init, const Twine &name, unsigned align = 0) {
    auto *gv = new GlobalVariable(m, init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, init, prefix + "_" + name);
    if (align)
      gv->setAlignment(Align(align));
    return gv;
  }

  Constant *bytes(StringRef data, const Twine &name, unsigned align) {
    return global(ConstantDataArray::getRaw(data, data.size(), llvm::Type::getInt8Ty(ctx)),
                  name, align);
  }

  Constant *program(ArrayRef<CUDAImage> images, StringRef weights,
                    ArrayRef<CUDALaunch> launches) {
    SmallVector<Constant *> imageElems;
    for (auto [i, im] : llvm::enumerate(images)) {
      // PTX is NUL-terminated for the driver; cubins are raw ELF.
      std::string data = im.data;
      if (im.kind == AICC_ABI_CUDA_IMAGE_PTX)
        data.push_back('\0');
      imageElems.push_back(ConstantStruct::get(
          imageTy, {c32(im.kind), c32(im.arch), c32(im.archSpecific ? 1 : 0), c32(0),
                    bytes(data, "image" + Twine(i), 16), ConstantInt::get(i64, data.size())}));
    }
    SmallVector<Constant *> launchElems;
    for (auto [i, l] : llvm::enumerate(launches)) {
      SmallVector<Constant *> args;
      for (const CUDALaunchArg &a : l.args)
        args.push_back(ConstantStruct::get(
            argTy, {c32(a.kind), c32(a.index), ConstantInt::get(i64, a.value)}));
      Constant *argArray = args.empty()
                               ? ConstantPointerNull::get(ptrTy)
                               : global(ConstantArray::get(ArrayType::get(argTy, args.size()),
                                                           args),
                                        "launch" + Twine(i) + "_args");
      Constant *name = global(ConstantDataArray::getString(ctx, l.kernel),
                              "launch" + Twine(i) + "_kernel");
      launchElems.push_back(ConstantStruct::get(
          launchTy, {name, dim3(l.grid), dim3(l.block), c32(l.sharedBytes),
                     c32(l.args.size()), argArray}));
    }
    Constant *imageArray = global(
        ConstantArray::get(ArrayType::get(imageTy, imageElems.size()), imageElems), "images");
    Constant *launchArray =
        launchElems.empty()
            ? ConstantPointerNull::get(ptrTy)
            : global(ConstantArray::get(ArrayType::get(launchTy, launchElems.size()),
                                        launchElems),
                     "launches");
    Constant *weightData =
        weights.empty() ? ConstantPointerNull::get(ptrTy) : bytes(weights, "weights", 64);
    return global(ConstantStruct::get(programTy, {c32(imageElems.size()),
                                                  c32(launchElems.size()), imageArray,
                                                  launchArray, weightData,
                                                  ConstantInt::get(i64, weights.size())}),
                  "cuda_program");
  }

private:
  Constant *c32(int64_t v) { return ConstantInt::get(i32, v); }
  Constant *dim3(const uint32_t (&d)[3]) {
    return ConstantDataArray::get(ctx, ArrayRef<uint32_t>(d, 3));
  }

  llvm::Module &m;
  LLVMContext &ctx;
  std::string prefix;
  PointerType *ptrTy;
  llvm::IntegerType *i32, *i64;
  StructType *imageTy, *argTy, *launchTy, *programTy;
};

} // namespace

std::unique_ptr<llvm::Module>
buildCUDAArtifact(LLVMContext &ctx, const ModelSignature &sig, uint64_t arenaBytes,
                  ArrayRef<CUDAImage> images, StringRef weights,
                  ArrayRef<CUDALaunch> launches, StringRef prefix, bool exportGeneric) {
  auto m = std::make_unique<llvm::Module>(sig.modelName, ctx);
  Constant *program = ProgramBuilder(*m, prefix).program(images, weights, launches);
  addModelDescriptor(*m, sig, arenaBytes, program, prefix, exportGeneric);
  return m;
}

} // namespace mlir::aicc

//===- BindEmptyTensors.cpp - the aicc-bind-empty-tensors pass -------------===//
//
// Graph inputs and outputs with a zero-sized dimension hold no data, but
// MLIR's bare-pointer calling convention refuses their memref types (rank 2
// or more with a 0 dim). Such an argument becomes an `!llvm.ptr` that nothing
// dereferences; its uses get a zero-sized `memref.alloca` instead.
//
//===----------------------------------------------------------------------===//
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_BINDEMPTYTENSORS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

struct BindEmptyTensorsPass
    : public mlir::aicc::impl::BindEmptyTensorsBase<BindEmptyTensorsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isPrivate() || func.isExternal())
      return;
    Block &entry = func.getBody().front();
    auto ptrType = LLVM::LLVMPointerType::get(&getContext());
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    SmallVector<Type> types(func.getArgumentTypes());
    bool changed = false;
    for (BlockArgument arg : entry.getArguments()) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0 ||
          !type.getLayout().isIdentity())
        continue;
      Value empty = memref::AllocaOp::create(b, func.getLoc(), type);
      arg.replaceAllUsesWith(empty);
      arg.setType(ptrType);
      types[arg.getArgNumber()] = ptrType;
      changed = true;
    }
    if (changed)
      func.setType(FunctionType::get(&getContext(), types, func.getResultTypes()));
  }
};

} // namespace

//===- BindDynamicShapes.cpp - the aicc-bind-dynamic-shapes pass -----------===//
//
// Connects the dynamic dimensions of a bufferized entry function to the
// runtime through aicc_abi_exec_t (aicc/abi.h, ABI version 3):
//
// - a graph input with `?` dims becomes a bare `!llvm.ptr`; its memref
//   descriptor is built from the pointer and `exec->input_shapes[i]`;
// - a graph output with `?` dims becomes an unused `!llvm.ptr`; where the
//   function copies its result into it, the copy goes to a buffer from
//   `exec->alloc_output(state, k, dims)` instead;
// - intermediate buffers with `?` dims (`memref.alloc` that the static
//   memory plan left alone) come from `exec->alloc_scratch(state, bytes)`,
//   which the runtime frees when the run ends; their deallocs go away;
// - `cf.assert` becomes a call of `exec->fail(state, message)`, so a failed
//   run-time check makes the run return an error instead of aborting.
//
// Descriptors are LLVM structs cast to memrefs with
// `unrealized_conversion_cast`, which the LLVM conversion removes.
//
//===----------------------------------------------------------------------===//
#include "ExecABI.h"
#include "aicc/Transforms/Passes.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_BINDDYNAMICSHAPES
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;
using namespace mlir::aicc;

namespace {

using namespace mlir::aicc::exec_abi;

class Binder {
public:
  Binder(func::FuncOp func)
      : func(func), ctx(func.getContext()), converter(ctx),
        ptrType(LLVM::LLVMPointerType::get(ctx)), i32(IntegerType::get(ctx, 32)),
        i64(IntegerType::get(ctx, 64)) {}

  LogicalResult run() {
    exec = getOrAddExec();
    unsigned numArgs = func.getNumArguments();
    // Outputs are the out-params buffer-results-to-out-params marked; the
    // inputs are the arguments before the first of them.
    unsigned firstOutput = numArgs;
    for (unsigned i = 0; i < numArgs; ++i)
      if (func.getArgAttr(i, "bufferize.result")) {
        firstOutput = i;
        break;
      }
    unsigned outputIndex = 0;
    for (unsigned i = 0; i < numArgs; ++i) {
      bool isOutput = func.getArgAttr(i, "bufferize.result") != nullptr;
      auto type = dyn_cast<MemRefType>(func.getArgument(i).getType());
      if (isOutput)
        ++outputIndex;
      if (!type || type.hasStaticShape())
        continue;
      if (!type.getLayout().isIdentity())
        return func.emitError("aicc-bind-dynamic-shapes: argument ")
               << i << " has a non-identity layout";
      if (isOutput) {
        if (failed(bindOutput(func.getArgument(i), outputIndex - 1)))
          return failure();
      } else if (i < firstOutput) {
        bindInput(func.getArgument(i), i);
      }
    }
    SmallVector<Type> argTypes(func.getBody().getArgumentTypes());
    func.setType(FunctionType::get(ctx, argTypes, func.getResultTypes()));

    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) {
      if (!alloc.getType().hasStaticShape())
        allocs.push_back(alloc);
    });
    for (memref::AllocOp alloc : allocs)
      if (failed(bindScratch(alloc)))
        return failure();
    SmallVector<cf::AssertOp> asserts;
    func.walk([&](cf::AssertOp op) { asserts.push_back(op); });
    for (cf::AssertOp op : asserts)
      bindAssert(op);
    // The entry wrapper (lib/Target/CPU) refuses to run such a function
    // without an exec of ABI version 3.
    if (bound)
      func->setAttr("aicc.needs_exec", UnitAttr::get(ctx));
    return success();
  }

private:
  Value getOrAddExec() {
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (func.getArgAttr(i, "aicc.exec"))
        return func.getArgument(i);
    unsigned index = func.getNumArguments();
    (void)func.insertArgument(
        index, ptrType,
        DictionaryAttr::get(ctx, {NamedAttribute(StringAttr::get(ctx, "aicc.exec"),
                                                 UnitAttr::get(ctx))}),
        func.getLoc());
    return func.getArgument(index);
  }

  Value field(OpBuilder &b, Location loc, Field f) {
    return loadField(b, loc, exec, f);
  }

  Value constI64(OpBuilder &b, Location loc, int64_t v) {
    bound = true;
    return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(v));
  }

  /// An identity-layout memref of `type` over `data` with `sizes` (i64, one
  /// per dim), as an unrealized cast of its LLVM descriptor.
  Value descriptor(OpBuilder &b, Location loc, MemRefType type, Value data,
                   ArrayRef<Value> sizes) {
    Type descType = converter.convertType(type);
    Value desc = LLVM::UndefOp::create(b, loc, descType);
    desc = LLVM::InsertValueOp::create(b, loc, desc, data, ArrayRef<int64_t>{0});
    desc = LLVM::InsertValueOp::create(b, loc, desc, data, ArrayRef<int64_t>{1});
    desc = LLVM::InsertValueOp::create(b, loc, desc, constI64(b, loc, 0),
                                       ArrayRef<int64_t>{2});
    int64_t rank = type.getRank();
    Value stride = constI64(b, loc, 1);
    for (int64_t d = rank - 1; d >= 0; --d) {
      desc = LLVM::InsertValueOp::create(b, loc, desc, sizes[d],
                                         ArrayRef<int64_t>{3, d});
      desc = LLVM::InsertValueOp::create(b, loc, desc, stride,
                                         ArrayRef<int64_t>{4, d});
      if (d > 0)
        stride = LLVM::MulOp::create(b, loc, stride, sizes[d]);
    }
    return UnrealizedConversionCastOp::create(b, loc, type, desc).getResult(0);
  }

  /// Replaces the argument's memref type by a bare pointer, leaving the old
  /// uses to be rewired by the caller.
  SmallVector<OpOperand *> retypeToPointer(BlockArgument arg) {
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : arg.getUses())
      uses.push_back(&use);
    arg.setType(ptrType);
    return uses;
  }

  void bindInput(BlockArgument arg, unsigned index) {
    auto type = cast<MemRefType>(arg.getType());
    Location loc = arg.getLoc();
    SmallVector<OpOperand *> uses = retypeToPointer(arg);
    OpBuilder b = OpBuilder::atBlockBegin(&func.getBody().front());
    Value shapes = field(b, loc, kInputShapes);
    Value slot = LLVM::GEPOp::create(b, loc, ptrType, ptrType, shapes,
                                     ArrayRef<LLVM::GEPArg>{(int32_t)index});
    Value dims = LLVM::LoadOp::create(b, loc, ptrType, slot);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) {
        sizes.push_back(constI64(b, loc, type.getDimSize(d)));
        continue;
      }
      Value addr = LLVM::GEPOp::create(b, loc, ptrType, i64, dims,
                                       ArrayRef<LLVM::GEPArg>{(int32_t)d});
      sizes.push_back(LLVM::LoadOp::create(b, loc, i64, addr));
    }
    Value m = descriptor(b, loc, type, arg, sizes);
    for (OpOperand *use : uses)
      use->set(m);
  }

  LogicalResult bindOutput(BlockArgument arg, unsigned index) {
    auto type = cast<MemRefType>(arg.getType());
    SmallVector<OpOperand *> uses = retypeToPointer(arg);
    for (OpOperand *use : uses) {
      auto copy = dyn_cast<memref::CopyOp>(use->getOwner());
      if (!copy || copy.getTarget() != arg)
        return use->getOwner()->emitError(
            "aicc-bind-dynamic-shapes: a graph output with dynamic dims must be "
            "written by one memref.copy");
      OpBuilder b(copy);
      Location loc = copy.getLoc();
      // The run-time shape, as i64s in a stack array for the runtime.
      int64_t rank = type.getRank();
      auto arrayType = LLVM::LLVMArrayType::get(i64, std::max<int64_t>(rank, 1));
      Value shape;
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&func.getBody().front());
        shape = LLVM::AllocaOp::create(b, loc, ptrType, arrayType, constI64(b, loc, 1));
      }
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < rank; ++d) {
        Value dim = memref::DimOp::create(b, loc, copy.getSource(), d);
        Value size = arith::IndexCastOp::create(b, loc, i64, dim);
        sizes.push_back(size);
        Value addr = LLVM::GEPOp::create(b, loc, ptrType, i64, shape,
                                         ArrayRef<LLVM::GEPArg>{(int32_t)d});
        LLVM::StoreOp::create(b, loc, size, addr);
      }
      auto allocType = LLVM::LLVMFunctionType::get(ptrType, {ptrType, i32, ptrType});
      Value fn = field(b, loc, kAllocOutput);
      Value state = field(b, loc, kState);
      Value idx = LLVM::ConstantOp::create(b, loc, i32, b.getI32IntegerAttr(index));
      Value data = LLVM::CallOp::create(b, loc, allocType,
                                        ValueRange{fn, state, idx, shape})
                       .getResult();
      Value buffer = descriptor(b, loc, type, data, sizes);
      use->set(buffer);
    }
    return success();
  }

  LogicalResult bindScratch(memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    if (!type.getLayout().isIdentity())
      return alloc.emitError("aicc-bind-dynamic-shapes: dynamic buffer with a "
                             "non-identity layout");
    OpBuilder b(alloc);
    Location loc = alloc.getLoc();
    SmallVector<Value> sizes;
    unsigned dyn = 0;
    int64_t bits = type.getElementTypeBitWidth();
    Value bytes = constI64(b, loc, std::max<int64_t>(1, (bits + 7) / 8));
    for (int64_t d = 0; d < type.getRank(); ++d) {
      Value size = type.isDynamicDim(d)
                       ? arith::IndexCastOp::create(b, loc, i64,
                                                    alloc.getDynamicSizes()[dyn++])
                             .getResult()
                       : constI64(b, loc, type.getDimSize(d));
      sizes.push_back(size);
      bytes = LLVM::MulOp::create(b, loc, bytes, size);
    }
    auto scratchType = LLVM::LLVMFunctionType::get(ptrType, {ptrType, i64});
    Value fn = field(b, loc, kAllocScratch);
    Value state = field(b, loc, kState);
    Value data =
        LLVM::CallOp::create(b, loc, scratchType, ValueRange{fn, state, bytes}).getResult();
    Value m = descriptor(b, loc, type, data, sizes);
    for (OpOperand &use : llvm::make_early_inc_range(alloc.getResult().getUses()))
      if (isa<memref::DeallocOp>(use.getOwner()))
        use.getOwner()->erase();
    alloc.getResult().replaceAllUsesWith(m);
    alloc.erase();
    return success();
  }

  /// "node (Op): " from the ONNX location of an op, "" without one.
  static std::string nodePrefix(Location loc) {
    auto name = dyn_cast<NameLoc>(loc);
    if (!name)
      return "";
    std::string s = name.getName().str();
    if (auto op = dyn_cast<NameLoc>(name.getChildLoc()))
      s += " (" + op.getName().str() + ")";
    return s + ": ";
  }

  void bindAssert(cf::AssertOp op) {
    bound = true;
    OpBuilder b(op);
    Location loc = op.getLoc();
    std::string message = nodePrefix(loc) + op.getMsg().str();
    std::string symbol = "__aicc_check_" + std::to_string(checkCount++);
    {
      OpBuilder mb = OpBuilder::atBlockBegin(func->getParentOfType<ModuleOp>().getBody());
      while (SymbolTable::lookupSymbolIn(func->getParentOfType<ModuleOp>(), symbol))
        symbol = "__aicc_check_" + std::to_string(checkCount++);
      std::string text = message;
      text.push_back('\0');
      auto arrayType = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size());
      LLVM::GlobalOp::create(mb, loc, arrayType, /*isConstant=*/true,
                             LLVM::Linkage::Internal, symbol, mb.getStringAttr(text));
    }
    auto ifOp = scf::IfOp::create(
        b, loc, arith::XOrIOp::create(b, loc, op.getArg(),
                                      arith::ConstantIntOp::create(b, loc, 1, 1)),
        /*withElseRegion=*/false);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value text = LLVM::AddressOfOp::create(b, loc, ptrType, symbol);
    auto failType =
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptrType, ptrType});
    Value fn = field(b, loc, kFail);
    Value state = field(b, loc, kState);
    LLVM::CallOp::create(b, loc, failType, ValueRange{fn, state, text});
    op.erase();
  }

  func::FuncOp func;
  MLIRContext *ctx;
  LLVMTypeConverter converter;
  Type ptrType;
  IntegerType i32, i64;
  Value exec;
  unsigned checkCount = 0;
  bool bound = false;
};

struct BindDynamicShapes
    : public aicc::impl::BindDynamicShapesBase<BindDynamicShapes> {
  void runOnOperation() override {
    SmallVector<func::FuncOp> entries;
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        entries.push_back(func);
    for (func::FuncOp func : entries)
      if (failed(Binder(func).run()))
        return signalPassFailure();
  }
};

} // namespace

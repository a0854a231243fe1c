//===- WeightsToArgument.cpp - the aicc-weights-to-argument pass ------------===//
//
// Constant globals read by @main become views of one weights buffer, an
// extra argument of @main that the CUDA artifact fills from the globals'
// bytes and uploads once (Passes.td has the details).
//
//===----------------------------------------------------------------------===//
#include "aicc/Target/CUDA/Passes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_WEIGHTSTOARGUMENT
#include "aicc/Target/CUDA/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

/// Bytes of one element in the weights buffer: whole bytes, i1 as one byte
/// (what a kernel's i1 load reads).
std::optional<int64_t> elementBytes(Type type) {
  unsigned bits = type.getIntOrFloatBitWidth();
  if (bits == 1)
    return 1;
  if (bits % 8 != 0)
    return std::nullopt;
  return bits / 8;
}

struct WeightsToArgument
    : public aicc::impl::WeightsToArgumentBase<WeightsToArgument> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto main = module.lookupSymbol<func::FuncOp>("main");
    if (!main || main.isExternal())
      return;
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      module.emitError("aicc-weights-to-argument: alignment must be a power of two");
      return signalPassFailure();
    }
    SymbolTable symbols(module);
    // Offsets in first-use order, one per global.
    llvm::MapVector<memref::GlobalOp, int64_t> offsets;
    SmallVector<memref::GetGlobalOp> uses;
    int64_t size = 0;
    WalkResult walk = main.walk([&](memref::GetGlobalOp get) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      if (!global || !global.getConstant() || !global.getInitialValue() ||
          global.isExternal()) {
        get.emitError("a mutable or uninitialised global cannot be a weight of the "
                      "CUDA artifact");
        return WalkResult::interrupt();
      }
      MemRefType type = global.getType();
      std::optional<int64_t> elem = elementBytes(type.getElementType());
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() || !elem) {
        get.emitError("weight ") << type << " is not a dense tensor of whole-byte "
                                 << "elements; the CUDA artifact cannot hold it yet";
        return WalkResult::interrupt();
      }
      uses.push_back(get);
      if (!offsets.count(global)) {
        size = llvm::alignTo(size, alignment);
        offsets[global] = size;
        size += type.getNumElements() * *elem;
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    if (uses.empty())
      return;

    MLIRContext *ctx = module.getContext();
    size = std::max<int64_t>(llvm::alignTo(size, alignment), alignment);
    auto bufferType = MemRefType::get({size}, IntegerType::get(ctx, 8));
    unsigned index = main.getNumArguments();
    NamedAttribute marker(StringAttr::get(ctx, "aicc.weights"), UnitAttr::get(ctx));
    if (failed(main.insertArgument(index, bufferType, DictionaryAttr::get(ctx, {marker}),
                                   main.getLoc())))
      return signalPassFailure();
    Value buffer = main.getArgument(index);
    main->setAttr("aicc.weights_bytes", IntegerAttr::get(IntegerType::get(ctx, 64), size));

    OpBuilder builder(ctx);
    DenseMap<int64_t, Value> shifts;
    for (memref::GetGlobalOp get : uses) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      int64_t offset = offsets.lookup(global);
      Value &shift = shifts[offset];
      if (!shift) {
        // At the top (the get_globals there are erased as we go).
        builder.setInsertionPointToStart(&main.getBody().front());
        shift = arith::ConstantIndexOp::create(builder, get.getLoc(), offset);
      }
      OpBuilder at(get);
      auto view = memref::ViewOp::create(at, get.getLoc(), global.getType(), buffer, shift,
                                         ValueRange{});
      get.replaceAllUsesWith(view.getResult());
      get.erase();
    }
    for (auto [global, offset] : offsets) {
      global.setPublic();
      global->setAttr("aicc.weights_offset",
                      IntegerAttr::get(IntegerType::get(ctx, 64), offset));
    }
  }
};

} // namespace

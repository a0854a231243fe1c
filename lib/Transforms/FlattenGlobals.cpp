//===- FlattenGlobals.cpp - the aicc-flatten-globals pass --------------------===//
#include "aicc/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::aicc {
#define GEN_PASS_DEF_FLATTENGLOBALS
#include "aicc/Transforms/Passes.h.inc"
} // namespace mlir::aicc

using namespace mlir;

namespace {

/// The same elements with a 1-d type; resource blobs are shared.
Attribute flattenValue(Attribute value, RankedTensorType flatType) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(flatType, resource.getRawHandle());
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(flatType);
  return {};
}

struct FlattenGlobalsPass
    : mlir::aicc::impl::FlattenGlobalsBase<FlattenGlobalsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    DenseMap<StringAttr, MemRefType> flattened; // symbol -> original type
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      if (type.getRank() < 2 || !type.hasStaticShape() ||
          !type.getLayout().isIdentity() || !global.getInitialValue())
        continue;
      auto flatTensor = RankedTensorType::get({type.getNumElements()},
                                              type.getElementType());
      Attribute value = flattenValue(*global.getInitialValue(), flatTensor);
      if (!value)
        continue;
      global.setTypeAttr(TypeAttr::get(MemRefType::get(
          {type.getNumElements()}, type.getElementType(), MemRefLayoutAttrInterface(),
          type.getMemorySpace())));
      global.setInitialValueAttr(value);
      flattened[global.getSymNameAttr()] = type;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getNameAttr().getAttr());
      if (it == flattened.end())
        return;
      MemRefType original = it->second;
      OpBuilder b(get);
      auto flat = memref::GetGlobalOp::create(
          b, get.getLoc(),
          MemRefType::get({original.getNumElements()}, original.getElementType(),
                          MemRefLayoutAttrInterface(), original.getMemorySpace()),
          get.getName());
      SmallVector<ReassociationIndices> reassoc = {
          llvm::to_vector(llvm::seq<int64_t>(0, original.getRank()))};
      Value expanded =
          memref::ExpandShapeOp::create(b, get.getLoc(), original, flat, reassoc);
      get.replaceAllUsesWith(expanded);
      get.erase();
    });
  }
};

} // namespace

//===- ConstantWeights.cpp - reading and writing constant f32 weights ---------===//
#include "ConstantWeights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::aicc;

std::optional<SmallVector<float>> mlir::aicc::constantF32Values(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!cst || !type || !type.getElementType().isF32() || !type.hasStaticShape())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue()))
    return llvm::to_vector(dense.getValues<float>());
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<float> data = blob->getDataAs<float>();
    if ((int64_t)data.size() != type.getNumElements())
      return std::nullopt;
    return SmallVector<float>(data.begin(), data.end());
  }
  return std::nullopt;
}

std::optional<SmallVector<float>> mlir::aicc::constantHalfValues(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!cst || !type || !type.hasStaticShape() ||
      !(type.getElementType().isBF16() || type.getElementType().isF16()))
    return std::nullopt;
  const llvm::fltSemantics &sem = cast<FloatType>(type.getElementType()).getFloatSemantics();
  auto widen = [&](uint16_t bits) {
    APFloat h(sem, APInt(16, bits));
    bool lost;
    h.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
    return h.convertToFloat();
  };
  SmallVector<float> out;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    for (APFloat x : dense.getValues<APFloat>())
      out.push_back(widen(x.bitcastToAPInt().getZExtValue()));
    return out;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<uint16_t> data = blob->getDataAs<uint16_t>();
    if ((int64_t)data.size() != type.getNumElements())
      return std::nullopt;
    for (uint16_t x : data)
      out.push_back(widen(x));
    return out;
  }
  return std::nullopt;
}

uint16_t mlir::aicc::toHalfBits(float x, Type et) {
  APFloat f(x);
  bool lost;
  f.convert(cast<FloatType>(et).getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue());
}

Value mlir::aicc::createHalfConstant(OpBuilder &b, Location loc, ShapedType type, Type et,
                                     ArrayRef<float> data, StringRef key, bool asResource) {
  auto tensorType = RankedTensorType::get(type.getShape(), et);
  SmallVector<uint16_t> bits;
  bits.reserve(data.size());
  for (float x : data)
    bits.push_back(toHalfBits(x, et));
  TypedAttr attr;
  if (asResource)
    attr = DenseResourceElementsAttr::get(
        tensorType, key, HeapAsmResourceBlob::allocateAndCopyInferAlign<uint16_t>(bits));
  else
    attr = DenseElementsAttr::getFromRawBuffer(
        tensorType, ArrayRef<char>(reinterpret_cast<const char *>(bits.data()),
                                   bits.size() * sizeof(uint16_t)));
  return arith::ConstantOp::create(b, loc, tensorType, attr);
}

bool mlir::aicc::isResourceConstant(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  return cst && isa<DenseResourceElementsAttr>(cst.getValue());
}

Value mlir::aicc::createF32Constant(OpBuilder &b, Location loc, ShapedType type,
                                    ArrayRef<float> data, StringRef key, bool asResource) {
  auto tensorType = RankedTensorType::get(type.getShape(), b.getF32Type());
  TypedAttr attr;
  if (asResource)
    attr = DenseResourceElementsAttr::get(
        tensorType, key, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(data));
  else
    attr = DenseElementsAttr::get(tensorType, data);
  return arith::ConstantOp::create(b, loc, tensorType, attr);
}

Value mlir::aicc::createI32Constant(OpBuilder &b, Location loc, ArrayRef<int32_t> data,
                                    StringRef key) {
  auto type = RankedTensorType::get({(int64_t)data.size()}, b.getI32Type());
  TypedAttr attr;
  if (data.size() * sizeof(int32_t) > kInlineConstantBytes)
    attr = DenseResourceElementsAttr::get(
        type, key, HeapAsmResourceBlob::allocateAndCopyInferAlign<int32_t>(data));
  else
    attr = DenseElementsAttr::get(type, data);
  return arith::ConstantOp::create(b, loc, type, attr);
}

std::optional<SmallVector<uint8_t>> mlir::aicc::constantByteValues(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!cst || !type || !type.getElementType().isInteger(8) || !type.hasStaticShape())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    SmallVector<uint8_t> out;
    for (APInt x : dense.getValues<APInt>())
      out.push_back(static_cast<uint8_t>(x.getZExtValue()));
    return out;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue())) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<uint8_t> data = blob->getDataAs<uint8_t>();
    if ((int64_t)data.size() != type.getNumElements())
      return std::nullopt;
    return SmallVector<uint8_t>(data.begin(), data.end());
  }
  return std::nullopt;
}

Value mlir::aicc::createByteConstant(OpBuilder &b, Location loc, RankedTensorType type,
                                     ArrayRef<uint8_t> data, StringRef key) {
  TypedAttr attr;
  if (data.size() > kInlineConstantBytes)
    attr = DenseResourceElementsAttr::get(
        type, key, HeapAsmResourceBlob::allocateAndCopyInferAlign<uint8_t>(data));
  else
    attr = DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(reinterpret_cast<const char *>(data.data()), data.size()));
  return arith::ConstantOp::create(b, loc, type, attr);
}

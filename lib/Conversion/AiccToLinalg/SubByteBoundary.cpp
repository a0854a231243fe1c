//===- SubByteBoundary.cpp - packed 4- and 2-bit tensors at the ABI ---------===//
//
// Inside the compiled code a 4- or 2-bit element (i4, ui4, i2, ui2,
// f4E2M1FN) takes a byte, as LLVM stores it. At the ABI such tensors are
// packed as ONNX packs them (element i in byte i*bits/8 at bit i*bits%8), so
// the entry function takes and returns them as tensor<ceil(n*bits/8) x i8>:
// arguments are unpacked by a linalg.generic at entry, results packed by one
// before the return. The model signature, taken from the aicc-level types
// before code generation, still names the logical dtype and shape.
//
//===----------------------------------------------------------------------===//
#include "LinalgBuilders.h"
#include "SubByteBoundary.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Bits of a packed element type, else 0.
unsigned packedBits(Type t) {
  if (isa<Float4E2M1FNType>(t))
    return 4;
  if (auto it = dyn_cast<IntegerType>(t))
    if (it.getWidth() == 4 || it.getWidth() == 2)
      return it.getWidth();
  return 0;
}

std::optional<RankedTensorType> packedType(Type t) {
  auto tt = dyn_cast<RankedTensorType>(t);
  if (!tt || !tt.hasStaticShape())
    return std::nullopt;
  unsigned bits = packedBits(tt.getElementType());
  if (!bits)
    return std::nullopt;
  int64_t bytes = (tt.getNumElements() * bits + 7) / 8;
  return RankedTensorType::get({bytes}, IntegerType::get(t.getContext(), 8));
}

Value indexC(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// The element's bits as signless iN (from iN, uiN or f4E2M1FN).
Value toBits(OpBuilder &b, Location loc, Value v) {
  Type t = v.getType();
  auto it = IntegerType::get(b.getContext(), packedBits(t));
  if (isa<FloatType>(t))
    return arith::BitcastOp::create(b, loc, it, v);
  if (t != it)
    return UnrealizedConversionCastOp::create(b, loc, Type(it), v).getResult(0);
  return v;
}

Value fromBits(OpBuilder &b, Location loc, Value v, Type to) {
  if (isa<FloatType>(to))
    return arith::BitcastOp::create(b, loc, to, v);
  if (v.getType() != to)
    return UnrealizedConversionCastOp::create(b, loc, to, v).getResult(0);
  return v;
}

/// tensor<bytes x i8> -> `type` (unpacked).
Value unpack(OpBuilder &b, Location loc, Value packed, RankedTensorType type) {
  Type elt = type.getElementType();
  unsigned bits = packedBits(elt), perByte = 8 / bits;
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{}, ValueRange{emptyTensor(b, loc, type)}, maps,
      iteratorTypes(rank), [&](OpBuilder &nb, Location l, ValueRange) {
        Value flat = indexC(nb, l, 0);
        for (int64_t d = 0; d < rank; ++d)
          flat = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, flat, indexC(nb, l, type.getDimSize(d))),
              linalg::IndexOp::create(nb, l, d));
        Value byteIdx = arith::DivUIOp::create(nb, l, flat, indexC(nb, l, perByte));
        Value slot = arith::RemUIOp::create(nb, l, flat, indexC(nb, l, perByte));
        Value byte = tensor::ExtractOp::create(nb, l, packed, ValueRange{byteIdx});
        Value shift = arith::IndexCastUIOp::create(
            nb, l, nb.getI8Type(), arith::MulIOp::create(nb, l, slot, indexC(nb, l, bits)));
        Value v = arith::TruncIOp::create(nb, l, nb.getIntegerType(bits),
                                          arith::ShRUIOp::create(nb, l, byte, shift));
        linalg::YieldOp::create(nb, l, fromBits(nb, l, v, elt));
      });
  return generic.getResult(0);
}

/// `v` (unpacked) -> tensor<bytes x i8>.
Value pack(OpBuilder &b, Location loc, Value v, RankedTensorType packed) {
  auto type = cast<RankedTensorType>(v.getType());
  unsigned bits = packedBits(type.getElementType()), perByte = 8 / bits;
  int64_t n = type.getNumElements();
  Value flat = reshapeTensor(b, loc, v, {n});
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(1)};
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{packed}, ValueRange{}, ValueRange{emptyTensor(b, loc, packed)}, maps,
      iteratorTypes(1), [&](OpBuilder &nb, Location l, ValueRange) {
        Type i8 = nb.getI8Type();
        Value j = linalg::IndexOp::create(nb, l, 0);
        Value acc = arith::ConstantIntOp::create(nb, l, i8, 0);
        for (unsigned k = 0; k < perByte; ++k) {
          Value idx = arith::AddIOp::create(
              nb, l, arith::MulIOp::create(nb, l, j, indexC(nb, l, perByte)), indexC(nb, l, k));
          Value valid = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, idx,
                                              indexC(nb, l, n));
          Value at = arith::SelectOp::create(nb, l, valid, idx, indexC(nb, l, n - 1));
          Value e = toBits(nb, l, tensor::ExtractOp::create(nb, l, flat, ValueRange{at}));
          Value z = arith::ExtUIOp::create(nb, l, i8, e);
          z = arith::SelectOp::create(nb, l, valid, z, arith::ConstantIntOp::create(nb, l, i8, 0));
          z = arith::ShLIOp::create(nb, l, z, arith::ConstantIntOp::create(nb, l, i8, k * bits));
          acc = arith::OrIOp::create(nb, l, acc, z);
        }
        linalg::YieldOp::create(nb, l, acc);
      });
  return generic.getResult(0);
}

} // namespace

void mlir::aicc::packSubByteBoundary(func::FuncOp func) {
  if (func.isExternal())
    return;
  Block &entry = func.getBody().front();
  OpBuilder b(func.getContext());
  bool changed = false;
  for (BlockArgument arg : entry.getArguments()) {
    std::optional<RankedTensorType> packed = packedType(arg.getType());
    if (!packed)
      continue;
    auto logical = cast<RankedTensorType>(arg.getType());
    arg.setType(*packed);
    b.setInsertionPointToStart(&entry);
    Value unpacked = unpack(b, func.getLoc(), arg, logical);
    Operation *unpackOp = unpacked.getDefiningOp();
    arg.replaceUsesWithIf(unpacked, [&](OpOperand &use) {
      return !unpackOp->isAncestor(use.getOwner());
    });
    changed = true;
  }
  func.walk([&](func::ReturnOp ret) {
    b.setInsertionPoint(ret);
    for (OpOperand &operand : ret->getOpOperands()) {
      std::optional<RankedTensorType> packed = packedType(operand.get().getType());
      if (!packed)
        continue;
      operand.set(pack(b, ret.getLoc(), operand.get(), *packed));
      changed = true;
    }
  });
  if (!changed)
    return;
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  func.setFunctionType(FunctionType::get(func.getContext(), entry.getArgumentTypes(),
                                         ret.getOperandTypes()));
}

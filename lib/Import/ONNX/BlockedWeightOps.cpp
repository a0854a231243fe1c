//===- BlockedWeightOps.cpp - com.microsoft.MatMulNBits -----------------------===//
//
// MatMulNBits (onnxruntime contrib op, as LLM export tools write it): an f32
// activation times a weight quantized to 4 bits in blocks along K, kept
// 4-bit as aicc.matmul_int4. The packed zero points are unpacked at import
// (they are small); the weight stays as it is in the file.
//
//===----------------------------------------------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// The bytes of a uint8 initializer: a dense attribute, or the resource
/// blob the importer makes of initializers over 1 KiB.
static std::optional<SmallVector<uint8_t>> constantBytes(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    SmallVector<uint8_t> out;
    for (APInt x : dense.getValues<APInt>())
      out.push_back(static_cast<uint8_t>(x.getZExtValue()));
    return out;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(cst.getValue()))
    if (AsmResourceBlob *blob = res.getRawHandle().getBlob()) {
      ArrayRef<uint8_t> data = blob->getDataAs<uint8_t>();
      return SmallVector<uint8_t>(data.begin(), data.end());
    }
  return std::nullopt;
}

/// The [N, KB] zero points: ONNX's packed uint4 (per row, low nibble first,
/// rows padded to whole bytes), or 8 when absent.
static FailureOr<Value> unpackedZeroPoints(ImportContext &ic, Value zp, int64_t n, int64_t kb) {
  Type u8 = IntegerType::get(ic.getContext(), 8, IntegerType::Unsigned);
  auto type = RankedTensorType::get({n, kb}, u8);
  SmallVector<uint8_t> values(n * kb, 8);
  if (zp) {
    if (!elementTypeOf(zp).isUnsignedInteger(8))
      return ic.emitError() << "zero_points of A's type are not supported (only packed uint8)";
    std::optional<SmallVector<uint8_t>> packed = constantBytes(zp);
    if (!packed)
      return ic.emitError() << "zero_points must be a compile-time constant";
    int64_t rowBytes = (kb + 1) / 2;
    if ((int64_t)packed->size() != n * rowBytes)
      return ic.emitError() << "expects " << n * rowBytes << " packed zero points, got "
                            << packed->size();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t b = 0; b < kb; ++b)
        values[i * kb + b] = ((*packed)[i * rowBytes + b / 2] >> (4 * (b % 2))) & 15;
  }
  return ic.constant(DenseElementsAttr::get(type, ArrayRef<uint8_t>(values)));
}

/// MatMulNBits: Y = A @ dequantize(B)^T + bias, bits = 4, f32 A.
static LogicalResult importMatMulNBits(ImportContext &ic) {
  int64_t k = ic.getInt("K", 0), n = ic.getInt("N", 0), bits = ic.getInt("bits", 4),
          bs = ic.getInt("block_size", 0);
  if (bits != 4)
    return ic.emitError() << "bits = " << bits << " is not supported (only 4)";
  if (bs < 16 || (bs & (bs - 1)))
    return ic.emitError() << "expects block_size a power of 2 >= 16, got " << bs;
  if (k < 1 || n < 1)
    return ic.emitError() << "expects positive K and N attributes";
  if (ic.hasInput(4))
    return ic.emitError() << "g_idx (act-order) is not supported";
  FailureOr<Value> a = ic.input(0), b = ic.input(1), scales = ic.input(2);
  if (failed(a) || failed(b) || failed(scales))
    return failure();
  if (!elementTypeOf(*a).isF32() || !elementTypeOf(*scales).isF32())
    return ic.emitError() << "expects f32 A and scales (got " << elementTypeOf(*a) << ")";
  int64_t kb = (k + bs - 1) / bs;
  SmallVector<int64_t> bShape = {n, kb, bs / 2};
  if (shapeOf(*b) != ArrayRef<int64_t>(bShape) || !elementTypeOf(*b).isUnsignedInteger(8))
    return ic.emitError() << "expects B of type uint8 and shape [" << n << ", " << kb << ", "
                          << bs / 2 << "]";
  auto scaleType = cast<RankedTensorType>(scales->getType());
  if (!scaleType.hasStaticShape() || scaleType.getNumElements() != n * kb)
    return ic.emitError() << "expects " << n * kb << " scales";
  if (shapeOf(*a).size() < 2)
    return ic.emitError() << "expects A of rank >= 2";
  FailureOr<Value> s = ic.reshape(*scales, {n, kb});
  FailureOr<Value> zp = unpackedZeroPoints(ic, ic.optionalInput(3), n, kb);
  if (failed(s) || failed(zp))
    return failure();
  Value bias = ic.optionalInput(5);
  Builder builder(ic.getContext());
  FailureOr<Value> y = ic.create<MatMulInt4Op>(*a, *b, *s, *zp, bias,
                                               builder.getI64IntegerAttr(k));
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

void onnx_import::registerBlockedWeightOps(OpRegistry &r) {
  r["com.microsoft.MatMulNBits"] = importMatMulNBits;
}

//===- NarrowFloatCast.cpp - casts to and from 8- and 4-bit floats ---------===//
//
// LLVM has no 8-bit or 4-bit float types, so casts involving ONNX's
// FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0 and
// FLOAT4E2M1 are built from integer and f32 arithmetic on the codes:
//
// - widening looks the code up in a table of its f32 values (APFloat
//   computes the table at compile time, so every code is exact);
// - narrowing rounds |x| to the target's quantum 2^(max(e, emin) - M) with
//   round-half-even, then encodes the result, following ONNX's Cast: with
//   `saturate` out-of-range values and infinities become the largest finite
//   value; without it they become NaN (FN, FNUZ) or infinity (E5M2). NaN
//   stays NaN; the FNUZ types have no negative zero. FLOAT4E2M1 always
//   saturates and, like ml_dtypes, maps NaN to the code 0x8 with the sign
//   flipped. FLOAT8E8M0 keeps the f32 exponent, rounded by `round_mode`.
//
//===----------------------------------------------------------------------===//
#include "NarrowFloatCast.h"
#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace {

/// Layout of a narrow float: exponent and mantissa bits, bias, the code of
/// the largest finite value and how it spells NaN and infinity.
struct Format {
  enum Kind { FN, FNUZ, IEEE, F4 } kind;
  unsigned expBits, manBits;
  int bias;
  uint32_t maxCode;
  double maxValue;
};

std::optional<Format> formatOf(Type t) {
  if (isa<Float8E4M3FNType>(t))
    return Format{Format::FN, 4, 3, 7, 0x7e, 448.0};
  if (isa<Float8E4M3FNUZType>(t))
    return Format{Format::FNUZ, 4, 3, 8, 0x7f, 240.0};
  if (isa<Float8E5M2Type>(t))
    return Format{Format::IEEE, 5, 2, 15, 0x7b, 57344.0};
  if (isa<Float8E5M2FNUZType>(t))
    return Format{Format::FNUZ, 5, 2, 16, 0x7f, 57344.0};
  if (isa<Float4E2M1FNType>(t))
    return Format{Format::F4, 2, 1, 1, 0x7, 6.0};
  return std::nullopt;
}

Value i32c(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
}
Value f32c(OpBuilder &b, Location loc, double v) {
  return arith::ConstantFloatOp::create(b, loc, b.getF32Type(), APFloat((float)v));
}
Value selectI(OpBuilder &b, Location loc, Value c, Value t, Value f) {
  return arith::SelectOp::create(b, loc, c, t, f);
}

/// f32 -> the code of `fmt` (in the low bits of an i32).
Value encode(OpBuilder &b, Location loc, Value x, const Format &fmt, bool saturate) {
  Type i32 = b.getI32Type();
  Value bits = arith::BitcastOp::create(b, loc, i32, x);
  Value sign = arith::ShRUIOp::create(b, loc, bits, i32c(b, loc, 31));
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value a = math::AbsFOp::create(b, loc, x);
  Value abits = arith::BitcastOp::create(b, loc, i32, a);
  int emin = 1 - fmt.bias, m = fmt.manBits;
  // The quantum 2^(max(e, emin) - M), built from its exponent bits.
  Value e = arith::SubIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, abits, i32c(b, loc, 23)), i32c(b, loc, 127));
  Value eq = arith::SubIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, e, i32c(b, loc, emin)), i32c(b, loc, m));
  Value qbits = arith::ShLIOp::create(
      b, loc, arith::AddIOp::create(b, loc, eq, i32c(b, loc, 127)), i32c(b, loc, 23));
  Value q = arith::BitcastOp::create(b, loc, b.getF32Type(), qbits);
  Value y = arith::MulFOp::create(
      b, loc, math::RoundEvenOp::create(b, loc, arith::DivFOp::create(b, loc, a, q)), q);
  // Encode y, which is representable (or overflows, handled below).
  Value ybits = arith::BitcastOp::create(b, loc, i32, y);
  Value ye = arith::SubIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, ybits, i32c(b, loc, 23)), i32c(b, loc, 127));
  Value normal = arith::OrIOp::create(
      b, loc,
      arith::ShLIOp::create(b, loc, arith::AddIOp::create(b, loc, ye, i32c(b, loc, fmt.bias)),
                            i32c(b, loc, m)),
      arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, ybits, i32c(b, loc, 23 - m)),
                            i32c(b, loc, (1 << m) - 1)));
  Value sub = arith::FPToUIOp::create(
      b, loc, i32, arith::DivFOp::create(b, loc, y, f32c(b, loc, std::ldexp(1.0, emin - m))));
  Value isSub = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y,
                                      f32c(b, loc, std::ldexp(1.0, emin)));
  Value code = selectI(b, loc, isSub, sub, normal);
  // Overflow (infinities included).
  Value over = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, y,
                                     f32c(b, loc, fmt.maxValue));
  uint32_t overCode = fmt.maxCode;
  if (!saturate && fmt.kind == Format::FN)
    overCode = 0x7f;
  else if (!saturate && fmt.kind == Format::IEEE)
    overCode = 0x7c;
  else if (!saturate && fmt.kind == Format::FNUZ)
    overCode = 0x80;
  code = selectI(b, loc, over, i32c(b, loc, overCode), code);
  unsigned signShift = fmt.expBits + fmt.manBits;
  Value signed_ = arith::OrIOp::create(
      b, loc, code, arith::ShLIOp::create(b, loc, sign, i32c(b, loc, signShift)));
  if (fmt.kind == Format::FNUZ) {
    // No negative zero; the NaN code 0x80 carries no sign.
    Value keep = arith::OrIOp::create(
        b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, code, i32c(b, loc, 0)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, code, i32c(b, loc, 0x80)));
    signed_ = selectI(b, loc, keep, code, signed_);
  }
  Value nanCode;
  switch (fmt.kind) {
  case Format::FN:
    nanCode = arith::OrIOp::create(b, loc, i32c(b, loc, 0x7f),
                                   arith::ShLIOp::create(b, loc, sign, i32c(b, loc, 7)));
    break;
  case Format::IEEE:
    nanCode = arith::OrIOp::create(b, loc, i32c(b, loc, 0x7e),
                                   arith::ShLIOp::create(b, loc, sign, i32c(b, loc, 7)));
    break;
  case Format::FNUZ:
    nanCode = i32c(b, loc, 0x80);
    break;
  case Format::F4:
    nanCode = arith::XOrIOp::create(b, loc, i32c(b, loc, 0x8),
                                    arith::ShLIOp::create(b, loc, sign, i32c(b, loc, 3)));
    break;
  }
  return selectI(b, loc, isNaN, nanCode, signed_);
}

/// f32 -> FLOAT8E8M0 code, as onnx.numpy_helper.to_float8e8m0.
Value encodeE8M0(OpBuilder &b, Location loc, Value x, bool saturate, StringRef mode) {
  Type i32 = b.getI32Type();
  Value bits = arith::BitcastOp::create(b, loc, i32, x);
  Value exp = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, i32c(b, loc, 23)), i32c(b, loc, 0xff));
  Value special = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, exp, i32c(b, loc, 0xff));
  auto nonZero = [&](uint32_t mask) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                 arith::AndIOp::create(b, loc, bits, i32c(b, loc, mask)),
                                 i32c(b, loc, 0));
  };
  Value up;
  if (mode == "up") {
    up = nonZero(0x7fffff);
  } else if (mode == "nearest") {
    Value lsb = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, exp, i32c(b, loc, 0));
    Value rest = arith::OrIOp::create(b, loc, arith::OrIOp::create(b, loc, nonZero(0x200000),
                                                                   nonZero(0x1fffff)),
                                      lsb);
    up = arith::AndIOp::create(b, loc, nonZero(0x400000), rest);
  }
  Value code = exp;
  if (up) {
    if (saturate)
      up = arith::AndIOp::create(
          b, loc, up,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, exp, i32c(b, loc, 0xfe)));
    code = arith::AddIOp::create(b, loc, exp, arith::ExtUIOp::create(b, loc, i32, up));
  }
  return selectI(b, loc, special, i32c(b, loc, 0xff), code);
}

/// The f32 value of every code of `t`.
DenseElementsAttr valueTable(OpBuilder &b, FloatType t) {
  unsigned width = t.getWidth();
  SmallVector<float> values;
  for (uint32_t c = 0; c < (1u << width); ++c) {
    APFloat v(t.getFloatSemantics(), APInt(width, c));
    bool lost;
    v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v.convertToFloat());
  }
  return DenseElementsAttr::get(
      RankedTensorType::get({(int64_t)values.size()}, b.getF32Type()),
      ArrayRef<float>(values));
}

} // namespace

bool mlir::aicc::isNarrowFloat(Type t) {
  return isa<Float8E4M3FNType, Float8E4M3FNUZType, Float8E5M2Type, Float8E5M2FNUZType,
             Float8E8M0FNUType, Float4E2M1FNType>(t);
}

Value mlir::aicc::narrowFloatToF32(OpBuilder &b, Location loc, Value v) {
  auto t = cast<FloatType>(v.getType());
  Value code = arith::BitcastOp::create(b, loc, b.getIntegerType(t.getWidth()), v);
  Value index = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), code);
  Value table = arith::ConstantOp::create(b, loc, valueTable(b, t));
  return tensor::ExtractOp::create(b, loc, table, index);
}

Value mlir::aicc::f32ToNarrowFloat(OpBuilder &b, Location loc, Value x, FloatType to,
                                   bool saturate, StringRef roundMode) {
  Value code = isa<Float8E8M0FNUType>(to) ? encodeE8M0(b, loc, x, saturate, roundMode)
                                          : encode(b, loc, x, *formatOf(to), saturate);
  Value narrow =
      arith::TruncIOp::create(b, loc, b.getIntegerType(to.getWidth()), code);
  return arith::BitcastOp::create(b, loc, to, narrow);
}

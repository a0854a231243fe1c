//===- ElementwiseLowering.cpp - elementwise aicc ops to linalg.generic ------===//
#include "LinalgBuilders.h"
#include "NarrowFloatCast.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::aicc;

namespace {

bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

/// One scalar body per op; `args` are the broadcast operand scalars.
/// `uns` is set when the op works on unsigned integers (computed in signless
/// integers of the same width).
template <typename OpTy>
Value scalarBody(OpTy op, OpBuilder &b, Location loc, ValueRange args, bool uns);

#define AICC_FI_BINARY(OP, FOP, SOP, UOP)                                      \
  template <>                                                                  \
  Value scalarBody(OP, OpBuilder &b, Location loc, ValueRange a, bool uns) {   \
    if (isFloat(a[0]))                                                         \
      return FOP::create(b, loc, a[0], a[1]);                                  \
    if (uns)                                                                   \
      return UOP::create(b, loc, a[0], a[1]);                                  \
    return SOP::create(b, loc, a[0], a[1]);                                    \
  }
AICC_FI_BINARY(AddOp, arith::AddFOp, arith::AddIOp, arith::AddIOp)
AICC_FI_BINARY(SubOp, arith::SubFOp, arith::SubIOp, arith::SubIOp)
AICC_FI_BINARY(MulOp, arith::MulFOp, arith::MulIOp, arith::MulIOp)
AICC_FI_BINARY(DivOp, arith::DivFOp, arith::DivSIOp, arith::DivUIOp)
AICC_FI_BINARY(PowOp, math::PowFOp, math::IPowIOp, math::IPowIOp)
AICC_FI_BINARY(MaxOp, arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp)
AICC_FI_BINARY(MinOp, arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp)
#undef AICC_FI_BINARY

/// Floats compare ordered, so NaN compares false (as numpy does).
#define AICC_COMPARE(OP, FPRED, SPRED, UPRED)                                  \
  template <>                                                                  \
  Value scalarBody(OP, OpBuilder &b, Location loc, ValueRange a, bool uns) {   \
    if (isFloat(a[0]))                                                         \
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::FPRED, a[0],  \
                                   a[1]);                                      \
    return arith::CmpIOp::create(                                              \
        b, loc, uns ? arith::CmpIPredicate::UPRED : arith::CmpIPredicate::SPRED, \
        a[0], a[1]);                                                           \
  }
AICC_COMPARE(EqualOp, OEQ, eq, eq)
AICC_COMPARE(LessOp, OLT, slt, ult)
AICC_COMPARE(LessEqualOp, OLE, sle, ule)
AICC_COMPARE(GreaterOp, OGT, sgt, ugt)
AICC_COMPARE(GreaterEqualOp, OGE, sge, uge)
#undef AICC_COMPARE

#define AICC_LOGIC(OP, IOP)                                                    \
  template <>                                                                  \
  Value scalarBody(OP, OpBuilder &b, Location loc, ValueRange a, bool) {       \
    return IOP::create(b, loc, a[0], a[1]);                                    \
  }
AICC_LOGIC(AndOp, arith::AndIOp)
AICC_LOGIC(OrOp, arith::OrIOp)
AICC_LOGIC(XorOp, arith::XOrIOp)
AICC_LOGIC(BitwiseAndOp, arith::AndIOp)
AICC_LOGIC(BitwiseOrOp, arith::OrIOp)
AICC_LOGIC(BitwiseXorOp, arith::XOrIOp)
#undef AICC_LOGIC

#define AICC_F_UNARY(OP, FOP)                                                  \
  template <>                                                                  \
  Value scalarBody(OP, OpBuilder &b, Location loc, ValueRange a, bool) {       \
    return FOP::create(b, loc, a[0]);                                          \
  }
AICC_F_UNARY(SqrtOp, math::SqrtOp)
AICC_F_UNARY(ExpOp, math::ExpOp)
AICC_F_UNARY(LogOp, math::LogOp)
AICC_F_UNARY(TanhOp, math::TanhOp)
AICC_F_UNARY(ErfOp, math::ErfOp)
AICC_F_UNARY(FloorOp, math::FloorOp)
AICC_F_UNARY(CeilOp, math::CeilOp)
AICC_F_UNARY(RoundOp, math::RoundEvenOp)
AICC_F_UNARY(SinOp, math::SinOp)
AICC_F_UNARY(CosOp, math::CosOp)
AICC_F_UNARY(TanOp, math::TanOp)
AICC_F_UNARY(AsinOp, math::AsinOp)
AICC_F_UNARY(AcosOp, math::AcosOp)
AICC_F_UNARY(AtanOp, math::AtanOp)
AICC_F_UNARY(SinhOp, math::SinhOp)
AICC_F_UNARY(CoshOp, math::CoshOp)
AICC_F_UNARY(AsinhOp, math::AsinhOp)
AICC_F_UNARY(AcoshOp, math::AcoshOp)
AICC_F_UNARY(AtanhOp, math::AtanhOp)
#undef AICC_F_UNARY

template <>
Value scalarBody(NegOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  if (isFloat(a[0]))
    return arith::NegFOp::create(b, loc, a[0]);
  return arith::SubIOp::create(b, loc, scalarConstant(b, loc, a[0].getType(), 0), a[0]);
}

template <>
Value scalarBody(AbsOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  if (uns)
    return a[0];
  if (isFloat(a[0]))
    return math::AbsFOp::create(b, loc, a[0]);
  return math::AbsIOp::create(b, loc, a[0]);
}

template <>
Value scalarBody(ReluOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  if (uns)
    return a[0];
  return scalarMax(b, loc, a[0], scalarConstant(b, loc, a[0].getType(), 0));
}

template <>
Value scalarBody(SigmoidOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Type t = a[0].getType();
  Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, a[0]));
  Value one = scalarConstant(b, loc, t, 1);
  return arith::DivFOp::create(b, loc, one, arith::AddFOp::create(b, loc, one, e));
}

/// max(0, min(1, alpha * x + beta)).
static Value hardSigmoid(OpBuilder &b, Location loc, Value x, double alpha,
                         double beta) {
  Type t = x.getType();
  Value y = arith::MulFOp::create(b, loc, x, scalarConstant(b, loc, t, alpha));
  y = arith::AddFOp::create(b, loc, y, scalarConstant(b, loc, t, beta));
  y = arith::MinimumFOp::create(b, loc, y, scalarConstant(b, loc, t, 1));
  return arith::MaximumFOp::create(b, loc, y, scalarConstant(b, loc, t, 0));
}

template <>
Value scalarBody(HardSigmoidOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  return hardSigmoid(b, loc, a[0], op.getAlpha().convertToDouble(),
                     op.getBeta().convertToDouble());
}

template <>
Value scalarBody(HardSwishOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  return arith::MulFOp::create(b, loc, a[0], hardSigmoid(b, loc, a[0], 1.0 / 6, 0.5));
}

template <>
Value scalarBody(LeakyReluOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Type t = a[0].getType();
  Value scaled = arith::MulFOp::create(
      b, loc, a[0], scalarConstant(b, loc, t, op.getAlpha().convertToDouble()));
  Value neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, a[0],
                                    scalarConstant(b, loc, t, 0));
  return arith::SelectOp::create(b, loc, neg, scaled, a[0]);
}

Value fconst(OpBuilder &b, Location loc, Value like, double v) {
  return scalarConstant(b, loc, like.getType(), v);
}

/// `exp(x) - 1`, the negative branch of the ELU family.
Value expMinusOne(OpBuilder &b, Location loc, Value x) {
  return arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x),
                               fconst(b, loc, x, 1));
}

/// log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)), which does not overflow.
Value softplus(OpBuilder &b, Location loc, Value x) {
  Value negAbs =
      arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value tail = math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, negAbs));
  Value pos = arith::MaximumFOp::create(b, loc, x, fconst(b, loc, x, 0));
  return arith::AddFOp::create(b, loc, pos, tail);
}

template <>
Value scalarBody(ReciprocalOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  return arith::DivFOp::create(b, loc, fconst(b, loc, a[0], 1), a[0]);
}

template <>
Value scalarBody(SoftplusOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  return softplus(b, loc, a[0]);
}

template <>
Value scalarBody(SoftsignOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value den = arith::AddFOp::create(b, loc, fconst(b, loc, a[0], 1),
                                    math::AbsFOp::create(b, loc, a[0]));
  return arith::DivFOp::create(b, loc, a[0], den);
}

template <>
Value scalarBody(MishOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value sp = softplus(b, loc, a[0]);
  Value t = math::TanhOp::create(b, loc, sp);
  return arith::MulFOp::create(b, loc, a[0], t);
}

template <>
Value scalarBody(SignOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Value x = a[0], zero = fconst(b, loc, x, 0), one = fconst(b, loc, x, 1);
  if (uns) {
    Value nz = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
    return arith::SelectOp::create(b, loc, nz, one, zero);
  }
  Value minusOne = fconst(b, loc, x, -1);
  Value pos, neg;
  if (isFloat(x)) {
    pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, zero);
    neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  } else {
    pos = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, x, zero);
    neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
  }
  // Floats keep x otherwise, so NaN stays NaN and zero keeps its sign bit.
  Value rest = isFloat(x) ? x : zero;
  Value notPos = arith::SelectOp::create(b, loc, neg, minusOne, rest);
  return arith::SelectOp::create(b, loc, pos, one, notPos);
}

template <>
Value scalarBody(NotOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  return arith::XOrIOp::create(b, loc, a[0],
                               arith::ConstantIntOp::create(b, loc, 1, 1));
}

template <>
Value scalarBody(BitwiseNotOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  unsigned width = a[0].getType().getIntOrFloatBitWidth();
  return arith::XOrIOp::create(
      b, loc, a[0], arith::ConstantIntOp::create(b, loc, -1, width));
}

template <>
Value scalarBody(EluOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value x = a[0];
  Value neg = arith::MulFOp::create(
      b, loc, expMinusOne(b, loc, x),
      fconst(b, loc, x, op.getAlpha().convertToDouble()));
  Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                    fconst(b, loc, x, 0));
  return arith::SelectOp::create(b, loc, pos, x, neg);
}

template <>
Value scalarBody(SeluOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value x = a[0];
  double alpha = op.getAlpha().convertToDouble();
  double gamma = op.getGamma().convertToDouble();
  Value neg = arith::MulFOp::create(b, loc, expMinusOne(b, loc, x),
                                    fconst(b, loc, x, alpha * gamma));
  Value scaled = arith::MulFOp::create(b, loc, x, fconst(b, loc, x, gamma));
  Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                    fconst(b, loc, x, 0));
  return arith::SelectOp::create(b, loc, pos, scaled, neg);
}

template <>
Value scalarBody(CeluOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value x = a[0], zero = fconst(b, loc, x, 0);
  Value alpha = fconst(b, loc, x, op.getAlpha().convertToDouble());
  Value neg = arith::MulFOp::create(
      b, loc, alpha, expMinusOne(b, loc, arith::DivFOp::create(b, loc, x, alpha)));
  Value lo = arith::MinimumFOp::create(b, loc, neg, zero);
  Value hi = arith::MaximumFOp::create(b, loc, x, zero);
  return arith::AddFOp::create(b, loc, hi, lo);
}

template <>
Value scalarBody(ThresholdedReluOp op, OpBuilder &b, Location loc, ValueRange a,
                 bool) {
  Value x = a[0];
  Value above = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OGT, x,
      fconst(b, loc, x, op.getAlpha().convertToDouble()));
  return arith::SelectOp::create(b, loc, above, x, fconst(b, loc, x, 0));
}

template <>
Value scalarBody(GeluOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value x = a[0], inner;
  if (op.getApproximate() == "tanh") {
    Value x3 = arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, x3, fconst(b, loc, x, 0.044715)));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, poly,
                              fconst(b, loc, x, std::sqrt(2.0 / M_PI))));
  } else {
    inner = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, fconst(b, loc, x, M_SQRT1_2)));
  }
  Value half = arith::MulFOp::create(b, loc, x, fconst(b, loc, x, 0.5));
  Value onePlus = arith::AddFOp::create(b, loc, fconst(b, loc, x, 1), inner);
  return arith::MulFOp::create(b, loc, half, onePlus);
}

template <>
Value scalarBody(IsNaNOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, a[0], a[0]);
}

template <>
Value scalarBody(IsInfOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  Value x = a[0];
  double inf = std::numeric_limits<double>::infinity();
  bool neg = op.getDetectNegative(), pos = op.getDetectPositive();
  if (!neg && !pos)
    return arith::ConstantIntOp::create(b, loc, 0, 1);
  if (neg && pos)
    x = math::AbsFOp::create(b, loc, x);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                               fconst(b, loc, x, pos ? inf : -inf));
}

template <>
Value scalarBody(ClipOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  // Operands: input, then the bound operands that are present, in order.
  Value x = a[0];
  Type t = x.getType();
  unsigned next = 1;
  Value lo = op.getMinValue() ? a[next++]
             : op.getMin()    ? scalarConstant(b, loc, t, op.getMin()->convertToDouble())
                              : Value();
  Value hi = op.getMaxValue() ? a[next++]
             : op.getMax()    ? scalarConstant(b, loc, t, op.getMax()->convertToDouble())
                              : Value();
  if (lo)
    x = scalarMax(b, loc, x, lo, uns);
  if (hi)
    x = scalarMin(b, loc, x, hi, uns);
  return x;
}

template <>
Value scalarBody(CastOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Type from = op.getInput().getType().getElementType();
  Type to = op.getType().getElementType();
  bool fromUns = from.isUnsignedInteger(), toUns = to.isUnsignedInteger();
  Value v = a[0];
  if (from == to)
    return v;
  // Narrow floats go through f32, which holds each of their values exactly.
  if (isNarrowFloat(from)) {
    v = narrowFloatToF32(b, loc, v);
    from = v.getType();
    fromUns = false;
  }
  if (isNarrowFloat(to)) {
    v = convertScalar(b, loc, v, b.getF32Type(), fromUns, false);
    return f32ToNarrowFloat(b, loc, v, cast<FloatType>(to), op.getSaturate(),
                            op.getRoundMode());
  }
  // Float to 4- or 2-bit integers: through i32, keeping the low bits (LLVM's
  // fptosi/fptoui to the narrow type would be poison out of range).
  unsigned toWidth = to.isIntOrFloat() ? to.getIntOrFloatBitWidth() : 0;
  if (isa<FloatType>(from) && isa<IntegerType>(to) && toWidth > 1 && toWidth < 8) {
    Value wide = arith::FPToSIOp::create(b, loc, b.getI32Type(), v);
    return arith::TruncIOp::create(b, loc, signlessType(to), wide);
  }
  return convertScalar(b, loc, v, signlessType(to), fromUns, toUns);
}

template <>
Value scalarBody(BitcastOp op, OpBuilder &b, Location loc, ValueRange a, bool) {
  return arith::BitcastOp::create(b, loc, signlessType(op.getType().getElementType()), a[0]);
}

/// Python's `%` unless `fmod`: a non-zero remainder whose sign differs from
/// the divisor's moves by one divisor; a zero float remainder takes the
/// divisor's sign. NaN compares unordered and stays NaN.
template <>
Value scalarBody(ModOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Value x = a[0], y = a[1];
  if (uns)
    return arith::RemUIOp::create(b, loc, x, y);
  bool f = isFloat(x);
  Value r = f ? (Value)arith::RemFOp::create(b, loc, x, y)
              : (Value)arith::RemSIOp::create(b, loc, x, y);
  if (op.getFmod())
    return r;
  Value zero = fconst(b, loc, x, 0), nonZero, rNeg, yNeg;
  if (f) {
    nonZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, r, zero);
    rNeg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, r, zero);
    yNeg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, y, zero);
  } else {
    nonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
    rNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    yNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, y, zero);
  }
  Value fix = arith::AndIOp::create(b, loc, nonZero,
                                    arith::XOrIOp::create(b, loc, rNeg, yNeg));
  Value moved = f ? (Value)arith::AddFOp::create(b, loc, r, y)
                  : (Value)arith::AddIOp::create(b, loc, r, y);
  r = arith::SelectOp::create(b, loc, fix, moved, r);
  if (!f)
    return r;
  Value isZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, r, zero);
  return arith::SelectOp::create(b, loc, isZero,
                                 math::CopySignOp::create(b, loc, r, y), r);
}

/// Amounts outside [0, width) give the sign fill: 0, or -1 for an arithmetic
/// right shift of a negative value. Compared unsigned, a negative amount is
/// out of range too; select never reads the poison of the unchosen shift.
template <>
Value scalarBody(BitShiftOp op, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Value x = a[0], s = a[1];
  unsigned width = x.getType().getIntOrFloatBitWidth();
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, s,
                                        fconst(b, loc, x, width));
  Value zero = fconst(b, loc, x, 0);
  if (op.getDirection() == "left")
    return arith::SelectOp::create(b, loc, inRange,
                                   arith::ShLIOp::create(b, loc, x, s), zero);
  if (uns)
    return arith::SelectOp::create(b, loc, inRange,
                                   arith::ShRUIOp::create(b, loc, x, s), zero);
  Value amount =
      arith::SelectOp::create(b, loc, inRange, s, fconst(b, loc, x, width - 1));
  return arith::ShRSIOp::create(b, loc, x, amount);
}

template <>
Value scalarBody(PReluOp, OpBuilder &b, Location loc, ValueRange a, bool uns) {
  Value x = a[0], slope = a[1];
  if (uns)
    return x;
  Value zero = fconst(b, loc, x, 0), neg, scaled;
  if (isFloat(x)) {
    neg = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
    scaled = arith::MulFOp::create(b, loc, x, slope);
  } else {
    neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x, zero);
    scaled = arith::MulIOp::create(b, loc, x, slope);
  }
  return arith::SelectOp::create(b, loc, neg, scaled, x);
}

template <>
Value scalarBody(WhereOp, OpBuilder &b, Location loc, ValueRange a, bool) {
  return arith::SelectOp::create(b, loc, a[0], a[1], a[2]);
}

/// Unsigned scalars are computed as signless integers of the same width;
/// unrealized casts at the body's edges vanish when lowering to LLVM, where
/// both are plain iN.
Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  return UnrealizedConversionCastOp::create(b, loc, to, v).getResult(0);
}

template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Type resultElem = resultType.getElementType();
    bool uns = resultElem.isUnsignedInteger();
    for (Type t : op->getOperandTypes())
      uns |= cast<RankedTensorType>(t).getElementType().isUnsignedInteger() &&
             !isa<CastOp>(op);
    SmallVector<Value> operands;
    for (Value v : adaptor.getOperands())
      operands.push_back(signlessConstant(rewriter, op.getLoc(), v));
    Value r = buildElementwise(
        rewriter, op.getLoc(), resultType, operands,
        [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> signless;
          for (Value a : args)
            signless.push_back(castScalar(b, l, a, signlessType(a.getType())));
          return castScalar(b, l, scalarBody(op, b, l, signless, uns), resultElem);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

} // namespace

void mlir::aicc::populateElementwiseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
               ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
               ElementwiseLowering<PowOp>, ElementwiseLowering<MaxOp>,
               ElementwiseLowering<MinOp>, ElementwiseLowering<SqrtOp>,
               ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
               ElementwiseLowering<NegOp>, ElementwiseLowering<AbsOp>,
               ElementwiseLowering<ReluOp>, ElementwiseLowering<SigmoidOp>,
               ElementwiseLowering<TanhOp>, ElementwiseLowering<ErfOp>,
               ElementwiseLowering<HardSwishOp>, ElementwiseLowering<LeakyReluOp>,
               ElementwiseLowering<HardSigmoidOp>, ElementwiseLowering<ClipOp>,
               ElementwiseLowering<CastOp>, ElementwiseLowering<BitcastOp>>(
      patterns.getContext());
  patterns.add<ElementwiseLowering<FloorOp>, ElementwiseLowering<CeilOp>,
               ElementwiseLowering<RoundOp>, ElementwiseLowering<ReciprocalOp>,
               ElementwiseLowering<SinOp>, ElementwiseLowering<CosOp>,
               ElementwiseLowering<TanOp>, ElementwiseLowering<AsinOp>,
               ElementwiseLowering<AcosOp>, ElementwiseLowering<AtanOp>,
               ElementwiseLowering<SinhOp>, ElementwiseLowering<CoshOp>,
               ElementwiseLowering<AsinhOp>, ElementwiseLowering<AcoshOp>,
               ElementwiseLowering<AtanhOp>, ElementwiseLowering<SoftplusOp>,
               ElementwiseLowering<SoftsignOp>, ElementwiseLowering<MishOp>,
               ElementwiseLowering<SignOp>, ElementwiseLowering<NotOp>,
               ElementwiseLowering<EluOp>, ElementwiseLowering<SeluOp>,
               ElementwiseLowering<CeluOp>, ElementwiseLowering<ThresholdedReluOp>,
               ElementwiseLowering<GeluOp>, ElementwiseLowering<IsNaNOp>,
               ElementwiseLowering<IsInfOp>>(patterns.getContext());
  patterns.add<ElementwiseLowering<EqualOp>, ElementwiseLowering<LessOp>,
               ElementwiseLowering<LessEqualOp>, ElementwiseLowering<GreaterOp>,
               ElementwiseLowering<GreaterEqualOp>, ElementwiseLowering<AndOp>,
               ElementwiseLowering<OrOp>, ElementwiseLowering<XorOp>,
               ElementwiseLowering<BitwiseAndOp>, ElementwiseLowering<BitwiseOrOp>,
               ElementwiseLowering<BitwiseXorOp>, ElementwiseLowering<BitwiseNotOp>>(
      patterns.getContext());
  patterns.add<ElementwiseLowering<ModOp>, ElementwiseLowering<BitShiftOp>,
               ElementwiseLowering<PReluOp>, ElementwiseLowering<WhereOp>>(
      patterns.getContext());
}

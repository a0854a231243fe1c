//===- MathOps.cpp - elementwise ONNX ops ----------------------------------===//
#include "ImportContext.h"

#include "aicc/Dialect/Aicc/AiccOps.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

/// Opset < 7 binary ops with `broadcast` = 1 align B with A starting at
/// `axis`; padding B's shape with trailing 1s gives numpy semantics.
static FailureOr<Value> legacyBroadcast(ImportContext &ic, Value lhs,
                                        Value rhs) {
  if (ic.getOpset() >= 7 || ic.getInt("broadcast", 0) == 0 ||
      !ic.hasAttr("axis"))
    return rhs;
  int64_t lhsRank = shapeOf(lhs).size(), rhsRank = shapeOf(rhs).size();
  FailureOr<int64_t> axis = ic.normaliseAxis(ic.getInt("axis", 0), lhsRank, "axis");
  if (failed(axis))
    return failure();
  if (*axis + rhsRank > lhsRank)
    return ic.emitError() << "attribute 'axis' does not fit B into A";
  SmallVector<int64_t> shape(shapeOf(rhs));
  shape.append(lhsRank - *axis - rhsRank, 1);
  return ic.reshape(rhs, shape);
}

/// Builds `lhs <op> rhs`, on the host when both are integer constants.
template <typename OpTy>
static FailureOr<Value> buildBinary(ImportContext &ic, StringRef onnxOp,
                                    Value lhs, Value rhs) {
  auto l = ImportContext::getConstant(lhs), r = ImportContext::getConstant(rhs);
  if (l && r)
    if (auto folded = hostIntBinary(onnxOp, *l, *r))
      return ic.constant(*folded);
  return ic.create<OpTy>(lhs, rhs);
}

template <typename OpTy>
static LogicalResult importBinary(ImportContext &ic) {
  FailureOr<Value> lhs = ic.input(0), rhs = ic.input(1);
  if (failed(lhs) || failed(rhs) ||
      failed(rhs = legacyBroadcast(ic, *lhs, *rhs)))
    return failure();
  FailureOr<Value> r = buildBinary<OpTy>(ic, ic.getOpType(), *lhs, *rhs);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Comparisons and logic ops: broadcasting binaries with a bool result.
template <typename OpTy>
static LogicalResult importPredicate(ImportContext &ic) {
  FailureOr<Value> lhs = ic.input(0), rhs = ic.input(1);
  if (failed(lhs) || failed(rhs) ||
      failed(rhs = legacyBroadcast(ic, *lhs, *rhs)))
    return failure();
  // Shape subgraphs compare dims (torch's Expand: Equal(shape, -1)) and
  // combine the results (And/Not in ONNX's function bodies).
  auto l = ImportContext::getConstant(*lhs), rc = ImportContext::getConstant(*rhs);
  if (l && rc) {
    auto folded = hostIntCompare(ic.getOpType(), *l, *rc);
    if (!folded)
      folded = hostIntBinary(ic.getOpType(), *l, *rc); // Bitwise*
    if (folded) {
      ic.setResult(0, ic.constant(*folded));
      return success();
    }
  }
  FailureOr<Value> r = ic.create<OpTy>(*lhs, *rhs);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Max/Min/Sum take one or more inputs: a left-to-right chain (of integer
/// constants on the host).
template <typename OpTy>
static LogicalResult importVariadic(ImportContext &ic) {
  FailureOr<Value> acc = ic.input(0);
  if (failed(acc))
    return failure();
  StringRef hostOp = ic.getOpType() == "Sum" ? "Add" : ic.getOpType();
  for (unsigned i = 1; i < ic.getNumInputs(); ++i) {
    FailureOr<Value> next = ic.input(i);
    if (failed(next))
      return failure();
    auto l = ImportContext::getConstant(*acc), r = ImportContext::getConstant(*next);
    if (l && r)
      if (auto folded = hostIntBinary(hostOp, *l, *r)) {
        acc = ic.constant(*folded);
        continue;
      }
    if (failed(acc = ic.create<OpTy>(*acc, *next)))
      return failure();
  }
  ic.setResult(0, *acc);
  return success();
}

/// Converts `v` to element type `to` (on the host for constants);
/// `saturate` and `roundMode` are Cast's attributes for the narrow floats.
static FailureOr<Value> castTo(ImportContext &ic, Value v, Type to, bool saturate = true,
                               StringRef roundMode = "up") {
  if (elementTypeOf(v) == to)
    return v;
  if (auto attr = ImportContext::getConstant(v))
    if (auto folded = hostCast(*attr, to))
      return ic.constant(*folded);
  return ic.createTyped<CastOp>(RankedTensorType::get(shapeOf(v), to), v, saturate,
                                roundMode);
}

static LogicalResult importPow(ImportContext &ic) {
  FailureOr<Value> base = ic.input(0), exp = ic.input(1);
  if (failed(base) || failed(exp) ||
      failed(exp = legacyBroadcast(ic, *base, *exp)))
    return failure();
  // Pow-12+ allows an exponent of another type; aicc.pow wants one type.
  exp = castTo(ic, *exp, elementTypeOf(*base));
  if (failed(exp))
    return failure();
  FailureOr<Value> r = ic.create<PowOp>(*base, *exp);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

template <typename OpTy>
static LogicalResult importUnary(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  // Integer and bool constants (Not, Abs, Sign, ... in shape subgraphs) fold
  // on the host.
  if (auto attr = ImportContext::getConstant(*x))
    if (auto folded = hostIntUnary(ic.getOpType(), *attr)) {
      ic.setResult(0, ic.constant(*folded));
      return success();
    }
  FailureOr<Value> r = ic.create<OpTy>(*x);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importLeakyRelu(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> r =
      ic.create<LeakyReluOp>(*x, APFloat(ic.getFloat("alpha", 0.01f)));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importHardSigmoid(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> r = ic.create<HardSigmoidOp>(
      *x, APFloat(ic.getFloat("alpha", 0.2f)), APFloat(ic.getFloat("beta", 0.5f)));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// A unary op built from its input and the attribute values `attrs`.
template <typename OpTy, typename... Attrs>
static LogicalResult importUnaryWith(ImportContext &ic, Attrs &&...attrs) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> r = ic.create<OpTy>(*x, std::forward<Attrs>(attrs)...);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importElu(ImportContext &ic) {
  return importUnaryWith<EluOp>(ic, APFloat(ic.getFloat("alpha", 1.0)));
}
static LogicalResult importCelu(ImportContext &ic) {
  if (ic.getFloat("alpha", 1.0) == 0)
    return ic.emitError() << "attribute 'alpha' of Celu must not be 0";
  return importUnaryWith<CeluOp>(ic, APFloat(ic.getFloat("alpha", 1.0)));
}
static LogicalResult importThresholdedRelu(ImportContext &ic) {
  return importUnaryWith<ThresholdedReluOp>(ic,
                                            APFloat(ic.getFloat("alpha", 1.0)));
}
static LogicalResult importSelu(ImportContext &ic) {
  // The ONNX defaults are these float32 values, not the exact constants.
  return importUnaryWith<SeluOp>(
      ic, APFloat(ic.getFloat("alpha", 1.67326319217681884765625)),
      APFloat(ic.getFloat("gamma", 1.05070102214813232421875)));
}

static LogicalResult importGelu(ImportContext &ic) {
  std::string approximate = ic.getString("approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    return ic.emitError() << "attribute 'approximate' = \"" << approximate
                          << "\" is not supported";
  return importUnaryWith<GeluOp>(ic, StringRef(approximate));
}

static LogicalResult importIsInf(ImportContext &ic) {
  return importUnaryWith<IsInfOp>(ic, ic.getInt("detect_negative", 1) != 0,
                                  ic.getInt("detect_positive", 1) != 0);
}

/// Clip bounds are attributes before opset 11 and optional inputs after;
/// constant inputs become attributes when the graph is canonicalised.
static LogicalResult importClip(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  Builder b(ic.getContext());
  if (ic.getOpset() < 11) {
    FloatAttr minAttr, maxAttr;
    if (ic.hasAttr("min"))
      minAttr = b.getF64FloatAttr(ic.getFloat("min", 0));
    if (ic.hasAttr("max"))
      maxAttr = b.getF64FloatAttr(ic.getFloat("max", 0));
    FailureOr<Value> r = ic.createTyped<ClipOp>(x->getType(), *x, Value(), Value(),
                                                minAttr, maxAttr);
    if (failed(r))
      return failure();
    ic.setResult(0, *r);
    return success();
  }
  Value bounds[2];
  for (unsigned i : {1u, 2u}) {
    Value v = ic.optionalInput(i);
    if (!v)
      continue;
    auto t = cast<RankedTensorType>(v.getType());
    if (!t.hasStaticShape() || t.getNumElements() != 1)
      return ic.emitError() << "'" << (i == 1 ? "min" : "max")
                            << "' input must hold one value";
    if (t.getRank() != 0) {
      FailureOr<Value> scalar =
          ic.createTyped<ReshapeOp>(RankedTensorType::get({}, t.getElementType()), v);
      if (failed(scalar))
        return failure();
      v = *scalar;
    }
    bounds[i - 1] = v;
  }
  FailureOr<Value> r = ic.createTyped<ClipOp>(x->getType(), *x, bounds[0], bounds[1],
                                              FloatAttr(), FloatAttr());
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// The element type named by Cast's and BitCast's required attribute 'to'.
static FailureOr<Type> targetElementType(ImportContext &ic) {
  if (!ic.hasAttr("to"))
    return ic.emitError() << "expects attribute 'to'";
  return convertElementType(ic.getContext(), ic.getInt("to", 0),
                            ic.hasOutput(0) ? ic.getNode().output(0) : "output",
                            ic.getLoc());
}

/// Cast and CastLike: `x` converted to `to` under the node's 'saturate' and
/// 'round_mode' attributes, as the node's result.
static LogicalResult importCastTo(ImportContext &ic, Value x, Type to) {
  FailureOr<Value> r = castTo(ic, x, to, ic.getInt("saturate", 1) != 0,
                              ic.getString("round_mode", "up"));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importCast(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Type> to = targetElementType(ic);
  if (failed(to))
    return failure();
  return importCastTo(ic, *x, *to);
}

/// CastLike: Cast to the element type of the second input.
static LogicalResult importCastLike(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  FailureOr<Value> like = ic.input(1);
  if (failed(x) || failed(like))
    return failure();
  return importCastTo(ic, *x, elementTypeOf(*like));
}

/// BitCast (opset 26): the bits read as another type of the same width;
/// bool (one byte in ONNX) to and from 8-bit integers is a value cast.
static LogicalResult importBitCast(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Type> to = targetElementType(ic);
  if (failed(to))
    return failure();
  Type from = elementTypeOf(*x);
  auto bits = [](Type t) { return t.isInteger(1) ? 8u : t.getIntOrFloatBitWidth(); };
  if (!from.isIntOrFloat() || !to->isIntOrFloat() || bits(from) != bits(*to))
    return ic.emitError() << "BitCast from " << from << " to " << *to
                          << " changes the element size";
  auto type = RankedTensorType::get(shapeOf(*x), *to);
  FailureOr<Value> r = from.isInteger(1) || to->isInteger(1)
                           ? ic.createTyped<CastOp>(type, *x)
                           : ic.createTyped<BitcastOp>(type, *x);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Mean: the sum chain divided by the number of inputs.
static LogicalResult importMean(ImportContext &ic) {
  FailureOr<Value> acc = ic.input(0);
  if (failed(acc))
    return failure();
  unsigned n = ic.getNumInputs();
  for (unsigned i = 1; i < n; ++i) {
    FailureOr<Value> next = ic.input(i);
    if (failed(next) || failed(acc = ic.create<AddOp>(*acc, *next)))
      return failure();
  }
  auto ft = dyn_cast<FloatType>(elementTypeOf(*acc));
  if (!ft)
    return ic.emitError() << "Mean takes floating-point inputs";
  if (n > 1) {
    Value count = ic.constant(DenseElementsAttr::get(
        RankedTensorType::get({}, ft), FloatAttr::get(ft, (double)n)));
    acc = ic.create<DivOp>(*acc, count);
    if (failed(acc))
      return failure();
  }
  ic.setResult(0, *acc);
  return success();
}

static LogicalResult importMod(ImportContext &ic) {
  FailureOr<Value> lhs = ic.input(0), rhs = ic.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  int64_t fmod = ic.getInt("fmod", 0);
  if (fmod != 0 && fmod != 1)
    return ic.emitError() << "attribute 'fmod' = " << fmod << " is not 0 or 1";
  // Opset 28 defines fmod = 0 for floats (numpy's mod); before, it was invalid.
  if (fmod == 0 && isa<FloatType>(elementTypeOf(*lhs)) && ic.getOpset() < 28)
    return ic.emitError() << "attribute 'fmod' must be 1 for floating-point "
                             "inputs before opset 28";
  auto l = ImportContext::getConstant(*lhs), rc = ImportContext::getConstant(*rhs);
  if (l && rc)
    if (auto folded = hostIntBinary(fmod ? "FMod" : "Mod", *l, *rc)) {
      ic.setResult(0, ic.constant(*folded));
      return success();
    }
  FailureOr<Value> r = ic.create<ModOp>(*lhs, *rhs, fmod != 0);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importBitShift(ImportContext &ic) {
  FailureOr<Value> lhs = ic.input(0), rhs = ic.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  std::string direction = ic.getString("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    return ic.emitError() << "attribute 'direction' = \"" << direction
                          << "\" is not \"LEFT\" or \"RIGHT\"";
  FailureOr<Value> r = ic.create<BitShiftOp>(
      *lhs, *rhs, StringRef(direction == "LEFT" ? "left" : "right"));
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

static LogicalResult importPRelu(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), slope = ic.input(1);
  if (failed(x) || failed(slope))
    return failure();
  FailureOr<Value> r = ic.create<PReluOp>(*x, *slope);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Where; on the host for integer constants (the -1 handling of torch's
/// Expand shapes).
static LogicalResult importWhere(ImportContext &ic) {
  FailureOr<Value> c = ic.input(0), x = ic.input(1), y = ic.input(2);
  if (failed(c) || failed(x) || failed(y))
    return failure();
  auto cc = ImportContext::getConstant(*c), xc = ImportContext::getConstant(*x),
       yc = ImportContext::getConstant(*y);
  if (cc && xc && yc)
    if (auto folded = hostWhere(*cc, *xc, *yc)) {
      ic.setResult(0, ic.constant(*folded));
      return success();
    }
  FailureOr<Value> r = ic.create<WhereOp>(*c, *x, *y);
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between.
static LogicalResult importShrink(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  Type et = elementTypeOf(*x);
  double lambd = ic.getFloat("lambd", 0.5), bias = ic.getFloat("bias", 0.0);
  FailureOr<Value> below = ic.create<LessOp>(*x, ic.scalar(et, -lambd)),
                   above = ic.create<GreaterOp>(*x, ic.scalar(et, lambd)),
                   up = ic.create<AddOp>(*x, ic.scalar(et, bias)),
                   down = ic.create<SubOp>(*x, ic.scalar(et, bias)), r;
  if (failed(below) || failed(above) || failed(up) || failed(down) ||
      failed(r = ic.create<WhereOp>(*above, *down, ic.scalar(et, 0.0))) ||
      failed(r = ic.create<WhereOp>(*below, *up, *r)))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// Swish (opset 24): x * sigmoid(alpha * x).
static LogicalResult importSwish(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  FailureOr<Value> r = ic.create<MulOp>(*x, ic.scalar(elementTypeOf(*x), ic.getFloat("alpha", 1.0)));
  if (failed(r) || failed(r = ic.create<SigmoidOp>(*r)) || failed(r = ic.create<MulOp>(*x, *r)))
    return failure();
  ic.setResult(0, *r);
  return success();
}

/// SwiGLU (opset 28): a * sigmoid(alpha * a) * b, a and b of one shape.
static LogicalResult importSwiGLU(ImportContext &ic) {
  FailureOr<Value> a = ic.input(0), b = ic.input(1);
  if (failed(a) || failed(b))
    return failure();
  if (a->getType() != b->getType())
    return ic.emitError() << "expects inputs of one type and shape";
  FailureOr<Value> r = ic.create<MulOp>(*a, ic.scalar(elementTypeOf(*a), ic.getFloat("alpha", 1.0)));
  if (failed(r) || failed(r = ic.create<SigmoidOp>(*r)) || failed(r = ic.create<MulOp>(*a, *r)) ||
      failed(r = ic.create<MulOp>(*r, *b)))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void onnx_import::registerMathOps(OpRegistry &r) {
  r["Add"] = importBinary<AddOp>;
  r["Sub"] = importBinary<SubOp>;
  r["Mul"] = importBinary<MulOp>;
  r["Div"] = importBinary<DivOp>;
  r["Pow"] = importPow;
  r["Max"] = importVariadic<MaxOp>;
  r["Min"] = importVariadic<MinOp>;
  r["Sum"] = importVariadic<AddOp>;
  r["Sqrt"] = importUnary<SqrtOp>;
  r["Exp"] = importUnary<ExpOp>;
  r["Log"] = importUnary<LogOp>;
  r["Neg"] = importUnary<NegOp>;
  r["Abs"] = importUnary<AbsOp>;
  r["Relu"] = importUnary<ReluOp>;
  r["Sigmoid"] = importUnary<SigmoidOp>;
  r["Tanh"] = importUnary<TanhOp>;
  r["Erf"] = importUnary<ErfOp>;
  r["HardSwish"] = importUnary<HardSwishOp>;
  r["LeakyRelu"] = importLeakyRelu;
  r["HardSigmoid"] = importHardSigmoid;
  r["Clip"] = importClip;
  r["Cast"] = importCast;
  r["CastLike"] = importCastLike;
  r["BitCast"] = importBitCast;
  r["Floor"] = importUnary<FloorOp>;
  r["Ceil"] = importUnary<CeilOp>;
  r["Round"] = importUnary<RoundOp>;
  r["Reciprocal"] = importUnary<ReciprocalOp>;
  r["Sin"] = importUnary<SinOp>;
  r["Cos"] = importUnary<CosOp>;
  r["Tan"] = importUnary<TanOp>;
  r["Asin"] = importUnary<AsinOp>;
  r["Acos"] = importUnary<AcosOp>;
  r["Atan"] = importUnary<AtanOp>;
  r["Sinh"] = importUnary<SinhOp>;
  r["Cosh"] = importUnary<CoshOp>;
  r["Asinh"] = importUnary<AsinhOp>;
  r["Acosh"] = importUnary<AcoshOp>;
  r["Atanh"] = importUnary<AtanhOp>;
  r["Softplus"] = importUnary<SoftplusOp>;
  r["Softsign"] = importUnary<SoftsignOp>;
  r["Mish"] = importUnary<MishOp>;
  r["Sign"] = importUnary<SignOp>;
  r["Not"] = importUnary<NotOp>;
  r["BitwiseNot"] = importUnary<BitwiseNotOp>;
  r["BitwiseAnd"] = importPredicate<BitwiseAndOp>;
  r["BitwiseOr"] = importPredicate<BitwiseOrOp>;
  r["BitwiseXor"] = importPredicate<BitwiseXorOp>;
  r["Shrink"] = importShrink;
  r["Swish"] = importSwish;
  r["SwiGLU"] = importSwiGLU;
  r["IsNaN"] = importUnary<IsNaNOp>;
  r["IsInf"] = importIsInf;
  r["Elu"] = importElu;
  r["Selu"] = importSelu;
  r["Celu"] = importCelu;
  r["ThresholdedRelu"] = importThresholdedRelu;
  r["Gelu"] = importGelu;
  r["Equal"] = importPredicate<EqualOp>;
  r["Less"] = importPredicate<LessOp>;
  r["LessOrEqual"] = importPredicate<LessEqualOp>;
  r["Greater"] = importPredicate<GreaterOp>;
  r["GreaterOrEqual"] = importPredicate<GreaterEqualOp>;
  r["And"] = importPredicate<AndOp>;
  r["Or"] = importPredicate<OrOp>;
  r["Xor"] = importPredicate<XorOp>;
  r["Mean"] = importMean;
  r["Mod"] = importMod;
  r["BitShift"] = importBitShift;
  r["PRelu"] = importPRelu;
  r["Where"] = importWhere;
}

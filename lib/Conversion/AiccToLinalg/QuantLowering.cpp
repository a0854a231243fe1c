//===- QuantLowering.cpp - quantization ops to linalg -----------------------===//
//
// quantize_linear, dequantize_linear and requantize are elementwise generics
// (per-axis parameters indexed by the axis loop); matmul_integer and
// conv_integer are contraction generics whose body widens the 8-bit operands
// to i32 and subtracts the zero points, so (u)int8 stays in memory and only
// the accumulator is i32. conv_integer pads with the input's zero point, so
// padding contributes zeros to the centred input.
//
//===----------------------------------------------------------------------===//
#include "LinalgBuilders.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// Unsigned scalars are handled as signless integers of the same width.
Value castScalar(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  return UnrealizedConversionCastOp::create(b, loc, to, v).getResult(0);
}

/// The indexing map of a 0-d or 1-d (along `axis`) parameter.
AffineMap paramMap(MLIRContext *ctx, unsigned rank, int64_t paramRank, int64_t axis) {
  if (paramRank == 0)
    return AffineMap::get(rank, 0, {}, ctx);
  return AffineMap::get(rank, 0, {getAffineDimExpr(axis, ctx)}, ctx);
}

/// A parallel generic over `resultType` reading `x` (identity) and the
/// parameters (0-d or 1-d along `axis`).
Value quantElementwise(OpBuilder &b, Location loc, RankedTensorType resultType, Value x,
                       ValueRange params, int64_t axis, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps = {AffineMap::getMultiDimIdentityMap(rank, ctx)};
  for (Value p : params)
    maps.push_back(paramMap(ctx, rank, cast<RankedTensorType>(p.getType()).getRank(), axis));
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  SmallVector<Value> inputs = {x};
  for (Value p : params)
    inputs.push_back(signlessConstant(b, loc, p));
  Type outElem = resultType.getElementType();
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs,
             ValueRange{emptyTensor(b, loc, resultType)}, maps, iteratorTypes(rank),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               SmallVector<Value> s;
               for (Value a : args.drop_back())
                 s.push_back(castScalar(nb, nl, a, signlessType(a.getType())));
               linalg::YieldOp::create(nb, nl, castScalar(nb, nl, body(nb, nl, s), outElem));
             })
      .getResult(0);
}

/// saturate(round_half_even(v) + zp) to the 8-bit type `to`, in f32 (exact:
/// the rounded value is integral, and out-of-range values clamp). With
/// `relu`, the lower bound is the zero point.
Value saturateToByte(OpBuilder &b, Location loc, Value v, Value zpF32, Type to, bool relu) {
  bool uns = to.isUnsignedInteger();
  Type f32 = b.getF32Type();
  Value r = arith::AddFOp::create(b, loc, math::RoundEvenOp::create(b, loc, v), zpF32);
  Value lo = relu ? zpF32 : scalarConstant(b, loc, f32, uns ? 0 : -128);
  Value hi = scalarConstant(b, loc, f32, uns ? 255 : 127);
  r = arith::MinNumFOp::create(b, loc, arith::MaxNumFOp::create(b, loc, r, lo), hi);
  return convertScalar(b, loc, r, signlessType(to), false, uns);
}

struct QuantizeLinearLowering : OpConversionPattern<QuantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type to = op.getType().getElementType();
    bool uns = to.isUnsignedInteger();
    Value r = quantElementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        {adaptor.getScale(), adaptor.getZeroPoint()}, op.getAxis(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value q = arith::DivFOp::create(b, l, a[0], a[1]);
          Value zp = convertScalar(b, l, a[2], b.getF32Type(), uns);
          return saturateToByte(b, l, q, zp, to, false);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct DequantizeLinearLowering : OpConversionPattern<DequantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    bool uns = op.getInput().getType().getElementType().isUnsignedInteger();
    Value r = quantElementwise(
        rewriter, op.getLoc(), op.getType(), adaptor.getInput(),
        {adaptor.getScale(), adaptor.getZeroPoint()}, op.getAxis(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Type f32 = b.getF32Type();
          Value d = arith::SubFOp::create(b, l, convertScalar(b, l, a[0], f32, uns),
                                          convertScalar(b, l, a[2], f32, uns));
          return (Value)arith::MulFOp::create(b, l, d, a[1]);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct RequantizeLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<float> scales = op.getScale();
    auto scaleType = RankedTensorType::get(
        scales.size() == 1 ? ArrayRef<int64_t>{} : ArrayRef<int64_t>{(int64_t)scales.size()},
        rewriter.getF32Type());
    Value scale = arith::ConstantOp::create(
        rewriter, loc, scaleType, DenseElementsAttr::get(scaleType, scales));
    Type to = op.getType().getElementType();
    double zp = (double)(int64_t)op.getZeroPoint();
    bool relu = op.getRelu();
    Value r = quantElementwise(
        rewriter, loc, op.getType(), adaptor.getInput(), {scale}, op.getAxis(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Type f32 = b.getF32Type();
          Value v = arith::MulFOp::create(b, l, convertScalar(b, l, a[0], f32), a[1]);
          return saturateToByte(b, l, v, scalarConstant(b, l, f32, zp), to, relu);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// acc + (a - za) * (w - zw), the 8-bit operands widened to i32.
Value centredProduct(OpBuilder &b, Location loc, ValueRange args, Type aType, Type wType,
                     int64_t za, int64_t zw) {
  Type i32 = b.getI32Type();
  auto centre = [&](Value v, Type t, int64_t z) -> Value {
    v = convertScalar(b, loc, castScalar(b, loc, v, signlessType(t)), i32,
                      t.isUnsignedInteger());
    if (z == 0)
      return v;
    return arith::SubIOp::create(b, loc, v, scalarConstant(b, loc, i32, (double)z));
  };
  Value p = arith::MulIOp::create(b, loc, centre(args[0], aType, za),
                                  centre(args[1], wType, zw));
  return arith::AddIOp::create(b, loc, args[2], p);
}

struct MatMulIntegerLowering : OpConversionPattern<MatMulIntegerOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType outType = op.getType();
    unsigned rank = outType.getRank(), batch = rank - 2;
    // Loop dims: batch..., m, n, k.
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> lhsExprs, outExprs;
    for (unsigned i = 0; i < batch + 2; ++i)
      outExprs.push_back(d(i));
    for (unsigned i = 0; i <= batch; ++i)
      lhsExprs.push_back(d(i));
    lhsExprs.push_back(d(batch + 2));
    SmallVector<AffineMap> maps = {AffineMap::get(rank + 1, 0, lhsExprs, ctx),
                                   AffineMap::get(rank + 1, 0, {d(batch + 2), d(batch + 1)}, ctx),
                                   AffineMap::get(rank + 1, 0, outExprs, ctx)};
    Type aType = op.getLhs().getType().getElementType();
    Type wType = op.getRhs().getType().getElementType();
    int64_t za = op.getLhsZeroPoint(), zw = op.getRhsZeroPoint();
    Type i32 = rewriter.getI32Type();
    Value init = emptyTensor(rewriter, loc, outType, scalarConstant(rewriter, loc, i32, 0));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        ValueRange{init}, maps, iteratorTypes(rank, 1),
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, centredProduct(b, l, args, aType, wType, za, zw));
        });
    // Loops: batch..., m, k, n.
    SmallVector<unsigned> order = llvm::to_vector(llvm::seq<unsigned>(0, batch + 1));
    order.append({batch + 2, batch + 1});
    rewriter.replaceOp(op, reorderLoops(rewriter, generic, order));
    return success();
  }
};

/// As aicc.conv's lowering: [N, C, D...] x [M, C/G, K...] -> [N, G, M/G, O...]
/// in i32, reshaped to [N, M, O...].
struct ConvIntegerLowering : OpConversionPattern<ConvIntegerOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvIntegerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = op.getInput().getType();
    auto wType = op.getWeight().getType();
    RankedTensorType outType = op.getType();
    unsigned k = inType.getRank() - 2;
    int64_t g = op.getGroup(), n = inType.getDimSize(0), c = inType.getDimSize(1) / g,
            m = wType.getDimSize(0) / g;
    Type aType = inType.getElementType(), wElem = wType.getElementType();
    int64_t za = op.getInputZeroPoint(), zw = op.getWeightZeroPoint();
    // Padding is the zero point's bit pattern in the signless 8-bit type.
    Value input = padSpatial(
        rewriter, loc, toSignless(rewriter, loc, adaptor.getInput()), op.getPads(), [&] {
          return arith::ConstantOp::create(
              rewriter, loc, rewriter.getIntegerAttr(rewriter.getI8Type(), (int8_t)za));
        });
    SmallVector<int64_t> oShape = {n, g, m};
    llvm::append_range(oShape, outType.getShape().drop_front(2));
    // Loop dims: n g m o1..ok | c k1..kk.
    SmallVector<AffineMap> maps =
        groupedConvMaps(ctx, k, c, m, op.getStrides(), op.getDilations());
    Type i32 = rewriter.getI32Type();
    auto accType = RankedTensorType::get(oShape, i32);
    Value init = emptyTensor(rewriter, loc, accType, scalarConstant(rewriter, loc, i32, 0));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{accType}, ValueRange{input, adaptor.getWeight()},
        ValueRange{init}, maps, iteratorTypes(3 + k, 1 + k),
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, centredProduct(b, l, args, aType, wElem, za, zw));
        });
    Value r = reorderLoops(rewriter, generic, groupedConvLoopOrder(k));
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, outType.getShape()));
    return success();
  }
};

/// matmul_int4: the weight dequantized to f32 [N, K] by one generic (loops
/// n, block, byte, nibble), then the product as a contraction generic
/// (loops batch..., n, k) into the bias. The reference and -O0 form; the
/// CPU kernel is aicc.packed_matmul_int4 (aicc-form-int4-kernels).
struct MatMulInt4Lowering : OpConversionPattern<MatMulInt4Op> {
  using OpConversionPattern::OpConversionPattern;

  static Value dequantizedWeight(OpBuilder &b, Location loc, MatMulInt4Op op, Value w,
                                 Value scales, Value zp) {
    MLIRContext *ctx = b.getContext();
    ArrayRef<int64_t> ws = op.getWeight().getType().getShape();
    int64_t n = ws[0], kb = ws[1], half = ws[2];
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    auto type = RankedTensorType::get({n, kb, half, 2}, f32);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx),
                                   AffineMap::get(4, 0, {d(0), d(1)}, ctx),
                                   AffineMap::get(4, 0, {d(0), d(1)}, ctx),
                                   AffineMap::getMultiDimIdentityMap(4, ctx)};
    Value deq = linalg::GenericOp::create(
                    b, loc, TypeRange{type}, ValueRange{w, scales, zp},
                    ValueRange{emptyTensor(b, loc, type)}, maps, iteratorTypes(4),
                    [&](OpBuilder &nb, Location nl, ValueRange args) {
                      Type i8 = nb.getI8Type();
                      Value byte = arith::ExtUIOp::create(
                          nb, nl, i32, castScalar(nb, nl, args[0], i8));
                      Value h = linalg::IndexOp::create(nb, nl, 3);
                      Value shift = arith::MulIOp::create(
                          nb, nl, arith::IndexCastOp::create(nb, nl, i32, h),
                          scalarConstant(nb, nl, i32, 4));
                      Value q = arith::AndIOp::create(
                          nb, nl, arith::ShRUIOp::create(nb, nl, byte, shift),
                          scalarConstant(nb, nl, i32, 15));
                      Value z = arith::ExtUIOp::create(nb, nl, i32,
                                                       castScalar(nb, nl, args[2], i8));
                      Value c = arith::SIToFPOp::create(
                          nb, nl, f32, arith::SubIOp::create(nb, nl, q, z));
                      linalg::YieldOp::create(nb, nl,
                                              arith::MulFOp::create(nb, nl, c, args[1]).getResult());
                    })
                    .getResult(0);
    Value flat = reshapeTensor(b, loc, deq, {n, kb * half * 2});
    int64_t k = op.getKSize();
    if (k == kb * half * 2)
      return flat;
    return tensor::ExtractSliceOp::create(b, loc, flat, ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
                                          ArrayRef<OpFoldResult>{b.getIndexAttr(n), b.getIndexAttr(k)},
                                          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  }

  LogicalResult
  matchAndRewrite(MatMulInt4Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value w = dequantizedWeight(rewriter, loc, op, adaptor.getWeight(), adaptor.getScales(),
                                adaptor.getZeroPoints());
    RankedTensorType outType = op.getType();
    unsigned rank = outType.getRank(), batch = rank - 1;
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> outMaps;
    SmallVector<AffineExpr> inExprs, outExprs;
    for (unsigned i = 0; i < batch; ++i) {
      inExprs.push_back(d(i));
      outExprs.push_back(d(i));
    }
    inExprs.push_back(d(batch + 1));
    outExprs.push_back(d(batch));
    SmallVector<Value> dyn;
    for (unsigned i = 0; i < batch; ++i)
      if (outType.isDynamicDim(i))
        dyn.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getInput(), i));
    Value init = emptyTensor(rewriter, loc, outType,
                             scalarConstant(rewriter, loc, rewriter.getF32Type(), 0), dyn);
    if (Value bias = adaptor.getBias())
      init = buildElementwise(rewriter, loc, outType, ValueRange{init, bias},
                              [](OpBuilder &b, Location l, ValueRange v) {
                                return arith::AddFOp::create(b, l, v[0], v[1]).getResult();
                              },
                              dyn);
    SmallVector<AffineMap> maps = {AffineMap::get(rank + 1, 0, inExprs, ctx),
                                   AffineMap::get(rank + 1, 0, {d(batch), d(batch + 1)}, ctx),
                                   AffineMap::get(rank + 1, 0, outExprs, ctx)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{adaptor.getInput(), w}, ValueRange{init},
        maps, iteratorTypes(rank, 1), [&](OpBuilder &b, Location l, ValueRange args) {
          Value p = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(b, l, arith::AddFOp::create(b, l, args[2], p).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::aicc::populateQuantToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<QuantizeLinearLowering, DequantizeLinearLowering, RequantizeLowering,
               MatMulIntegerLowering, ConvIntegerLowering, MatMulInt4Lowering>(patterns.getContext());
}

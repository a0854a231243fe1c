//===- ContractionLowering.cpp - matmul, gemm and conv to linalg -------------===//
//
// Contractions become linalg.generic ops whose reduction dimensions are
// explicit in the indexing maps, so later tiling/vectorisation passes (and
// named-op specialisation) see the whole loop nest.
//
//===----------------------------------------------------------------------===//
#include "LinalgBuilders.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "aicc/Conversion/Passes.h"
#include "aicc/Dialect/Aicc/AiccOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::aicc;

namespace {

/// f16/bf16 products accumulate in f32, as onnxruntime and ONNX's reference
/// do; other types accumulate in themselves.
Type accumulatorType(Type et) {
  if (et.isF16() || et.isBF16())
    return Float32Type::get(et.getContext());
  return et;
}

/// `r` converted elementwise to `et` when its accumulator type differs.
Value toElementType(OpBuilder &b, Location loc, Value r, Type et) {
  auto type = cast<RankedTensorType>(r.getType());
  if (type.getElementType() == et)
    return r;
  return buildElementwise(b, loc, type.clone(et), r,
                          [&](OpBuilder &nb, Location nl, ValueRange a) {
                            return convertScalar(nb, nl, a[0], et);
                          });
}

/// acc + a * b (scaled by alpha when alpha != 1), in the accumulator's type.
Value multiplyAccumulate(OpBuilder &b, Location loc, Value a, Value x, Value acc,
                         double alpha = 1.0) {
  a = convertScalar(b, loc, a, acc.getType());
  x = convertScalar(b, loc, x, acc.getType());
  if (isa<FloatType>(a.getType())) {
    Value p = arith::MulFOp::create(b, loc, a, x);
    if (alpha != 1.0)
      p = arith::MulFOp::create(b, loc, p, scalarConstant(b, loc, a.getType(), alpha));
    return arith::AddFOp::create(b, loc, acc, p);
  }
  Value p = arith::MulIOp::create(b, loc, a, x);
  if (alpha != 1.0)
    p = arith::MulIOp::create(b, loc, p, scalarConstant(b, loc, a.getType(), alpha));
  return arith::AddIOp::create(b, loc, acc, p);
}

/// A contraction generic. `loopOrder` (new position -> old dim, as in
/// linalg::interchangeGenericOp) puts the reduction loops outside the
/// innermost parallel ones, so the innermost loop walks the output and the
/// operands with unit stride and LLVM can vectorise it.
Value contract(RewriterBase &b, Location loc, Value lhs, Value rhs, Value init,
               ArrayRef<AffineMap> maps, unsigned parallel, unsigned reduction,
               ArrayRef<unsigned> loopOrder, double alpha = 1.0) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
      maps, iteratorTypes(parallel, reduction),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl, multiplyAccumulate(nb, nl, args[0], args[1], args[2], alpha));
      });
  return reorderLoops(b, generic, loopOrder);
}

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lt = cast<RankedTensorType>(lhs.getType());
    auto rt = cast<RankedTensorType>(rhs.getType());
    if (lt.getElementType().isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned matmul is not lowered yet");
    SmallVector<int64_t> ls(lt.getShape()), rs(rt.getShape());
    if (ls.size() == 1) {
      ls.insert(ls.begin(), 1);
      lhs = insertUnitDims(rewriter, loc, lhs, {0});
    }
    if (rs.size() == 1) {
      rs.push_back(1);
      rhs = insertUnitDims(rewriter, loc, rhs, {1});
    }

    ArrayRef<int64_t> lb = ArrayRef<int64_t>(ls).drop_back(2);
    ArrayRef<int64_t> rb = ArrayRef<int64_t>(rs).drop_back(2);
    unsigned batch = std::max(lb.size(), rb.size());
    SmallVector<int64_t> outShape;
    for (unsigned i = 0; i < batch; ++i) {
      int64_t l = i < batch - lb.size() ? 1 : lb[i - (batch - lb.size())];
      int64_t r = i < batch - rb.size() ? 1 : rb[i - (batch - rb.size())];
      // A dynamic dim against 1 stays dynamic; against N it must be N.
      outShape.push_back(l == 1 ? r : r == 1 ? l : ShapedType::isDynamic(l) ? r : l);
    }
    int64_t m = ls[ls.size() - 2], n = rs.back();
    outShape.append({m, n});
    // The init's dynamic sizes: batch dims broadcast as for elementwise ops
    // (over the batch parts of lhs and rhs), m from lhs, n from rhs; k must
    // agree.
    SmallVector<Value> dynSizes;
    {
      for (unsigned i = 0; i < batch; ++i) {
        if (!ShapedType::isDynamic(outShape[i]))
          continue;
        Value size;
        auto take = [&](Value v, ArrayRef<int64_t> bs) {
          int64_t od = (int64_t)i - (int64_t)(batch - bs.size());
          if (od < 0 || !ShapedType::isDynamic(bs[od]))
            return;
          Value d = tensor::DimOp::create(rewriter, loc, v, od);
          size = size ? arith::MinSIOp::create(rewriter, loc, size, d).getResult() : d;
        };
        take(lhs, lb);
        take(rhs, rb);
        dynSizes.push_back(size);
      }
      if (ShapedType::isDynamic(m))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, lhs, ls.size() - 2));
      if (ShapedType::isDynamic(n))
        dynSizes.push_back(tensor::DimOp::create(rewriter, loc, rhs, rs.size() - 1));
      int64_t kl = ls.back(), kr = rs[rs.size() - 2];
      if (ShapedType::isDynamic(kl) || ShapedType::isDynamic(kr)) {
        auto kOf = [&](Value v, int64_t k, int64_t d) -> Value {
          if (!ShapedType::isDynamic(k))
            return arith::ConstantIndexOp::create(rewriter, loc, k);
          return tensor::DimOp::create(rewriter, loc, v, d);
        };
        Value eq = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                         kOf(lhs, kl, ls.size() - 1),
                                         kOf(rhs, kr, rs.size() - 2));
        cf::AssertOp::create(rewriter, loc, eq,
                             "MatMul: the inner dimensions differ at run time");
      }
    }

    // Loop dims: batch..., m, n, k.
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto operandMap = [&](ArrayRef<int64_t> bshape, AffineExpr r, AffineExpr c) {
      SmallVector<AffineExpr> exprs;
      unsigned off = batch - bshape.size();
      for (unsigned i = 0; i < bshape.size(); ++i)
        exprs.push_back(bshape[i] == 1 && outShape[i + off] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : dim(i + off));
      exprs.append({r, c});
      return AffineMap::get(batch + 3, 0, exprs, ctx);
    };
    SmallVector<AffineExpr> outExprs;
    for (unsigned i = 0; i < batch + 2; ++i)
      outExprs.push_back(dim(i));
    SmallVector<AffineMap> maps = {
        operandMap(lb, dim(batch), dim(batch + 2)),
        operandMap(rb, dim(batch + 2), dim(batch + 1)),
        AffineMap::get(batch + 3, 0, outExprs, ctx)};
    Type accT = accumulatorType(lt.getElementType());
    auto outType = RankedTensorType::get(outShape, accT);
    Value init = emptyTensor(rewriter, loc, outType,
                             scalarConstant(rewriter, loc, accT, 0), dynSizes);
    // Loops: batch..., m, k, n.
    SmallVector<unsigned> order = llvm::to_vector(llvm::seq<unsigned>(0, batch + 1));
    order.append({batch + 2, batch + 1});
    Value r = contract(rewriter, loc, lhs, rhs, init, maps, batch + 2, 1, order);
    r = toElementType(rewriter, loc, r, lt.getElementType());
    if (op.getType().hasStaticShape()) {
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, op.getType().getShape()));
      return success();
    }
    // Drop the unit dims that stood in for 1-D operands.
    int64_t rank = outShape.size();
    if (rank != op.getType().getRank()) {
      // A dropped unit dim joins the group before it, or the next one.
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices pending;
      for (int64_t d = 0; d < rank; ++d) {
        bool dropped = (lt.getRank() == 1 && d == rank - 2) ||
                       (rt.getRank() == 1 && d == rank - 1);
        if (dropped && !groups.empty()) {
          groups.back().push_back(d);
          continue;
        }
        pending.push_back(d);
        if (!dropped) {
          groups.push_back(pending);
          pending.clear();
        }
      }
      r = tensor::CollapseShapeOp::create(rewriter, loc, op.getType(), r, groups);
    }
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType outType = op.getType();
    Type et = outType.getElementType();
    if (et.isUnsignedInteger())
      return rewriter.notifyMatchFailure(op, "unsigned gemm is not lowered yet");
    double beta = op.getBeta().convertToDouble();
    Type accT = accumulatorType(et);
    auto accType = outType.clone(accT);
    // Dynamic m from A, n from B.
    SmallVector<Value> dynSizes;
    if (outType.isDynamicDim(0))
      dynSizes.push_back(
          tensor::DimOp::create(rewriter, loc, adaptor.getA(), op.getTransA() ? 1 : 0));
    if (outType.isDynamicDim(1))
      dynSizes.push_back(
          tensor::DimOp::create(rewriter, loc, adaptor.getB(), op.getTransB() ? 0 : 1));
    Value init;
    if (adaptor.getC() && beta != 0.0) {
      init = buildElementwise(rewriter, loc, accType, adaptor.getC(),
                              [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                                Value c = convertScalar(b, l, a[0], accT);
                                if (beta == 1.0)
                                  return c;
                                Value s = scalarConstant(b, l, accT, beta);
                                if (isa<FloatType>(accT))
                                  return arith::MulFOp::create(b, l, c, s);
                                return arith::MulIOp::create(b, l, c, s);
                              },
                              dynSizes);
    } else {
      init = emptyTensor(rewriter, loc, accType, scalarConstant(rewriter, loc, accT, 0),
                         dynSizes);
    }
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps = {
        AffineMap::get(3, 0, op.getTransA() ? ArrayRef<AffineExpr>{k, m} : ArrayRef<AffineExpr>{m, k}, ctx),
        AffineMap::get(3, 0, op.getTransB() ? ArrayRef<AffineExpr>{n, k} : ArrayRef<AffineExpr>{k, n}, ctx),
        AffineMap::get(3, 0, {m, n}, ctx)};
    Value r = contract(rewriter, loc, adaptor.getA(), adaptor.getB(), init, maps, 2,
                       1, /*m, k, n*/ {0, 2, 1}, op.getAlpha().convertToDouble());
    rewriter.replaceOp(op, toElementType(rewriter, loc, r, et));
    return success();
  }
};

/// Grouped N-d convolution: input [N, C, D...] x weight [M, C/G, K...]
/// -> [N, G, M/G, O...], then collapsed back to [N, M, O...].
struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto wType = cast<RankedTensorType>(adaptor.getWeight().getType());
    RankedTensorType outType = op.getType();
    Type et = outType.getElementType();
    unsigned k = inType.getRank() - 2;
    int64_t g = op.getGroup(), n = inType.getDimSize(0),
            c = inType.getDimSize(1) / g, m = wType.getDimSize(0) / g;

    Value input = padSpatial(rewriter, loc, adaptor.getInput(), op.getPads(),
                             [&] { return scalarConstant(rewriter, loc, et, 0); });
    // Input and weight keep their ONNX shapes (reshaping a constant weight
    // would fold into a copy of it); the group splits their channel dims in
    // the indexing maps instead: channel = g * perGroup + c.
    SmallVector<int64_t> oShape = {n, g, m};
    llvm::append_range(oShape, outType.getShape().drop_front(2));
    Value weight = adaptor.getWeight();

    // Loop dims: n g m o1..ok | c k1..kk.
    SmallVector<AffineMap> maps =
        groupedConvMaps(ctx, k, c, m, op.getStrides(), op.getDilations());
    Type accT = accumulatorType(et);
    auto accType = RankedTensorType::get(oShape, accT);
    // A dynamic batch (the only dynamic dim a Conv may have) is the input's.
    SmallVector<Value> batch;
    if (ShapedType::isDynamic(n))
      batch.push_back(tensor::DimOp::create(rewriter, loc, adaptor.getInput(), 0));
    Value init;
    if (adaptor.getBias()) {
      Value bias = adaptor.getBias();
      auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
      SmallVector<AffineExpr> bExprs = {d(1) * m + d(2)};
      SmallVector<AffineExpr> ident;
      for (unsigned i = 0; i < oShape.size(); ++i)
        ident.push_back(d(i));
      init = linalg::GenericOp::create(
                 rewriter, loc, TypeRange{accType}, ValueRange{bias},
                 ValueRange{emptyTensor(rewriter, loc, accType, {}, batch)},
                 SmallVector<AffineMap>{AffineMap::get(oShape.size(), 0, bExprs, ctx),
                                        AffineMap::get(oShape.size(), 0, ident, ctx)},
                 iteratorTypes(oShape.size()),
                 [&](OpBuilder &b, Location l, ValueRange a) {
                   linalg::YieldOp::create(b, l, convertScalar(b, l, a[0], accT));
                 })
                 .getResult(0);
    } else {
      init = emptyTensor(rewriter, loc, accType, scalarConstant(rewriter, loc, accT, 0), batch);
    }
    Value r = contract(rewriter, loc, input, weight, init, maps, 3 + k, 1 + k,
                       groupedConvLoopOrder(k));
    r = toElementType(rewriter, loc, r, et);
    if (outType.hasStaticShape()) {
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, outType.getShape()));
      return success();
    }
    // (n, g, m, o...) -> (n, g*m, o...) keeps the dynamic batch on its own.
    SmallVector<ReassociationIndices> groups = {{0}, {1, 2}};
    for (unsigned i = 0; i < k; ++i)
      groups.push_back({3 + i});
    rewriter.replaceOp(op, tensor::CollapseShapeOp::create(rewriter, loc, outType, r, groups));
    return success();
  }
};

} // namespace

void mlir::aicc::populateContractionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering, ConvLowering>(patterns.getContext());
}

//===- ResizeLowering.cpp - nearest, linear and cubic resize to linalg -------===//
//
// Every ONNX coordinate transformation is affine in the output index:
// x_in = a * x_out + b with a, b known at compile time, so the kernel is one
// multiply-add per dimension, then per resized dimension a set of taps
// (source indices with weights): one rounded index (nearest), 2 (linear) or
// 4 (cubic). The result is the weighted sum over the cartesian product of
// the taps of all dimensions; that is exactly ONNX's separable reference
// (onnx/reference/ops/op_resize.py) since its per-axis weights multiply.
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

/// x_original = a * x_resized + b along one axis (f64 values).
struct Affine1D {
  Value a, b;
};

/// ONNX's x_original for x_resized, as the reference computes it from the
/// f64 `scale` (a constant, or a run-time value): the output length is
/// `scale * in` (not rounded), which matters for align_corners and the
/// length-1 cases when the scale does not divide. Constant scales fold.
std::optional<Affine1D> coordinateTransform(OpBuilder &b, Location l, StringRef mode,
                                            Value scale, int64_t in, int64_t out) {
  Type f64 = b.getF64Type();
  auto cf = [&](double v) -> Value { return scalarConstant(b, l, f64, v); };
  // Folded as built: constant scales give constant coefficients.
  auto div = [&](Value x, Value y) { return b.createOrFold<arith::DivFOp>(l, x, y); };
  auto sub = [&](Value x, Value y) { return b.createOrFold<arith::SubFOp>(l, x, y); };
  auto mul = [&](Value x, Value y) { return b.createOrFold<arith::MulFOp>(l, x, y); };
  auto add = [&](Value x, Value y) { return b.createOrFold<arith::AddFOp>(l, x, y); };
  auto select = [&](Value c, Value x, Value y) {
    return b.createOrFold<arith::SelectOp>(l, c, x, y);
  };
  Value outWidth = mul(scale, cf(double(in)));
  Value isOne = b.createOrFold<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ, outWidth, cf(1));
  Value inv = div(cf(1), scale);
  Affine1D halfPixel{inv, sub(div(cf(0.5), scale), cf(0.5))};
  if (mode == "half_pixel")
    return halfPixel;
  if (mode == "pytorch_half_pixel")
    return Affine1D{select(isOne, cf(0), halfPixel.a), select(isOne, cf(-0.5), halfPixel.b)};
  if (mode == "align_corners")
    return Affine1D{select(isOne, cf(0), div(cf(double(in - 1)), sub(outWidth, cf(1)))),
                    cf(0)};
  if (mode == "asymmetric")
    return Affine1D{inv, cf(0)};
  if (mode == "tf_half_pixel_for_nn") // opset 11 only: (x + 0.5) / scale
    return Affine1D{inv, div(cf(0.5), scale)};
  if (mode == "half_pixel_symmetric") {
    Value adjustment = div(cf(double(out)), outWidth);
    Value offset = mul(cf(in / 2.0), sub(cf(1), adjustment));
    return Affine1D{inv, add(offset, halfPixel.b)};
  }
  return std::nullopt;
}

/// The source indices of one output dimension and their weights (null for a
/// single tap of weight 1).
struct Taps {
  SmallVector<Value> index, weight;
};

/// Builds the scalar body of the resize generic.
class ResizeBody {
public:
  ResizeBody(OpBuilder &b, Location l, ResizeOp op)
      : b(b), l(l), op(op), calc(b.getF64Type()) {}

  Taps identity(int64_t d) { return {{linalg::IndexOp::create(b, l, d)}, {}}; }

  /// The source coordinate of output index d, in f64 as ONNX's reference
  /// computes it (f32 misses exact .5 ties of nearest rounding).
  Value coordinate(int64_t d, const Affine1D &m) {
    Value out = linalg::IndexOp::create(b, l, d);
    Value of = arith::SIToFPOp::create(
        b, l, calc, arith::IndexCastOp::create(b, l, b.getI64Type(), out));
    return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, of, m.a), m.b);
  }

  Taps nearest(Value x, int64_t n) {
    StringRef mode = op.getNearestMode();
    Value r;
    if (mode == "floor")
      r = math::FloorOp::create(b, l, x);
    else if (mode == "ceil")
      r = math::CeilOp::create(b, l, x);
    else if (mode == "round_prefer_ceil")
      r = math::FloorOp::create(b, l, arith::AddFOp::create(b, l, x, cf(0.5)));
    else
      r = math::CeilOp::create(b, l, arith::SubFOp::create(b, l, x, cf(0.5)));
    return {{clamp(toIndex(r), n)}, {}};
  }

  /// Taps floor(x) and floor(x) + 1; clamping x first gives the edge value
  /// outside [0, n - 1], as ONNX's edge padding does.
  Taps linear(Value x, int64_t n) {
    x = arith::MaximumFOp::create(b, l, x, cf(0));
    x = arith::MinimumFOp::create(b, l, x, cf(double(n - 1)));
    Value fl = math::FloorOp::create(b, l, x);
    Value i0 = clamp(toIndex(fl), n);
    Value w = arith::SubFOp::create(b, l, x, fl);
    return {{i0, clamp(arith::AddIOp::create(b, l, i0, cidx(1)), n)},
            {arith::SubFOp::create(b, l, cf(1), w), w}};
  }

  /// Taps floor(x) - 1 .. floor(x) + 2 weighted by Keys' kernel of the
  /// fractional part t: k(1 + t), k(t), k(1 - t), k(2 - t).
  Taps cubic(Value x, int64_t n) {
    double a = op.getCubicCoeffA().convertToDouble();
    Value fl = math::FloorOp::create(b, l, x);
    Value t = arith::SubFOp::create(b, l, x, fl);
    Value one = cf(1);
    Value s = arith::SubFOp::create(b, l, one, t);
    Value base = toIndex(fl);
    Taps taps;
    Value dist[4] = {arith::AddFOp::create(b, l, t, one), t, s,
                     arith::AddFOp::create(b, l, s, one)};
    Value sum;
    for (int k = 0; k < 4; ++k) {
      Value raw = k == 1 ? base : arith::AddIOp::create(b, l, base, cidx(k - 1));
      Value w = k == 1 || k == 2 ? keysNear(dist[k], a) : keysFar(dist[k], a);
      if (op.getExcludeOutside()) {
        Value inside = arith::AndIOp::create(
            b, l,
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, raw, cidx(0)),
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, raw, cidx(n)));
        w = arith::SelectOp::create(b, l, inside, w, cf(0));
        sum = sum ? arith::AddFOp::create(b, l, sum, w).getResult() : w;
      }
      taps.index.push_back(clamp(raw, n));
      taps.weight.push_back(w);
    }
    if (sum)
      for (Value &w : taps.weight)
        w = arith::DivFOp::create(b, l, w, sum);
    return taps;
  }

  /// Sum over the cartesian product of `taps` of weight * input[index].
  Value accumulate(Value input, ArrayRef<Taps> taps) {
    int64_t rank = taps.size();
    SmallVector<int64_t> pos(rank, 0);
    Value acc = cf(0);
    while (true) {
      SmallVector<Value> idx;
      Value weight;
      for (int64_t d = 0; d < rank; ++d) {
        idx.push_back(taps[d].index[pos[d]]);
        if (taps[d].weight.empty())
          continue;
        Value w = taps[d].weight[pos[d]];
        weight = weight ? arith::MulFOp::create(b, l, weight, w).getResult() : w;
      }
      Value v = convertScalar(b, l, tensor::ExtractOp::create(b, l, input, idx), calc);
      acc = arith::AddFOp::create(
          b, l, acc, weight ? arith::MulFOp::create(b, l, v, weight).getResult() : v);
      int64_t d = rank - 1;
      for (; d >= 0 && ++pos[d] == int64_t(taps[d].index.size()); --d)
        pos[d] = 0;
      if (d < 0)
        return acc;
    }
  }

private:
  Value cf(double v) { return scalarConstant(b, l, calc, v); }
  Value cidx(int64_t v) { return arith::ConstantIndexOp::create(b, l, v); }
  Value toIndex(Value f) {
    Value i = arith::FPToSIOp::create(b, l, b.getI64Type(), f);
    return arith::IndexCastOp::create(b, l, b.getIndexType(), i);
  }
  Value clamp(Value i, int64_t n) {
    i = arith::MaxSIOp::create(b, l, i, cidx(0));
    return arith::MinSIOp::create(b, l, i, cidx(n - 1));
  }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, l, x, y); }
  Value add(Value x, double c) { return arith::AddFOp::create(b, l, x, cf(c)); }
  /// Keys' kernel for |x| <= 1: ((a + 2) x - (a + 3)) x^2 + 1.
  Value keysNear(Value x, double a) {
    return add(mul(add(mul(cf(a + 2), x), -(a + 3)), mul(x, x)), 1);
  }
  /// Keys' kernel for 1 < |x| < 2: ((a x - 5a) x + 8a) x - 4a.
  Value keysFar(Value x, double a) {
    return add(mul(add(mul(add(mul(cf(a), x), -5 * a), x), 8 * a), x), -4 * a);
  }

  OpBuilder &b;
  Location l;
  ResizeOp op;
  Type calc;
};

struct ResizeLowering : OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto inShape = op.getInput().getType().getShape();
    int64_t rank = type.getRank();
    SmallVector<std::optional<Affine1D>> maps;
    Value runtimeScales = adaptor.getRuntimeScales();
    for (int64_t d = 0; d < rank; ++d) {
      if (!runtimeScales && inShape[d] == type.getDimSize(d) && op.getScales()[d] == 1.0) {
        maps.push_back(std::nullopt); // identity dimension
        continue;
      }
      Value scale = scalarConstant(rewriter, loc, rewriter.getF64Type(), op.getScales()[d]);
      if (runtimeScales)
        scale = arith::ExtFOp::create(
            rewriter, loc, rewriter.getF64Type(),
            tensor::ExtractOp::create(rewriter, loc, runtimeScales,
                                      ValueRange{arith::ConstantIndexOp::create(
                                          rewriter, loc, d)})
                .getResult());
      auto m = coordinateTransform(rewriter, loc, op.getCoordinateTransformationMode(),
                                   scale, inShape[d], type.getDimSize(d));
      if (!m)
        return rewriter.notifyMatchFailure(op, "coordinate transformation mode is "
                                               "not supported");
      maps.push_back(m);
    }
    StringRef mode = op.getMode();
    Value input = adaptor.getInput();
    Value init = emptyTensor(rewriter, loc, type);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        iteratorTypes(rank), [&](OpBuilder &b, Location l, ValueRange) {
          ResizeBody body(b, l, op);
          SmallVector<Taps> taps;
          for (int64_t d = 0; d < rank; ++d) {
            if (!maps[d]) {
              taps.push_back(body.identity(d));
              continue;
            }
            Value x = body.coordinate(d, *maps[d]);
            taps.push_back(mode == "cubic"    ? body.cubic(x, inShape[d])
                           : mode == "linear" ? body.linear(x, inShape[d])
                                              : body.nearest(x, inShape[d]));
          }
          Value acc = body.accumulate(input, taps);
          linalg::YieldOp::create(b, l, convertScalar(b, l, acc, type.getElementType()));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::aicc::populateResizeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}

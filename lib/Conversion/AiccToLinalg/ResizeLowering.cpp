//===- ResizeLowering.cpp - nearest and linear resize to linalg --------------===//
//
// Every ONNX coordinate transformation is affine in the output index:
// x_in = a * x_out + b with a, b known at compile time, so the kernel is one
// multiply-add per dimension followed by rounding (nearest) or 2-tap
// interpolation per resized dimension (linear).
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

struct Affine1D {
  double a = 1, b = 0;
};

std::optional<Affine1D> coordinateTransform(StringRef mode, double scale,
                                            int64_t in, int64_t out) {
  if (mode == "half_pixel")
    return Affine1D{1 / scale, 0.5 / scale - 0.5};
  if (mode == "pytorch_half_pixel")
    return out > 1 ? Affine1D{1 / scale, 0.5 / scale - 0.5} : Affine1D{0, 0};
  if (mode == "align_corners")
    return out > 1 ? Affine1D{double(in - 1) / double(out - 1), 0} : Affine1D{0, 0};
  if (mode == "asymmetric")
    return Affine1D{1 / scale, 0};
  if (mode == "half_pixel_symmetric") {
    double adjustment = out / (scale * in);
    double offset = in / 2.0 * (1 - adjustment);
    return Affine1D{1 / scale, offset + 0.5 / scale - 0.5};
  }
  return std::nullopt;
}

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
    for (int64_t d = 0; d < rank; ++d) {
      if (inShape[d] == type.getDimSize(d) && op.getScales()[d] == 1.0) {
        maps.push_back(std::nullopt); // identity dimension
        continue;
      }
      auto m = coordinateTransform(op.getCoordinateTransformationMode(),
                                   op.getScales()[d], inShape[d], type.getDimSize(d));
      if (!m)
        return rewriter.notifyMatchFailure(op, "coordinate transformation mode is "
                                               "not supported");
      maps.push_back(m);
    }
    bool linear = op.getMode() == "linear";
    StringRef nearest = op.getNearestMode();
    Value input = adaptor.getInput();
    Type et = type.getElementType();
    Value init = emptyTensor(rewriter, loc, type);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        iteratorTypes(rank), [&](OpBuilder &b, Location l, ValueRange) {
          Type f32 = b.getF32Type();
          auto cidx = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
          auto cf = [&](double v) { return scalarConstant(b, l, f32, v); };
          auto toIndex = [&](Value f) {
            Value i = arith::FPToSIOp::create(b, l, b.getI64Type(), f);
            return arith::IndexCastOp::create(b, l, b.getIndexType(), i);
          };
          auto clamp = [&](Value i, int64_t n) -> Value {
            i = arith::MaxSIOp::create(b, l, i, cidx(0));
            return arith::MinSIOp::create(b, l, i, cidx(n - 1));
          };
          // Per dim: the low source index, the high one and the high weight.
          SmallVector<Value> lo, hi, w;
          for (int64_t d = 0; d < rank; ++d) {
            Value out = linalg::IndexOp::create(b, l, d);
            if (!maps[d]) {
              lo.push_back(out);
              hi.push_back(out);
              w.push_back(nullptr);
              continue;
            }
            Value of = arith::SIToFPOp::create(
                b, l, f32, arith::IndexCastOp::create(b, l, b.getI64Type(), out));
            Value x = arith::AddFOp::create(
                b, l, arith::MulFOp::create(b, l, of, cf(maps[d]->a)), cf(maps[d]->b));
            if (!linear) {
              Value r;
              if (nearest == "floor")
                r = math::FloorOp::create(b, l, x);
              else if (nearest == "ceil")
                r = math::CeilOp::create(b, l, x);
              else if (nearest == "round_prefer_ceil")
                r = math::FloorOp::create(b, l, arith::AddFOp::create(b, l, x, cf(0.5)));
              else
                r = math::CeilOp::create(b, l, arith::SubFOp::create(b, l, x, cf(0.5)));
              Value i = clamp(toIndex(r), inShape[d]);
              lo.push_back(i);
              hi.push_back(i);
              w.push_back(nullptr);
              continue;
            }
            x = arith::MaximumFOp::create(b, l, x, cf(0));
            x = arith::MinimumFOp::create(b, l, x, cf(double(inShape[d] - 1)));
            Value fl = math::FloorOp::create(b, l, x);
            Value i0 = clamp(toIndex(fl), inShape[d]);
            lo.push_back(i0);
            hi.push_back(clamp(arith::AddIOp::create(b, l, i0, cidx(1)), inShape[d]));
            w.push_back(arith::SubFOp::create(b, l, x, fl));
          }
          SmallVector<int64_t> interp;
          for (int64_t d = 0; d < rank; ++d)
            if (w[d])
              interp.push_back(d);
          Value acc = cf(0);
          for (int64_t tap = 0; tap < (int64_t(1) << interp.size()); ++tap) {
            SmallVector<Value> idx(lo);
            Value weight = cf(1);
            for (size_t j = 0; j < interp.size(); ++j) {
              int64_t d = interp[j];
              bool high = (tap >> j) & 1;
              idx[d] = high ? hi[d] : lo[d];
              Value wd = high ? w[d] : arith::SubFOp::create(b, l, cf(1), w[d]);
              weight = arith::MulFOp::create(b, l, weight, wd);
            }
            Value v = convertScalar(b, l, tensor::ExtractOp::create(b, l, input, idx), f32);
            acc = arith::AddFOp::create(b, l, acc, arith::MulFOp::create(b, l, v, weight));
          }
          linalg::YieldOp::create(b, l, convertScalar(b, l, acc, et));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mlir::aicc::populateResizeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}

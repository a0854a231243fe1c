//===- SpectralOps.cpp - DFT and the cosine-sum windows --------------------===//
//
// DFT along a static axis of static length is a matmul of the real and
// imaginary parts with [n_in, n_out] cos and sin tables (θ = 2π·i·o/L,
// computed in f64 on the host):
//
//   forward: Yr = Xr·C + Xi·S,        Yi = Xi·C − Xr·S
//   inverse: Yr = (Xr·C − Xi·S) / L,  Yi = (Xi·C + Xr·S) / L
//
// following ONNX's reference (numpy's fft/ifft/irfft): dft_length truncates
// or zero-pads the input, onesided keeps L/2+1 output bins, and
// inverse+onesided is irfft: a real output of length L from the half
// spectrum, every bin but DC and Nyquist weighted twice (Hermitian symmetry).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

namespace {
/// The cos and sin tables of one DFT, already scaled.
struct DftTables {
  SmallVector<double> cos, sin;
  int64_t rows, cols;
};
} // namespace

static DftTables makeTables(int64_t rows, int64_t cols, int64_t length, bool irfft,
                            double scale) {
  DftTables t{{}, {}, rows, cols};
  for (int64_t i = 0; i < rows; ++i) {
    // irfft: input bin i stands for itself and its mirror L - i.
    double weight = scale;
    if (irfft && i != 0 && !(length % 2 == 0 && i == length / 2))
      weight *= 2;
    for (int64_t o = 0; o < cols; ++o) {
      // Reduce i·o mod L first so large products keep their precision.
      double theta = 2.0 * M_PI * (double)((i * o) % length) / (double)length;
      t.cos.push_back(weight * std::cos(theta));
      t.sin.push_back(weight * std::sin(theta));
    }
  }
  return t;
}

/// [rows, cols] constant of element type `et`.
static Value table(ImportContext &ic, ArrayRef<double> values, int64_t rows, int64_t cols,
                   Type et) {
  auto type = RankedTensorType::get({rows, cols}, et);
  SmallVector<Attribute> attrs;
  for (double v : values)
    attrs.push_back(FloatAttr::get(et, v));
  return ic.constant(DenseElementsAttr::get(type, attrs));
}

/// The shape dftAlong gives, or nothing for a non-positive length.
static std::optional<SmallVector<int64_t>> dftShape(ArrayRef<int64_t> xs, int64_t axis,
                                                     bool inverse, bool onesided,
                                                     std::optional<int64_t> dftLength) {
  bool irfft = inverse && onesided;
  int64_t n = xs[axis];
  int64_t length = dftLength ? *dftLength : irfft ? 2 * (n - 1) : n;
  if (length < 1)
    return std::nullopt;
  SmallVector<int64_t> shape(xs);
  shape[axis] = irfft || !onesided ? length : length / 2 + 1;
  shape.back() = irfft ? 1 : 2;
  return shape;
}

/// The DFT of `x` along `axis` (already normalised, not the last dim).
static V dftAlong(ImportContext &ic, Value x, int64_t axis, bool inverse, bool onesided,
                  std::optional<int64_t> dftLength) {
  ArrayRef<int64_t> xs = shapeOf(x);
  Type et = elementTypeOf(x);
  int64_t rank = xs.size();
  bool irfft = inverse && onesided;
  int64_t n = xs[axis];
  int64_t length = dftLength ? *dftLength : irfft ? 2 * (n - 1) : n;
  if (length < 1)
    return ic.emitError() << "'dft_length' must be positive, got " << length;
  // Input bins used and output bins produced.
  int64_t half = length / 2 + 1;
  int64_t rows = std::min(n, irfft ? half : length);
  int64_t cols = irfft || !onesided ? length : half;
  DftTables t = makeTables(rows, cols, length, irfft, inverse ? 1.0 / length : 1.0);

  DecompositionBuilder b(ic);
  // [..., axis, ..., c] -> per part [rest, rows] with the axis last.
  SmallVector<int64_t> perm, inverseperm(rank - 1);
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  for (auto [i, d] : llvm::enumerate(perm))
    inverseperm[d] = i;
  SmallVector<int64_t> moved;
  for (int64_t d : perm)
    moved.push_back(xs[d]);
  int64_t outer = productOf(moved) / n;
  auto part = [&](int64_t c) -> V {
    V p = b.reshape(b.sliceDim(x, rank - 1, c, c + 1), xs.drop_back());
    return b.reshape(b.sliceDim(b.transpose(p, perm), rank - 2, 0, rows), {outer, rows});
  };
  Value cosT = table(ic, t.cos, rows, cols, et), sinT = table(ic, t.sin, rows, cols, et);
  auto mm = [&](V a, Value m) { return b.binary<MatMulOp>(a, m); };
  V xr = part(0);
  V yr, yi;
  if (xs.back() == 2) {
    V xi = part(1);
    if (inverse) {
      yr = b.sub(mm(xr, cosT), mm(xi, sinT));
      yi = b.add(mm(xi, cosT), mm(xr, sinT));
    } else {
      yr = b.add(mm(xr, cosT), mm(xi, sinT));
      yi = b.sub(mm(xi, cosT), mm(xr, sinT));
    }
  } else {
    yr = mm(xr, cosT);
    yi = inverse ? mm(xr, sinT) : b.neg(mm(xr, sinT));
  }
  // Back to [..., cols, ..., 1] per part.
  SmallVector<int64_t> outMoved(moved);
  outMoved.back() = cols;
  SmallVector<int64_t> outShape;
  for (int64_t d = 0; d < rank - 1; ++d)
    outShape.push_back(outMoved[inverseperm[d]]);
  outShape.push_back(1);
  auto restore = [&](V y) {
    return b.reshape(b.transpose(b.reshape(y, outMoved), inverseperm), outShape);
  };
  return irfft ? restore(yr) : b.concat({restore(yr), restore(yi)}, rank - 1);
}

static LogicalResult importDFT(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x);
  if (xs.size() < 2 || (xs.back() != 1 && xs.back() != 2) || !isa<FloatType>(elementTypeOf(*x)))
    return ic.emitError() << "expects a float input [..., 1 or 2] (real or complex)";
  int64_t rank = xs.size();
  bool inverse = ic.getInt("inverse", 0) != 0, onesided = ic.getInt("onesided", 0) != 0;
  std::optional<int64_t> length;
  if (ic.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> l = ic.requireConstInts(1, "dft_length");
    if (failed(l))
      return failure();
    length = l->front();
  }
  int64_t axis = ic.getOpset() >= 20 ? -2 : ic.getInt("axis", 1);
  Value axisInput = ic.getOpset() >= 20 ? ic.optionalInput(2) : Value();
  if (axisInput) {
    if (std::optional<SmallVector<int64_t>> a = ic.getConstInts(2)) {
      axis = a->front();
    } else if (!onesided && !length) {
      // A run-time axis: every axis gives the input's shape, so compute the
      // DFT along each and select the one asked for (negative axes too).
      DecompositionBuilder b(ic);
      V y = failure(), idx = b.reshape(axisInput, {});
      for (int64_t d = rank - 2; d >= 0; --d) {
        V along = dftAlong(ic, *x, d, inverse, false, std::nullopt);
        if (d == rank - 2) {
          y = along;
          continue;
        }
        V hit = b.logicalOr(b.eq(idx, b.scalarLike(idx, d)), b.eq(idx, b.scalarLike(idx, d - rank)));
        y = b.select(hit, along, y);
      }
      if (failed(y))
        return failure();
      ic.setResult(0, *y);
      return success();
    } else {
      // The output shape depends on the axis: every axis that gives the
      // declared shape is computed, the run selects one and checks that
      // 'axis' names one of them.
      FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "axis");
      if (failed(declared))
        return failure();
      DecompositionBuilder b(ic);
      V y = failure(), idx = b.reshape(axisInput, {}), known = failure();
      for (int64_t d = 0; d < rank - 1; ++d) {
        std::optional<SmallVector<int64_t>> shape = dftShape(xs, d, inverse, onesided, length);
        if (!shape || ArrayRef<int64_t>(*shape) != declared->getShape())
          continue;
        V along = dftAlong(ic, *x, d, inverse, onesided, length);
        V hit = b.logicalOr(b.eq(idx, b.scalarLike(idx, d)), b.eq(idx, b.scalarLike(idx, d - rank)));
        y = succeeded(y) ? b.select(hit, along, y) : along;
        known = succeeded(known) ? b.logicalOr(known, hit) : hit;
      }
      if (failed(y) && succeeded(idx))
        return ic.emitError() << "no axis of the input gives the declared output shape "
                              << *declared;
      if (failed(y) || failed(known))
        return failure();
      FailureOr<Value> r = checked(ic, *known, *y,
                                   "'axis' names an axis that does not give the declared "
                                   "output shape");
      if (failed(r))
        return failure();
      ic.setResult(0, *r);
      return success();
    }
  }
  FailureOr<int64_t> norm = ic.normaliseAxis(axis, rank, "axis");
  if (failed(norm))
    return failure();
  if (*norm == rank - 1)
    return ic.emitError() << "'axis' must not be the last (real/imaginary) dim";
  V y = dftAlong(ic, *x, *norm, inverse, onesided, length);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// STFT: frames f*step + [0, L) of the signal (a gather by a run-time index
/// table when `frame_step` is a run-time value), times the window, then the
/// DFT of each frame. L is the window's length, a constant `frame_length`,
/// or from the declared bins (checked); the frame count is the declared one
/// when the step is a run-time value (checked).
static LogicalResult importSTFT(ImportContext &ic) {
  FailureOr<Value> signal = ic.input(0), stepIn = ic.input(1);
  if (failed(signal) || failed(stepIn))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*signal);
  if (xs.size() != 3 || (xs[2] != 1 && xs[2] != 2) ||
      !cast<RankedTensorType>(signal->getType()).hasStaticShape() ||
      !isa<FloatType>(elementTypeOf(*signal)))
    return ic.emitError() << "expects a float signal [batch, length, 1 or 2] of static shape";
  bool onesided = ic.getInt("onesided", 1) != 0;
  if (onesided && xs[2] == 2)
    return ic.emitError() << "'onesided' = 1 needs a real signal";
  int64_t n = xs[1];
  RankedTensorType declared = ic.declaredResultType(0);
  bool declaredOk = declared && declared.getRank() == 4 && declared.hasStaticShape();
  Type i64 = IntegerType::get(ic.getContext(), 64), et = elementTypeOf(*signal);
  DecompositionBuilder d(ic);
  SmallVector<Value> checks;
  // The frame length.
  Value window = ic.optionalInput(2);
  int64_t length;
  if (window) {
    if (shapeOf(window).size() != 1)
      return ic.emitError() << "'window' must be 1-D";
    length = shapeOf(window)[0];
  } else if (auto c = ic.getConstInts(3)) {
    length = (*c)[0];
  } else if (ic.hasInput(3) && declaredOk) {
    int64_t bins = declared.getDimSize(2);
    length = onesided ? 2 * (bins - 1) : bins;
    V ok = d.eq(d.reshape(d.cast(ic.optionalInput(3), i64), {}), ic.scalar(i64, (double)length));
    if (failed(ok))
      return failure();
    checks.push_back(*ok);
  } else {
    return ic.emitError() << "needs 'window', a constant 'frame_length', or a declared output";
  }
  if (length < 1 || length > n)
    return ic.emitError() << "frame length " << length << " does not fit the signal of " << n;
  // The step and the frame count.
  V step = d.reshape(d.cast(*stepIn, i64), {});
  if (failed(step))
    return failure();
  int64_t frames;
  if (auto c = ic.getConstInts(1)) {
    if ((*c)[0] <= 0)
      return ic.emitError() << "'frame_step' must be positive";
    frames = (n - length) / (*c)[0] + 1;
  } else if (declaredOk) {
    frames = declared.getDimSize(1);
    // floor((n - L) / step) + 1 == frames, with a positive step.
    V count = d.addS(d.div(ic.scalar(i64, (double)(n - length)), step), 1.0);
    V ok = d.logicalAnd(d.eq(count, ic.scalar(i64, (double)frames)), d.gtS(step, 0.0));
    if (failed(ok))
      return failure();
    checks.push_back(*ok);
  } else {
    return ic.emitError() << "'frame_step' is a run-time value and the model declares no "
                             "output shape; aicc needs one of the two";
  }
  // index[f, l] = f * step + l.
  SmallVector<int64_t> fs = llvm::to_vector(llvm::seq<int64_t>(0, frames)),
                       ls = llvm::to_vector(llvm::seq<int64_t>(0, length));
  Value fIdx = ic.constant(DenseElementsAttr::get(RankedTensorType::get({frames, 1}, i64),
                                                  ArrayRef<int64_t>(fs)));
  Value lIdx = ic.constant(DenseElementsAttr::get(RankedTensorType::get({1, length}, i64),
                                                  ArrayRef<int64_t>(ls)));
  V index = d.add(d.mul(fIdx, step), lIdx);
  if (failed(index))
    return failure();
  V framed = ic.create<GatherOp>(*signal, *index, ic.getBuilder().getI64IntegerAttr(1));
  if (window)
    framed = d.mul(framed, d.reshape(d.cast(window, et), {1, 1, length, 1}));
  if (failed(framed))
    return failure();
  V y = dftAlong(ic, *framed, 2, /*inverse=*/false, onesided, length);
  for (Value ok : checks)
    if (succeeded(y))
      y = checked(ic, ok, *y, "'frame_step' or 'frame_length' does not give the declared output");
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// The cosine-sum windows: w[n] = a0 - a1 cos(2πn/N) + a2 cos(4πn/N) for n
/// in [0, size), N = size (periodic) or size - 1 (symmetric), in f32, cast
/// to `output_datatype`. `size` may be a run-time value: the length is then
/// the declared one (checked) or dynamic.
struct WindowCoefficients {
  double a0, a1, a2;
};

template <const WindowCoefficients &C>
static LogicalResult importWindow(ImportContext &ic) {
  FailureOr<Value> size = ic.input(0);
  if (failed(size))
    return failure();
  auto st = cast<RankedTensorType>(size->getType());
  if (!st.hasStaticShape() || st.getNumElements() != 1 || !st.getElementType().isSignlessInteger())
    return ic.emitError() << "'size' must be one integer, not " << st;
  FailureOr<Type> outType = convertElementType(ic.getContext(), ic.getInt("output_datatype", 1),
                                               "output_datatype", ic.getLoc());
  if (failed(outType))
    return failure();
  bool periodic = ic.getInt("periodic", 1) != 0;
  MLIRContext *ctx = ic.getContext();
  OpBuilder &b = ic.getBuilder();
  Location loc = ic.getLoc();
  Type f32 = Float32Type::get(ctx), i64 = IntegerType::get(ctx, 64);
  // The scalar size as i64 and index.
  Value sz = tensor::ExtractOp::create(
      b, loc, *size, SmallVector<Value>(st.getRank(), arith::ConstantIndexOp::create(b, loc, 0)));
  if (sz.getType() != i64)
    sz = arith::ExtSIOp::create(b, loc, i64, sz);
  sz = arith::MaxSIOp::create(b, loc, sz, arith::ConstantIntOp::create(b, loc, 0, 64));
  RankedTensorType declared = ic.declaredResultType(0);
  int64_t len = declared && declared.getRank() == 1 ? declared.getDimSize(0) : ShapedType::kDynamic;
  Value count = ShapedType::isDynamic(len)
                    ? arith::IndexCastOp::create(b, loc, b.getIndexType(), sz).getResult()
                    : arith::ConstantIndexOp::create(b, loc, len).getResult();
  DecompositionBuilder d(ic);
  V n = ic.createTyped<RangeOp>(RankedTensorType::get({len}, i64), ic.scalar(i64, 0),
                                ic.scalar(i64, 1), count);
  if (!ShapedType::isDynamic(len)) {
    Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, sz,
                                     arith::ConstantIntOp::create(b, loc, len, 64));
    Value okT = tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({}, b.getI1Type()), ValueRange{ok});
    if (failed(n) || failed(n = checked(ic, okT, *n,
                                        "'size' is not the declared length " + Twine(len))))
      return failure();
  }
  // 2π / N as a 0-d f32 tensor.
  Value denom = periodic ? sz
                         : arith::SubIOp::create(b, loc, sz,
                                                 arith::ConstantIntOp::create(b, loc, 1, 64))
                               .getResult();
  Value step = arith::DivFOp::create(
      b, loc, arith::ConstantFloatOp::create(b, loc, cast<FloatType>(f32), APFloat(float(2 * M_PI))),
      arith::SIToFPOp::create(b, loc, f32, denom));
  Value stepT = tensor::FromElementsOp::create(b, loc, RankedTensorType::get({}, f32),
                                               ValueRange{step});
  V angle = d.mul(d.cast(n, f32), stepT);
  V w = d.rsubS(C.a0, d.mulS(d.unary<CosOp>(angle), C.a1));
  if (C.a2 != 0)
    w = d.add(w, d.mulS(d.unary<CosOp>(d.mulS(angle, 2.0)), C.a2));
  if (*outType != f32)
    w = d.cast(w, *outType);
  if (failed(w))
    return failure();
  ic.setResult(0, *w);
  return success();
}

static constexpr WindowCoefficients kHann{0.5, 0.5, 0.0};
static constexpr WindowCoefficients kHamming{25.0 / 46.0, 21.0 / 46.0, 0.0};
static constexpr WindowCoefficients kBlackman{0.42, 0.5, 0.08};

/// MelWeightMatrix as ONNX's reference computes it, on a [S, M] grid in f64:
/// M + 2 mel points evenly spaced between the edges' mels, back to hertz and
/// to spectrogram bins `floor((dft_length + 1) * hz / sample_rate)`; column
/// i rises from bin l = b[i] to c = b[i+1] ((j - l) / (c - l), or 1 at j = c
/// when l = c) and falls from c to h = b[i+2] ((h - j) / (h - c), j < h).
/// The inputs may be run-time scalars; the output's shape is the declared
/// one ([dft_length / 2 + 1, num_mel_bins]), checked against them.
static LogicalResult importMelWeightMatrix(ImportContext &ic) {
  FailureOr<SmallVector<Value>> in = ic.inputs(5);
  if (failed(in))
    return failure();
  for (Value v : *in)
    if (ShapedType::getNumElements(shapeOf(v)) != 1 || ShapedType::isDynamicShape(shapeOf(v)))
      return ic.emitError() << "expects scalar inputs";
  FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "num_mel_bins");
  if (failed(declared))
    return failure();
  if (declared->getRank() != 2)
    return ic.emitError() << "the declared output must be 2-D";
  int64_t bins = declared->getDimSize(0), mels = declared->getDimSize(1);
  DecompositionBuilder b(ic);
  Type f64 = Float64Type::get(ic.getContext()), i64 = IntegerType::get(ic.getContext(), 64);
  auto scalar = [&](Value v, Type t) { return b.reshape(b.cast(v, t), {}); };
  DecompositionBuilder::V nmb = scalar((*in)[0], i64), dft = scalar((*in)[1], i64);
  DecompositionBuilder::V rate = scalar((*in)[2], f64), lo = scalar((*in)[3], f64),
                          hi = scalar((*in)[4], f64);
  // 2595 * log10(1 + f / 700) and back.
  auto toMel = [&](DecompositionBuilder::V hz) {
    return b.mulS(b.unary<LogOp>(b.addS(b.mulS(hz, 1.0 / 700.0), 1.0)), 2595.0 / std::log(10.0));
  };
  DecompositionBuilder::V lowMel = toMel(lo), highMel = toMel(hi);
  DecompositionBuilder::V step = b.mulS(b.sub(highMel, lowMel), 1.0 / (mels + 2));
  DecompositionBuilder::V points =
      b.add(b.mul(b.cast(b.iota(mels + 2, {mels + 2}), f64), step), lowMel);
  DecompositionBuilder::V hz =
      b.mulS(b.subS(b.unary<ExpOp>(b.mulS(points, std::log(10.0) / 2595.0)), 1.0), 700.0);
  DecompositionBuilder::V edges =
      b.floor(b.div(b.mul(b.addS(b.cast(dft, f64), 1.0), hz), rate));
  auto column = [&](int64_t first) { return b.reshape(b.sliceDim(edges, 0, first, first + mels), {1, mels}); };
  DecompositionBuilder::V l = column(0), c = column(1), h = column(2);
  DecompositionBuilder::V j = b.cast(b.iota(bins, {bins, 1}), f64);
  DecompositionBuilder::V zero = b.scalarLike(j, 0.0), one = b.scalarLike(j, 1.0);
  auto safe = [&](DecompositionBuilder::V d) { return b.select(b.eq(d, zero), one, d); };
  DecompositionBuilder::V rising =
      b.select(b.eq(c, l), b.select(b.eq(j, c), one, zero),
               b.select(b.logicalAnd(b.le(l, j), b.le(j, c)),
                        b.div(b.sub(j, l), safe(b.sub(c, l))), zero));
  DecompositionBuilder::V falling = b.logicalAnd(b.lt(c, h), b.logicalAnd(b.le(c, j), b.lt(j, h)));
  DecompositionBuilder::V out =
      b.cast(b.select(falling, b.div(b.sub(h, j), safe(b.sub(h, c))), rising),
             declared->getElementType());
  // The declared shape must be the inputs' one.
  DecompositionBuilder::V ok = b.logicalAnd(
      b.eq(nmb, b.scalarLike(nmb, mels)),
      b.eq(b.add(b.div(dft, b.scalarLike(dft, 2)), b.scalarLike(dft, 1)),
           b.scalarLike(dft, bins)));
  if (failed(ok) || failed(out))
    return failure();
  FailureOr<Value> r = checked(ic, *ok, *out,
                               "num_mel_bins and dft_length of MelWeightMatrix do not give "
                               "the declared output shape");
  if (failed(r))
    return failure();
  ic.setResult(0, *r);
  return success();
}

void mlir::aicc::onnx_import::registerSpectralOps(OpRegistry &r) {
  r["MelWeightMatrix"] = importMelWeightMatrix;
  r["DFT"] = importDFT;
  r["STFT"] = importSTFT;
  r["HannWindow"] = importWindow<kHann>;
  r["HammingWindow"] = importWindow<kHamming>;
  r["BlackmanWindow"] = importWindow<kBlackman>;
}

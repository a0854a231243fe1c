//===- SamplingOps.cpp - GridSample as gathers of weighted taps ------------===//
//
// AffineGrid builds the grids it reads: a constant table of normalised
// homogeneous coordinates times theta^T.
//
// GridSample follows ONNX's reference (PyTorch's grid_sampler): each output
// point's normalised grid coordinate (x, y[, z], i.e. the spatial dims in
// reverse) is denormalised per spatial dim, rounded (nearest), and mapped
// back into the input by the padding mode when it leaves the border
// ([-0.5, S-0.5], or [0, S-1] with align_corners). The interpolation is the
// tensor product of per-dim taps: one (nearest), two (linear: 1-t, t) or four
// (cubic: Keys with a = -0.75) around floor(x). Each combination of taps is
// one gather_elements of the input flattened to [N, C, prod(S)] at the
// flattened tap index, scaled by the product of the tap weights; taps that
// leave the input read index 0 with weight 0 (zeros), the clamped index
// (border) or the reflected one (reflection).
//
//===----------------------------------------------------------------------===//
#include "DecompositionBuilder.h"

using namespace mlir;
using namespace mlir::aicc;
using namespace mlir::aicc::onnx_import;

using V = DecompositionBuilder::V;

namespace {
enum class SampleMode { Nearest, Linear, Cubic };
enum class PaddingMode { Zeros, Border, Reflection };

/// One tap along one spatial dim: its index (an integral float) and weight.
struct Tap {
  Value index, weight;
};

/// The per-dim state of one GridSample node.
class GridSampler {
public:
  GridSampler(DecompositionBuilder &b, PaddingMode padding, bool alignCorners)
      : b(b), padding(padding), alignCorners(alignCorners) {}

  /// ONNX's _gs_reflect: folds `x` into [lo, hi] by reflecting at the
  /// nearer border as often as needed.
  DecompositionBuilder::V reflect(Value x, double lo, double hi) {
    double range = hi - lo;
    if (range <= 0)
      return b.splat(elementTypeOf(x), shapeOf(x), lo);
    auto below = b.ltS(x, lo), above = b.gtS(x, hi);
    auto dx = b.select(below, b.rsubS(lo, x),
                       b.select(above, b.subS(x, hi), b.splat(elementTypeOf(x), shapeOf(x), 0.0)));
    auto n = b.floor(b.mulS(dx, 1.0 / range));
    auto r = b.sub(dx, b.mulS(n, range));
    auto half = b.floor(b.mulS(n, 0.5));
    auto even = b.eq(n, b.mulS(half, 2.0));
    auto fromLo = b.addS(r, lo), fromHi = b.rsubS(hi, r);
    return b.select(below, b.select(even, fromLo, fromHi),
                    b.select(above, b.select(even, fromHi, fromLo), x));
  }

  /// The input coordinate of the normalised grid values `g` along a dim of
  /// size `size`, after rounding and the padding mode's border handling.
  DecompositionBuilder::V coordinate(Value g, int64_t size, SampleMode mode) {
    double s = size;
    auto x = alignCorners ? b.mulS(b.addS(g, 1.0), 0.5 * (s - 1))
                          : b.mulS(b.subS(b.mulS(b.addS(g, 1.0), s), 1.0), 0.5);
    if (mode == SampleMode::Nearest)
      x = b.round(x);
    if (failed(x) || padding == PaddingMode::Zeros)
      return x;
    auto [lo, hi] = borders(size);
    if (padding == PaddingMode::Reflection)
      return reflect(*x, lo, hi);
    auto outside = b.logicalOr(b.ltS(x, lo), b.gtS(x, hi));
    return b.select(outside, b.clip(x, 0.0, s - 1), x);
  }

  /// The taps around coordinate `x` along a dim of size `size`, their
  /// indices already made valid by the padding mode (zeros: weight 0).
  FailureOr<SmallVector<Tap>> taps(Value x, int64_t size, SampleMode mode) {
    SmallVector<std::pair<int64_t, DecompositionBuilder::V>> raw;
    if (mode == SampleMode::Nearest) {
      raw.push_back({0, b.splat(elementTypeOf(x), shapeOf(x), 1.0)});
    } else {
      auto x0 = b.floor(x);
      auto t = b.sub(x, x0);
      if (mode == SampleMode::Linear) {
        raw.push_back({0, b.rsubS(1.0, t)});
        raw.push_back({1, t});
      } else {
        // Keys' cubic convolution with a = -0.75 at distances t+1, t, 1-t, 2-t.
        double a = -0.75;
        auto outer = [&](DecompositionBuilder::V d) {
          return b.addS(b.mul(b.addS(b.mul(b.subS(b.mulS(d, a), 5 * a), d), 8 * a), d), -4 * a);
        };
        auto inner = [&](DecompositionBuilder::V d) {
          return b.addS(b.mul(b.mul(b.subS(b.mulS(d, a + 2), a + 3), d), d), 1.0);
        };
        raw.push_back({-1, outer(b.addS(t, 1.0))});
        raw.push_back({0, inner(t)});
        raw.push_back({1, inner(b.rsubS(1.0, t))});
        raw.push_back({2, outer(b.rsubS(2.0, t))});
      }
      if (failed(x0))
        return failure();
      x = *x0;
    }
    SmallVector<Tap> result;
    for (auto &[offset, weight] : raw) {
      auto index = offset ? b.addS(x, offset) : DecompositionBuilder::V(x);
      FailureOr<Tap> tap = fetch(index, weight, size);
      if (failed(tap))
        return failure();
      result.push_back(*tap);
    }
    return result;
  }

private:
  std::pair<double, double> borders(int64_t size) const {
    return alignCorners ? std::make_pair(0.0, size - 1.0) : std::make_pair(-0.5, size - 0.5);
  }

  /// ONNX's _pixel_at_array: where a tap at `index` reads.
  FailureOr<Tap> fetch(DecompositionBuilder::V index, DecompositionBuilder::V weight,
                       int64_t size) {
    double last = size - 1;
    if (failed(index))
      return failure();
    if (padding == PaddingMode::Zeros) {
      auto inside = b.logicalAnd(b.gtS(index, -1.0), b.ltS(index, size));
      weight = b.mul(weight, b.cast(inside, elementTypeOf(*index)));
    } else if (padding == PaddingMode::Reflection) {
      auto [lo, hi] = borders(size);
      index = reflect(*index, lo, hi);
    }
    index = b.clip(index, 0.0, last);
    if (failed(index) || failed(weight))
      return failure();
    return Tap{*index, *weight};
  }

  DecompositionBuilder &b;
  PaddingMode padding;
  bool alignCorners;
};
} // namespace

static LogicalResult importGridSample(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), grid = ic.input(1);
  if (failed(x) || failed(grid))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x), gs = shapeOf(*grid);
  int64_t rank = xs.size() - 2;
  if (xs.size() < 3 || gs.size() != xs.size() || gs[0] != xs[0] || gs.back() != rank)
    return ic.emitError() << "grid of shape [" << gs << "] does not match an input of shape ["
                          << xs << "]: expected [N, D1.., " << rank << "]";
  if (ic.getOpset() < 20 && rank != 2)
    return ic.emitError() << "GridSample before opset 20 takes 4-d inputs, got " << xs.size()
                          << "-d";
  if (llvm::any_of(xs.drop_front(2), [](int64_t d) { return d <= 0; }))
    return ic.emitError() << "GridSample needs static, non-empty spatial dims, got ["
                          << xs << "]";
  Type et = elementTypeOf(*x), gt = elementTypeOf(*grid);
  if (!isa<FloatType>(et) || !isa<FloatType>(gt))
    return ic.emitError() << "GridSample of " << et << " on a " << gt
                          << " grid is not supported (float only)";

  bool legacy = ic.getOpset() < 20;
  std::string modeName = ic.getString("mode", legacy ? "bilinear" : "linear");
  SampleMode mode;
  if (modeName == "nearest")
    mode = SampleMode::Nearest;
  else if (modeName == (legacy ? "bilinear" : "linear"))
    mode = SampleMode::Linear;
  else if (modeName == (legacy ? "bicubic" : "cubic"))
    mode = SampleMode::Cubic;
  else
    return ic.emitError() << "attribute 'mode' value '" << modeName
                          << "' is not supported at opset " << ic.getOpset();
  std::string padName = ic.getString("padding_mode", "zeros");
  PaddingMode padding;
  if (padName == "zeros")
    padding = PaddingMode::Zeros;
  else if (padName == "border")
    padding = PaddingMode::Border;
  else if (padName == "reflection")
    padding = PaddingMode::Reflection;
  else
    return ic.emitError() << "attribute 'padding_mode' value '" << padName
                          << "' is not supported";
  bool alignCorners = ic.getInt("align_corners", 0) != 0;

  DecompositionBuilder b(ic);
  int64_t n = xs[0], c = xs[1];
  ArrayRef<int64_t> spatial = xs.drop_front(2), outSpatial = gs.drop_front().drop_back();
  int64_t q = productOf(outSpatial), p = productOf(spatial);
  auto points = b.reshape(*grid, {n, q, rank});
  GridSampler sampler(b, padding, alignCorners);
  // Taps per spatial dim; dim i reads grid component rank-1-i.
  SmallVector<SmallVector<Tap>> taps;
  for (int64_t i = 0; i < rank; ++i) {
    auto g = b.reshape(b.sliceDim(points, 2, rank - 1 - i, rank - i), {n, 1, q});
    if (failed(g))
      return failure();
    auto coord = sampler.coordinate(*g, spatial[i], mode);
    if (failed(coord))
      return failure();
    FailureOr<SmallVector<Tap>> t = sampler.taps(*coord, spatial[i], mode);
    if (failed(t))
      return failure();
    taps.push_back(std::move(*t));
  }

  auto flat = b.reshape(*x, {n, c, p});
  Type i64 = IntegerType::get(ic.getContext(), 64);
  DecompositionBuilder::V sum = failure();
  bool first = true;
  SmallVector<size_t> pick(rank, 0);
  while (true) {
    // One combination of taps: flattened index and product of weights.
    DecompositionBuilder::V index = failure(), weight = failure();
    int64_t stride = p;
    for (int64_t i = 0; i < rank; ++i) {
      stride /= spatial[i];
      const Tap &tap = taps[i][pick[i]];
      auto scaled = stride == 1 ? DecompositionBuilder::V(tap.index) : b.mulS(tap.index, stride);
      index = i == 0 ? scaled : b.add(index, scaled);
      weight = i == 0 ? DecompositionBuilder::V(tap.weight) : b.mul(weight, tap.weight);
    }
    auto gathered = b.gatherElements(flat, b.expand(b.cast(index, i64), {n, c, q}), 2);
    auto term = b.mul(gathered, b.cast(weight, et));
    sum = first ? term : b.add(sum, term);
    first = false;
    if (failed(sum))
      return failure();
    int64_t d = rank - 1;
    while (d >= 0 && ++pick[d] == taps[d].size())
      pick[d--] = 0;
    if (d < 0)
      break;
  }
  SmallVector<int64_t> outShape{n, c};
  outShape.append(outSpatial.begin(), outSpatial.end());
  auto y = b.reshape(sum, outShape);
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

namespace {
/// One bilinear tap along one dim of RoiAlign: index and weight, [R, J].
struct RoiTap {
  DecompositionBuilder::V index, weight;
};
} // namespace

/// The sample coordinates of every roi along one dim, [R, out * grid]:
/// start + bin * (p + (i + 0.5) / grid), and their two bilinear taps as
/// ONNX's reference clamps them (valid: inside [-1, size]).
static SmallVector<RoiTap> roiTaps(DecompositionBuilder &b, DecompositionBuilder::V start,
                                   DecompositionBuilder::V extent, int64_t out, int64_t grid,
                                   int64_t size, Type et, DecompositionBuilder::V &valid) {
  ImportContext &ic = b.context();
  SmallVector<Attribute> offsets;
  for (int64_t p = 0; p < out; ++p)
    for (int64_t i = 0; i < grid; ++i)
      offsets.push_back(FloatAttr::get(et, p + (i + 0.5) / grid));
  Value c = ic.constant(
      DenseElementsAttr::get(RankedTensorType::get({1, out * grid}, et), offsets));
  auto bin = b.mulS(extent, 1.0 / out);
  auto y = b.add(start, b.mul(bin, c));
  valid = b.logicalAnd(b.logicalNot(b.ltS(y, -1.0)), b.logicalNot(b.gtS(y, (double)size)));
  y = b.max(y, b.scalarLike(y, 0.0));
  auto low = b.floor(y);
  auto atEnd = b.logicalNot(b.ltS(low, size - 1.0));
  double last = size - 1.0;
  low = b.select(atEnd, b.scalarLike(low, last), low);
  y = b.select(atEnd, b.scalarLike(y, last), y);
  auto high = b.select(atEnd, low, b.addS(low, 1.0));
  auto ly = b.sub(y, low);
  return {RoiTap{low, b.rsubS(1.0, ly)}, RoiTap{high, ly}};
}

static LogicalResult importRoiAlign(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), rois = ic.input(1), batchIdx = ic.input(2);
  if (failed(x) || failed(rois) || failed(batchIdx))
    return failure();
  ArrayRef<int64_t> xs = shapeOf(*x), rs = shapeOf(*rois);
  Type et = elementTypeOf(*x);
  if (xs.size() != 4 || rs.size() != 2 || rs[1] != 4 || shapeOf(*batchIdx).size() != 1 ||
      shapeOf(*batchIdx)[0] != rs[0] || !isa<FloatType>(et))
    return ic.emitError() << "expects a float X [N, C, H, W], rois [R, 4] and batch_indices [R]";
  std::string mode = ic.getString("mode", "avg");
  if (mode != "avg" && mode != "max")
    return ic.emitError() << "attribute 'mode' value '" << mode << "' is not supported";
  std::string ctm = ic.getString("coordinate_transformation_mode",
                                 ic.getOpset() < 16 ? "output_half_pixel" : "half_pixel");
  if (ctm != "half_pixel" && ctm != "output_half_pixel")
    return ic.emitError() << "attribute 'coordinate_transformation_mode' value '" << ctm
                          << "' is not supported";
  bool halfPixel = ctm == "half_pixel";
  int64_t outH = ic.getInt("output_height", 1), outW = ic.getInt("output_width", 1);
  int64_t ratio = ic.getInt("sampling_ratio", 0);
  double scale = ic.getFloat("spatial_scale", 1.0);
  if (ratio <= 0)
    return ic.emitError() << "attribute 'sampling_ratio' value " << ratio
                          << " (adaptive: the sample count depends on the run-time rois) is "
                             "not supported";
  if (outH < 1 || outW < 1)
    return ic.emitError() << "'output_height' and 'output_width' must be positive";
  int64_t r = rs[0], c = xs[1], h = xs[2], w = xs[3];
  DecompositionBuilder b(ic);
  auto rois2 = b.cast(*rois, et);
  auto coord = [&](int64_t col) {
    return b.subS(b.mulS(b.sliceDim(rois2, 1, col, col + 1), scale), halfPixel ? 0.5 : 0.0);
  };
  auto x0 = coord(0), y0 = coord(1), x1 = coord(2), y1 = coord(3);
  auto width = b.sub(x1, x0), height = b.sub(y1, y0);
  if (!halfPixel) {
    width = b.max(width, b.scalarLike(width, 1.0));
    height = b.max(height, b.scalarLike(height, 1.0));
  }
  DecompositionBuilder::V validY = failure(), validX = failure();
  SmallVector<RoiTap> ty = roiTaps(b, y0, height, outH, ratio, h, et, validY);
  SmallVector<RoiTap> tx = roiTaps(b, x0, width, outW, ratio, w, et, validX);
  int64_t jh = outH * ratio, jw = outW * ratio, q = jh * jw;
  auto valid = b.cast(b.logicalAnd(b.reshape(validY, {r, jh, 1}), b.reshape(validX, {r, 1, jw})),
                      et);
  mlir::Builder mb(ic.getContext());
  auto perRoi = b.reshape(ic.create<GatherOp>(*x, *batchIdx, mb.getI64IntegerAttr(0)),
                          {r, c, h * w});
  Type i64 = IntegerType::get(ic.getContext(), 64);
  DecompositionBuilder::V acc = failure();
  bool first = true;
  for (const RoiTap &yt : ty)
    for (const RoiTap &xt : tx) {
      auto index = b.add(b.reshape(b.mulS(yt.index, (double)w), {r, jh, 1}),
                         b.reshape(xt.index, {r, 1, jw}));
      auto weight = b.mul(b.mul(b.reshape(yt.weight, {r, jh, 1}), b.reshape(xt.weight, {r, 1, jw})),
                          valid);
      auto gathered = b.gatherElements(
          perRoi, b.expand(b.reshape(b.cast(index, i64), {r, 1, q}), {r, c, q}), 2);
      auto term = b.mul(gathered, b.reshape(weight, {r, 1, q}));
      acc = first ? term : mode == "avg" ? b.add(acc, term) : b.max(acc, term);
      first = false;
    }
  auto grid = b.reshape(acc, {r, c, outH, ratio, outW, ratio});
  if (failed(grid))
    return failure();
  DecompositionBuilder::V y =
      mode == "avg"
          ? b.mulS(ic.create<ReduceSumOp>(*grid, ArrayRef<int64_t>{3, 5}, false),
                   1.0 / (double)(ratio * ratio))
          : DecompositionBuilder::V(ic.create<ReduceMaxOp>(*grid, ArrayRef<int64_t>{3, 5}, false));
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// DeformConv (2-d) as ONNX's reference computes it: every kernel tap of
/// every output point samples the input bilinearly (zero outside, i.e.
/// GridSample with align_corners and zeros padding) at its regular position
/// plus the offset of its offset group, times the mask; the sampled columns
/// [N, G, C/G * K, P] then multiply the weight per convolution group.
static LogicalResult importDeformConv(ImportContext &ic) {
  FailureOr<Value> x = ic.input(0), w = ic.input(1), offset = ic.input(2);
  if (failed(x) || failed(w) || failed(offset))
    return failure();
  Value bias = ic.optionalInput(3), mask = ic.optionalInput(4);
  ArrayRef<int64_t> xs = shapeOf(*x), ws = shapeOf(*w), os = shapeOf(*offset);
  Type et = elementTypeOf(*x);
  if (xs.size() != 4 || ws.size() != 4 || os.size() != 4 || !isa<FloatType>(et))
    return ic.emitError() << "DeformConv supports float 2-d inputs [N, C, H, W] only";
  int64_t n = xs[0], c = xs[1], h = xs[2], wd = xs[3], m = ws[0];
  int64_t group = ic.getInt("group", 1), og = ic.getInt("offset_group", 1);
  SmallVector<int64_t> kernel =
      ic.getInts("kernel_shape").value_or(SmallVector<int64_t>{ws[2], ws[3]});
  SmallVector<int64_t> strides = ic.getInts("strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dil = ic.getInts("dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads = ic.getInts("pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
  int64_t kh = kernel[0], kw = kernel[1], k = kh * kw, oh = os[2], ow = os[3], p = oh * ow;
  if (group < 1 || og < 1 || c % group || m % group || c % og || ws[1] * group != c ||
      kernel.size() != 2 || ws[2] != kh || ws[3] != kw || os[0] != n || os[1] != og * k * 2)
    return ic.emitError() << "inconsistent DeformConv shapes: X [" << xs << "], W [" << ws
                          << "], offset [" << os << "]";
  for (int64_t d = 0; d < 2; ++d) {
    int64_t span = (kernel[d] - 1) * dil[d] + 1;
    if ((xs[d + 2] + pads[d] + pads[d + 2] - span) / strides[d] + 1 != os[d + 2])
      return ic.emitError() << "the offset's output extent " << os[d + 2]
                            << " does not match the window along dim " << d;
  }
  DecompositionBuilder b(ic);
  GridSampler sampler(b, PaddingMode::Zeros, /*alignCorners=*/true);
  int64_t q = k * p, cg = c / og;
  // Regular sampling positions per (kernel tap, output point), [1, 1, K*P].
  auto positions = [&](int64_t d) {
    SmallVector<Attribute> v;
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j)
        for (int64_t a = 0; a < oh; ++a)
          for (int64_t bb = 0; bb < ow; ++bb) {
            int64_t pos = d == 0 ? -pads[0] + strides[0] * a + i * dil[0]
                                 : -pads[1] + strides[1] * bb + j * dil[1];
            v.push_back(FloatAttr::get(et, (double)pos));
          }
    return ic.constant(DenseElementsAttr::get(RankedTensorType::get({1, 1, q}, et), v));
  };
  auto off = b.reshape(*offset, {n, og, k, 2, p});
  SmallVector<SmallVector<Tap>> taps;
  for (int64_t d = 0; d < 2; ++d) {
    auto coord = b.add(V(positions(d)),
                       b.reshape(b.sliceDim(off, 3, d, d + 1), {n, og, q}));
    if (failed(coord))
      return failure();
    FailureOr<SmallVector<Tap>> t =
        sampler.taps(*coord, d == 0 ? h : wd, SampleMode::Linear);
    if (failed(t))
      return failure();
    taps.push_back(std::move(*t));
  }
  auto planes = b.reshape(*x, {n, og, cg, h * wd});
  Type i64 = IntegerType::get(ic.getContext(), 64);
  V cols = failure();
  bool first = true;
  for (const Tap &ty : taps[0])
    for (const Tap &tx : taps[1]) {
      auto index = b.add(b.mulS(ty.index, (double)wd), tx.index);
      auto gathered = b.gatherElements(
          planes, b.expand(b.reshape(b.cast(index, i64), {n, og, 1, q}), {n, og, cg, q}), 3);
      auto term = b.mul(gathered, b.reshape(b.mul(ty.weight, tx.weight), {n, og, 1, q}));
      cols = first ? term : b.add(cols, term);
      first = false;
    }
  if (mask)
    cols = b.mul(cols, b.reshape(mask, {n, og, 1, q}));
  // [N, C, K, P] -> per convolution group [N, G, C/G * K, P].
  int64_t cpg = c / group, mpg = m / group;
  auto colsG = b.reshape(cols, {n, group, cpg * k, p});
  auto wG = b.expand(b.reshape(*w, {1, group, mpg, cpg * k}), {n, group, mpg, cpg * k});
  auto y = b.reshape(b.binary<MatMulOp>(wG, colsG), {n, m, oh, ow});
  if (bias)
    y = b.add(y, b.reshape(bias, {m, 1, 1}));
  if (failed(y))
    return failure();
  ic.setResult(0, *y);
  return success();
}

/// AffineGrid, the grids GridSample reads: the normalised coordinates of
/// every output point as homogeneous rows (x, y[, z], 1), a constant
/// [points, k + 1] table, times theta^T. The spatial sizes come from a
/// constant `size`, or from the declared output with `size` checked.
static LogicalResult importAffineGrid(ImportContext &ic) {
  FailureOr<Value> theta = ic.input(0), size = ic.input(1);
  if (failed(theta) || failed(size))
    return failure();
  ArrayRef<int64_t> ts = shapeOf(*theta);
  if (ts.size() != 3 || (ts[1] != 2 && ts[1] != 3) || ts[2] != ts[1] + 1)
    return ic.emitError() << "expects theta of shape [N, 2, 3] or [N, 3, 4]";
  int64_t k = ts[1];
  SmallVector<int64_t> spatial;
  Value check;
  if (auto c = ic.getConstInts(1)) {
    if ((int64_t)c->size() != k + 2)
      return ic.emitError() << "'size' must hold " << k + 2 << " values";
    spatial.assign(c->begin() + 2, c->end());
  } else {
    FailureOr<RankedTensorType> declared = requireDeclaredShape(ic, "size");
    FailureOr<Value> given = runtimeIntVector(ic, 1, "size");
    if (failed(declared) || failed(given))
      return failure();
    if (declared->getRank() != k + 2 || shapeOf(*given)[0] != k + 2)
      return ic.emitError() << "the declared grid or 'size' does not match theta";
    spatial.assign(declared->getShape().begin() + 1, declared->getShape().end() - 1);
    DecompositionBuilder d(ic);
    FailureOr<Value> ok = allEqualConst(ic, *d.sliceDim(*given, 0, 2, k + 2), spatial);
    if (failed(ok))
      return failure();
    check = *ok;
  }
  bool alignCorners = ic.getInt("align_corners", 0) != 0;
  auto coord = [&](int64_t i, int64_t n) {
    return alignCorners ? (n > 1 ? -1.0 + 2.0 * i / (n - 1) : -1.0) : -1.0 + (2.0 * i + 1) / n;
  };
  // Rows in row-major order of the spatial dims; x is the last dim.
  int64_t points = 1;
  for (int64_t n : spatial)
    points *= n;
  SmallVector<double> table;
  for (int64_t p = 0; p < points; ++p) {
    SmallVector<int64_t> idx(k);
    for (int64_t rest = p, d = k - 1; d >= 0; --d) {
      idx[d] = rest % spatial[d];
      rest /= spatial[d];
    }
    for (int64_t d = k - 1; d >= 0; --d)
      table.push_back(coord(idx[d], spatial[d]));
    table.push_back(1.0);
  }
  Type et = elementTypeOf(*theta);
  DecompositionBuilder d(ic);
  SmallVector<Attribute> vals;
  for (double v : table)
    vals.push_back(FloatAttr::get(et, v));
  Value base = ic.constant(DenseElementsAttr::get(RankedTensorType::get({points, k + 1}, et), vals));
  V grid = ic.create<MatMulOp>(base, *d.transpose(*theta, {0, 2, 1}));
  SmallVector<int64_t> outShape = {ts[0]};
  llvm::append_range(outShape, spatial);
  outShape.push_back(k);
  grid = d.reshape(grid, outShape);
  if (failed(grid) ||
      (check && failed(grid = checked(ic, check, *grid,
                                      "the 'size' input does not give the declared grid"))))
    return failure();
  ic.setResult(0, *grid);
  return success();
}

void mlir::aicc::onnx_import::registerSamplingOps(OpRegistry &r) {
  r["AffineGrid"] = importAffineGrid;
  r["GridSample"] = importGridSample;
  r["RoiAlign"] = importRoiAlign;
  r["DeformConv"] = importDeformConv;
}
